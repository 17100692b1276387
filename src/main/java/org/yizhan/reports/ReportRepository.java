package org.yizhan.reports;

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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yizhan.stations.StationRows;

/**
 * All SQL on riders' reports and check-ins: one text block per statement, values bound as {@code $n}.
 * Times are the injected clock's, bound by the caller, so that tests can fix them.
 */
final class ReportRepository {

    private static final String INSERT = """
            INSERT INTO station_report (station_id, kind, status, proposed_geom, proposed_hours, amenities, comment,
                                        flags, created_at)
            SELECT s.id, $2, $3,
                   CASE WHEN $4::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($4, $5), 4326) END,
                   $6, $7::text[], $8, $9::text[], $10
            FROM station s WHERE s.id = $1 AND s.deleted_at IS NULL
            RETURNING id""";

    /** The columns {@link #report(Row)} reads, from {@code station_report r}. */
    private static final String COLUMNS = """
            r.id AS report_id, r.station_id, r.kind AS report_kind, r.status AS report_status,
            ST_X(r.proposed_geom) AS proposed_lon, ST_Y(r.proposed_geom) AS proposed_lat, r.proposed_hours,
            r.amenities AS report_amenities, r.comment, r.flags, iso_utc(r.created_at) AS created_utc,
            iso_utc(r.decided_at) AS decided_utc, r.decided_by, r.decision_reason""";

    private static final String LOCK = "SELECT " + COLUMNS + " FROM station_report r WHERE r.id = $1 FOR UPDATE";

    /** Riders' recent word on some stations: open problems by kind, and still_here counts and latest. */
    private static final String SUMMARIES = """
            SELECT station_id, kind,
                   count(*) FILTER (WHERE status = 'open') AS open_n,
                   count(*) FILTER (WHERE created_at >= $2) AS recent_n,
                   iso_utc(max(created_at)) AS last_at
            FROM station_report
            WHERE station_id = ANY($1) AND (status = 'open' OR kind = 'still_here')
            GROUP BY station_id, kind""";

    /**
     * The queue, newest first, keyset-paged on (created_at, id); optional filters in this order, each
     * present one its own statement text ({@code %1$d}, {@code %2$d}: parameter numbers).
     */
    private static final String[] QUEUE_FILTERS = {
        "r.kind = $%1$d",
        "r.station_id = $%1$d",
        "s.district_code = $%1$d",
        "(r.created_at, r.id) < ($%1$d::timestamptz, $%2$d::bigint)",
    };

    private static final String QUEUE = """
            SELECT %s, r.created_at AS report_created_at, s.deleted_at IS NOT NULL AS station_deleted, %s
            FROM station_report r JOIN station s ON s.id = r.station_id
            WHERE r.status = $1 %s
            ORDER BY r.created_at DESC, r.id DESC
            LIMIT $2""";

    /** Closes the open reports of the accepted one's kind on its station, the accepted one included. */
    private static final String CLOSE_MATCHING = """
            UPDATE station_report SET status = 'accepted', decided_at = $3, decided_by = $4, resolved_by = $5,
                   decision_reason = $6
            WHERE station_id = $1 AND kind = $2 AND status = 'open'
            RETURNING id""";

    private static final String REJECT = """
            UPDATE station_report SET status = 'rejected', decided_at = $2, decided_by = $3, decision_reason = $4
            WHERE id = $1 AND status = 'open'
            RETURNING station_id, kind""";

    private static final String STATUS_OF = "SELECT status FROM station_report WHERE id = $1";

    /** Live stations not verified since {@code $1} (never verified first), by district; closed ones left out. */
    private static final String STALE = """
            SELECT s.id, s.name, s.kind, s.status, s.district_code, iso_utc(s.last_verified_at) AS last_verified_at,
                   s.verified_by
            FROM station s
            WHERE s.deleted_at IS NULL AND s.status <> 'closed'
              AND coalesce(s.last_verified_at, '-infinity'::timestamptz) < $1
              %s
            ORDER BY s.district_code NULLS LAST, s.last_verified_at NULLS FIRST, s.id
            LIMIT $2""";

    private static final String CHECKIN = """
            INSERT INTO station_checkin (station_id, hour, n)
            SELECT s.id, $2, 1 FROM station s WHERE s.id = $1 AND s.deleted_at IS NULL
            ON CONFLICT (station_id, hour) DO UPDATE SET n = station_checkin.n + 1
            RETURNING station_id""";

    private static final String REGION =
            "SELECT id, code, name FROM region WHERE code = $1 OR id::text = $1 ORDER BY code = $1 DESC LIMIT 1";

