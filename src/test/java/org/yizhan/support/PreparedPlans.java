package org.yizhan.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.yizhan.stations.StationFilter;
import org.yizhan.stations.StationFilterSql;

/**
 * One connection made with the server's own options (so, with its {@code plan_cache_mode}), on which a
 * statement is prepared and run as the server runs it, and {@code EXPLAIN (FORMAT JSON) EXECUTE} then
 * shows the plan every further execution gets. Close it after use.
 */
public final class PreparedPlans implements AutoCloseable {

    private final Pool pool;
    private final SqlConnection conn;

    public PreparedPlans() {
        pool = PgBuilder.pool()
                .connectingTo(TestApp.get().database().connectOptions(60_000))
                .with(new PoolOptions().setMaxSize(1))
                .using(TestApp.get().vertx())
                .build();
        conn = TestApp.await(pool.getConnection());
    }

    /** The top plan node of the statement's next execution, after {@code executions} runs with {@code args}. */
    public JsonObject explain(String sql, Tuple args, int executions) {
        for (int i = 0; i < executions; i++) {
            TestApp.await(conn.preparedQuery(sql).execute(args));
        }
        var prepared = TestApp.await(conn.preparedQuery("SELECT name FROM pg_prepared_statements WHERE statement = $1")
                        .execute(Tuple.of(sql)))
                .iterator();
        if (!prepared.hasNext()) {
            throw new AssertionError("the statement (" + sql.length() + " characters) was not kept prepared:"
                    + " longer than the client's prepared statement cache SQL limit?");
        }
        String name = prepared.next().getString(0);
        List<String> literals = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            literals.add(literal(args.getValue(i)));
        }
        Row r = TestApp.await(conn.query(
                                "EXPLAIN (FORMAT JSON) EXECUTE \"" + name + "\"(" + String.join(", ", literals) + ")")
                        .execute())
                .iterator()
                .next();
        Object v = r.getValue(0);
        JsonArray json = v instanceof JsonArray a ? a : new JsonArray(v.toString());
        return json.getJsonObject(0).getJsonObject("Plan");
    }

    /**
     * A SQL literal of a bound value, untyped so that it takes the parameter's type: bytea as hex, arrays
     * with their strings quoted (a null element stays NULL).
     */
    public static String literal(Object v) {
        String s;
        if (v instanceof Buffer b) {
            s = "\\x" + HexFormat.of().formatHex(b.getBytes());
        } else if (v instanceof Object[] array) {
            List<String> parts = new ArrayList<>();
            for (Object o : array) {
                parts.add(o instanceof String str ? "\"" + str + "\"" : String.valueOf(o));
            }
            s = "{" + String.join(",", parts) + "}";
        } else {
            s = String.valueOf(v);
        }
        return "'" + s.replace("'", "''") + "'";
    }

    /**
     * Every combination of station filters the server sends to the database, with common values (a
     * generic plan does not depend on them). Contradictions (a category with vehicle types, say) are
     * answered without a query and left out.
     */
    public static List<StationFilter> everyFilterShape() {
        List<StationFilter> out = new ArrayList<>();
        for (int shape = 0; shape < StationFilterSql.SHAPES; shape++) {
            if ((shape & 96) == 96) {
                continue; // has_discount is true or false, not both
            }
            StationFilter f = StationFilterSql.ofShape(
                    shape,
                    List.of("rest_station", "parking", "meal"),
                    List.of("union_station", "party_service_center"),
                    List.of("drinking_water"),
                    List.of("open", "temporarily_closed"),
                    List.of("ebike", "car"));
            if (!f.matchesNothing()) {
                out.add(f);
            }
        }
        return out;
    }

    /** The nodes of a plan, depth first. */
    public static List<JsonObject> nodes(JsonObject plan) {
        List<JsonObject> out = new ArrayList<>();
        out.add(plan);
        JsonArray children = plan.getJsonArray("Plans");
        if (children != null) {
            for (int i = 0; i < children.size(); i++) {
                out.addAll(nodes(children.getJsonObject(i)));
            }
        }
        return out;
    }

    /**
     * At least one read of the table, and every one through the index: an index scan on it, or a bitmap
     * heap scan whose bitmaps all come from it. No sequential scan.
     */
    public static boolean readsOnlyThrough(JsonObject plan, String table, String index) {
        List<JsonObject> scans = nodes(plan).stream()
                .filter(n -> table.equals(n.getString("Relation Name")))
                .toList();
        return !scans.isEmpty()
                && scans.stream().allMatch(n -> switch (n.getString("Node Type")) {
                    case "Index Scan", "Index Only Scan" -> index.equals(n.getString("Index Name"));
                    case "Bitmap Heap Scan" -> {
                        List<JsonObject> bitmaps = nodes(n).stream()
                                .filter(b -> "Bitmap Index Scan".equals(b.getString("Node Type")))
                                .toList();
                        yield !bitmaps.isEmpty()
                                && bitmaps.stream()
                                        .allMatch(b -> index.equals(b.getString("Index Name"))
                                                && b.getString("Index Cond") != null);
                    }
                    default -> false;
                });
    }

    /** "Aggregate > Bitmap Heap Scan on station > Bitmap Index Scan using station_geom_idx". */
    public static String summary(JsonObject plan) {
        List<String> parts = new ArrayList<>();
        for (JsonObject n : nodes(plan)) {
            StringBuilder s = new StringBuilder(n.getString("Node Type"));
            if (n.getString("Index Name") != null) {
                s.append(" using ").append(n.getString("Index Name"));
            }
            if (n.getString("Relation Name") != null) {
                s.append(" on ").append(n.getString("Relation Name"));
            }
            parts.add(s.toString());
        }
        return String.join(" > ", parts);
    }

    @Override
    public void close() {
        TestApp.await(conn.close());
        TestApp.await(pool.close());
    }
}
