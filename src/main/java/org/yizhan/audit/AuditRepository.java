package org.yizhan.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * All SQL on the global audit trail ({@code audit_event}): the listing, and the row that region, demand
 * and token writes add inside their own transaction (station writes insert theirs in their own
 * statements). Values are always bound as {@code $n}.
 */
public final class AuditRepository {

    /** The columns {@link #event(Row)} reads, from {@code audit_event a}. */
    public static final String EVENT_COLUMNS = """
            a.id, a.at, iso_utc(a.at) AS at_utc, a.actor, a.action, a.station_id, a.subject, a.before, a.after,
            a.details""";

    private static final String INSERT = """
            INSERT INTO audit_event (actor, action, subject, details) VALUES ($1, $2, $3, $4::jsonb)""";

    /**
     * The optional filters of the listing in the one order {@link #listSql(Query)} and {@link #bind(Query)}
     * share ({@code %1$d}, {@code %2$d}: their parameter numbers). Each combination present is its own
     * statement text, so every prepared statement has a plan for its own filters (no "$n IS NULL OR").
     * The action filter is not a predicate: see {@link #ANY_ACTION}.
     */
    private static final String[] FILTERS = {
        "a.actor = $%1$d",
        null,
        "a.at >= $%1$d::timestamptz",
        "a.at < $%1$d::timestamptz",
        "(a.at, a.id) < ($%1$d::timestamptz, $%2$d::bigint)",
    };

    private static final int ACTION = 1;

    private static final String NEWEST = """
            SELECT %s
            FROM audit_event a
            WHERE %s
            ORDER BY a.at DESC, a.id DESC
            LIMIT $1""";

    /**
     * Any of some actions: the newest page of each action, each from the (action, at, id) index, merged.
     * A plain "action = ANY(...)" would walk the (at, id) index and filter, past every station event, to
     * find a rare action such as token_issue.
     */
    private static final String ANY_ACTION = """
            SELECT %s
            FROM unnest($%d::text[]) AS f(action)
            CROSS JOIN LATERAL (
                SELECT * FROM audit_event a
                WHERE a.action = f.action AND %s
                ORDER BY a.at DESC, a.id DESC
                LIMIT $1) a
            ORDER BY a.at DESC, a.id DESC
            LIMIT $1""";

    private static final String[] LIST = new String[1 << FILTERS.length];

    static {
        for (int shape = 0; shape < LIST.length; shape++) {
            StringBuilder where = new StringBuilder("true");
            int actions = 0;
            int n = 2;
            for (int i = 0; i < FILTERS.length; i++) {
                if ((shape & (1 << i)) == 0) {
                    continue;
                }
                if (i == ACTION) {
                    actions = n++;
                    continue;
                }
                where.append("\n  AND ").append(FILTERS[i].formatted(n, n + 1));
                n += i == FILTERS.length - 1 ? 2 : 1;
            }
            LIST[shape] = actions == 0
                    ? NEWEST.formatted(EVENT_COLUMNS, where)
                    : ANY_ACTION.formatted(EVENT_COLUMNS, actions, where);
        }
    }

    private final Pool pool;

    public AuditRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * A listing request: each filter null (or empty) when absent; {@code to} is exclusive;
     * {@code after} is the last event of the previous page, or null for the first.
     */
    public record Query(String actor, List<String> actions, Instant from, Instant to, Position after, int limit) {}

    /** Where a page ends: the (at, id) of its last event, at to the microsecond. */
    public record Position(Instant at, long id) {}

    /** One page: events newest first, and the position of the last one when another page follows. */
    public record Page(List<JsonObject> events, Position next) {}

    /** Newest first, then by id (the events of one transaction share their {@code at}). */
    public Future<Page> list(Query q) {
        return pool.preparedQuery(listSql(q)).execute(bind(q)).map(rows -> {
            List<JsonObject> events = new ArrayList<>(rows.size());
            Position last = null;
            for (Row r : rows) {
                if (events.size() == q.limit()) {
                    return new Page(events, last);
                }
                events.add(event(r));
                last = new Position(r.getOffsetDateTime("at").toInstant(), r.getLong("id"));
            }
            return new Page(events, null);
        });
    }

    /** The listing statement for this query's filters (plan tests may read it). */
    public static String listSql(Query q) {
        int shape = 0;
        Object[] present = {q.actor(), q.actions().isEmpty() ? null : q.actions(), q.from(), q.to(), q.after()};
        for (int i = 0; i < present.length; i++) {
            if (present[i] != null) {
                shape |= 1 << i;
            }
        }
        return LIST[shape];
    }

    private static Tuple bind(Query q) {
        // One row more than the page, to know whether another page follows.
        Tuple t = Tuple.of(q.limit() + 1);
        if (q.actor() != null) {
            t.addString(q.actor());
        }
        if (!q.actions().isEmpty()) {
            t.addArrayOfString(q.actions().toArray(String[]::new));
        }
        if (q.from() != null) {
            t.addOffsetDateTime(utc(q.from()));
        }
        if (q.to() != null) {
            t.addOffsetDateTime(utc(q.to()));
        }
        if (q.after() != null) {
            t.addOffsetDateTime(utc(q.after().at())).addLong(q.after().id());
        }
        return t;
    }

    /**
     * Adds one event that names no station, on the caller's connection, so that it commits or rolls
     * back with the write it records. {@code details} is a summary, never bulk data or a secret.
     */
    public static Future<Void> record(SqlClient conn, String actor, String action, String subject, JsonObject details) {
        return conn.preparedQuery(INSERT)
                .execute(Tuple.of(actor, action, subject, details))
                .mapEmpty();
    }

    /** An event as the API shows it, from a row of {@link #EVENT_COLUMNS}. */
    public static JsonObject event(Row r) {
        return new JsonObject()
                .put("id", r.getLong("id"))
                .put("at", r.getString("at_utc"))
                .put("actor", r.getString("actor"))
                .put("action", r.getString("action"))
                .put("station_id", r.getLong("station_id"))
                .put("subject", r.getString("subject"))
                .put("before", r.getValue("before"))
                .put("after", r.getValue("after"))
                .put("details", r.getValue("details"));
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