    /**
     * Per live station in the region (not closed for good): its check-ins in [$3, $4) and the demand within
     * $2 m of it (geodesic, through the demand geography index). At most $5 stations.
     */
    private static final String UTILISATION = """
            WITH st AS (
                SELECT s.id, s.name, s.kind, s.status, s.district_code, s.geom, s.geog
                FROM station s JOIN region a ON a.id = $1
                WHERE s.deleted_at IS NULL AND s.status <> 'closed' AND ST_Intersects(s.geom, a.geom)
                ORDER BY s.id
                LIMIT $5
            )
            SELECT st.id, st.name, st.kind, st.status, st.district_code, ST_X(st.geom) AS lon, ST_Y(st.geom) AS lat,
                   coalesce((SELECT sum(c.n) FROM station_checkin c
                             WHERE c.station_id = st.id AND c.hour >= $3 AND c.hour < $4), 0) AS visits,
                   coalesce((SELECT sum(d.weight) FROM demand_point d WHERE ST_DWithin(d.geog, st.geog, $2)), 0) AS demand
            FROM st ORDER BY st.id""";

    /** A page of the queue: each item the report, its station Feature and whether the station is deleted. */
    record QueueItem(Report report, JsonObject station, boolean stationDeleted) {}

    record QueuePage(List<QueueItem> items, Instant nextAt, Long nextId) {}

    /** The queue's filters; null for absent. */
    record QueueQuery(
            String status, String kind, Long stationId, String district, Instant afterAt, Long afterId, int limit) {}

    private final Pool pool;

    ReportRepository(Pool pool) {
        this.pool = pool;
    }

    /** How many reports wait for a moderator (status open); station_report_queue_idx answers it. */
    Future<Long> openCount() {
        return pool.query("SELECT count(*) AS n FROM station_report WHERE status = 'open'")
                .execute()
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    Pool pool() {
        return pool;
    }

    /** Stores a report on a live station; its id, or null when the station is unknown or deleted. */
    Future<Long> insert(
            long stationId,
            String kind,
            Double lon,
            Double lat,
            String hours,
            List<String> amenities,
            String comment,
            List<String> flags,
            Instant at) {
        Tuple t = Tuple.of(stationId, kind, kind.equals("still_here") ? "noted" : "open", lon, lat, hours)
                .addArrayOfString(amenities == null ? null : amenities.toArray(String[]::new))
                .addString(comment)
                .addArrayOfString(flags.toArray(String[]::new))
                .addOffsetDateTime(utc(at));
        return pool.preparedQuery(INSERT)
                .execute(t)
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("id"));
    }

    /** The summary members riders' reports add to each station read, by station id. */
    Future<Map<Long, JsonObject>> summaries(List<Long> ids, Instant since) {
        return pool.preparedQuery(SUMMARIES)
                .execute(Tuple.tuple().addArrayOfLong(ids.toArray(Long[]::new)).addOffsetDateTime(utc(since)))
                .map(rows -> {
                    Map<Long, JsonObject> out = new HashMap<>();
                    for (Row r : rows) {
                        JsonObject s = out.computeIfAbsent(r.getLong("station_id"), id -> empty());
                        if (r.getString("kind").equals("still_here")) {
                            s.put("confirmations_7d", r.getLong("recent_n").intValue())
                                    .put("last_confirmed_at", r.getString("last_at"));
                        } else if (r.getLong("open_n") > 0) {
                            s.getJsonObject("open_reports")
                                    .put(
                                            r.getString("kind"),
                                            r.getLong("open_n").intValue());
                        }
                    }
                    return out;
                });
    }

    /** What a station without reports shows. */
    static JsonObject empty() {
        return new JsonObject()
                .put("confirmations_7d", 0)
                .put("last_confirmed_at", null)
                .put("open_reports", new JsonObject());
    }

    /** The queue statement for a query's filters (tests read it). */
    static String queueSql(QueueQuery q) {
        StringBuilder where = new StringBuilder();
        int n = 3;
        Object[] present = {q.kind(), q.stationId(), q.district(), q.afterAt()};
        for (int i = 0; i < present.length; i++) {
            if (present[i] != null) {
                where.append(" AND ").append(QUEUE_FILTERS[i].formatted(n, n + 1));
                n += i == 3 ? 2 : 1;
            }
        }
        return QUEUE.formatted(COLUMNS, StationRows.COLUMNS, where);
    }

    Future<QueuePage> queue(QueueQuery q) {
        Tuple t = Tuple.of(q.status(), q.limit() + 1);
        if (q.kind() != null) {
            t.addString(q.kind());
        }
        if (q.stationId() != null) {
            t.addLong(q.stationId());
        }
        if (q.district() != null) {
            t.addString(q.district());
        }
        if (q.afterAt() != null) {
            t.addOffsetDateTime(utc(q.afterAt())).addLong(q.afterId());
        }
        return pool.preparedQuery(queueSql(q)).execute(t).map(rows -> {
            List<QueueItem> items = new ArrayList<>();
            Instant lastAt = null;
            for (Row r : rows) {
                if (items.size() == q.limit()) {
                    QueueItem last = items.get(items.size() - 1);
                    return new QueuePage(items, lastAt, last.report().id());
                }
                items.add(new QueueItem(report(r), StationRows.feature(r), r.getBoolean("station_deleted")));
                lastAt = r.getOffsetDateTime("report_created_at").toInstant();
            }
            return new QueuePage(items, null, null);
        });
    }

