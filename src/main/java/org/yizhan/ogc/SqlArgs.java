package org.yizhan.ogc;

import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Values bound to one statement, numbered {@code $1, $2, ...} in the order they are added. */
final class SqlArgs {
    private final List<Object> values = new ArrayList<>();

    /** Binds {@code value} and returns its placeholder. */
    String bind(Object value) {
        values.add(value);
        return "$" + values.size();
    }

    Tuple tuple() {
        return Tuple.from(values);
    }

    /** A copy, so that two statements can share the first values and differ after them. */
    SqlArgs copy() {
        SqlArgs c = new SqlArgs();
        c.values.addAll(values);
        return c;
    }
}