    /** The report, locked for a decision in the caller's transaction; null when unknown. */
    Future<Report> lock(SqlClient conn, long id) {
        return conn.preparedQuery(LOCK)
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : report(rows.iterator().next()));
    }

    /** Marks the open reports of this kind on the station accepted; their ids. */
    Future<List<Long>> closeMatching(SqlClient conn, Report accepted, Instant at, String actor, String reason) {
        return conn.preparedQuery(CLOSE_MATCHING)
                .execute(Tuple.of(accepted.stationId(), accepted.kind(), utc(at), actor, accepted.id(), reason))
                .map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getLong("id")));
                    return ids;
                });
    }

    /** Rejects an open report; its station id and kind, or null when it is not open (or unknown). */
    Future<Row> reject(SqlClient conn, long id, Instant at, String actor, String reason) {
        return conn.preparedQuery(REJECT)
                .execute(Tuple.of(id, utc(at), actor, reason))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
    }

    /** The report's status, or null when unknown. */
    Future<String> status(SqlClient conn, long id) {
        return conn.preparedQuery(STATUS_OF)
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("status"));
    }

    /** Stale stations, at most {@code limit}, in one district when {@code district} is not null. */
    Future<List<JsonObject>> stale(Instant cutoff, String district, int limit) {
        Tuple t = Tuple.of(utc(cutoff), limit);
        String sql = STALE.formatted(district == null ? "" : "AND s.district_code = $3");
        if (district != null) {
            t.addString(district);
        }
        return pool.preparedQuery(sql).execute(t).map(rows -> {
            List<JsonObject> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new JsonObject()
                        .put("id", r.getLong("id"))
                        .put("name", r.getString("name"))
                        .put("kind", r.getString("kind"))
                        .put("status", r.getString("status"))
                        .put("district_code", r.getString("district_code"))
                        .put("last_verified_at", r.getString("last_verified_at"))
                        .put("verified_by", r.getString("verified_by")));
            }
            return out;
        });
    }

    /** Counts one check-in in its hour; false when the station is unknown or deleted. */
    Future<Boolean> checkin(long stationId, Instant hour) {
        return pool.preparedQuery(CHECKIN)
                .execute(Tuple.of(stationId, utc(hour)))
                .map(rows -> rows.size() > 0);
    }

    /** The region by id or code: {id, code, name}, or null. */
    Future<JsonObject> region(String idOrCode) {
        return pool.preparedQuery(REGION).execute(Tuple.of(idOrCode)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            return new JsonObject()
                    .put("id", r.getLong("id"))
                    .put("code", r.getString("code"))
                    .put("name", r.getString("name"));
        });
    }

    /** One row per station of the region: id, name, kind, status, district_code, lon, lat, visits, demand. */
    Future<List<JsonObject>> utilisation(long regionId, double radiusM, Instant from, Instant to, int maxStations) {
        return pool.preparedQuery(UTILISATION)
                .execute(Tuple.of(regionId, radiusM, utc(from), utc(to), maxStations))
                .map(rows -> {
                    List<JsonObject> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new JsonObject()
                                .put("id", r.getLong("id"))
                                .put("name", r.getString("name"))
                                .put("kind", r.getString("kind"))
                                .put("status", r.getString("status"))
                                .put("district_code", r.getString("district_code"))
                                .put("lon", r.getDouble("lon"))
                                .put("lat", r.getDouble("lat"))
                                .put("visits", ((Number) r.getValue("visits")).longValue())
                                .put("demand", ((Number) r.getValue("demand")).doubleValue()));
                    }
                    return out;
                });
    }

    private static Report report(Row r) {
        String[] amenities = r.getArrayOfStrings("report_amenities");
        return new Report(
                r.getLong("report_id"),
                r.getLong("station_id"),
                r.getString("report_kind"),
                r.getString("report_status"),
                r.getDouble("proposed_lon"),
                r.getDouble("proposed_lat"),
                r.getString("proposed_hours"),
                amenities == null ? null : Arrays.asList(amenities),
                r.getString("comment"),
                Arrays.asList(r.getArrayOfStrings("flags")),
                r.getString("created_utc"),
                r.getString("decided_utc"),
                r.getString("decided_by"),
                r.getString("decision_reason"));
    }

    private static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }
}
