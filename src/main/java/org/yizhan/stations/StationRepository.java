package org.yizhan.stations;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.yizhan.audit.AuditRepository;
import org.yizhan.db.JsonColumns;
import org.yizhan.db.StatementTimeouts;
import org.yizhan.db.Statistics;
import org.yizhan.http.ApiException;

/**
 * All SQL on stations and their audit trail. Every write is one statement (data-modifying CTEs) or one
 * transaction, and writes its {@code audit_event} rows inside it. Values are always bound as {@code $n}.
 * Stations are returned as GeoJSON Features in WGS 84, built by the SQL function {@code station_feature}.
 */
public final class StationRepository {

    /** SQLSTATE 23505: unique violation (here: external_id already used). */
    private static final String UNIQUE_VIOLATION = "23505";
    /** SQLSTATE 23514: check violation; the validator should have caught it first. */
    private static final String CHECK_VIOLATION = "23514";

    /** Column definitions for {@code jsonb_to_record(set)} over {@link StationInput#toRecord(int)}. */
    static final String INPUT_COLUMNS = """
            ord int, external_id text, kind text, category text, name text, address text, district_code text,
            scene text, amenities text[], opening_hours text, access text, capacity int, vehicle_types text[],
            rider_discount text, status text, status_reason text, operator text, phone text, demo boolean,
            last_verified_at timestamptz, verified_by text, lon float8, lat float8""";

    private static final String COLUMNS = """
            external_id, kind, category, name, address, district_code, scene, amenities, opening_hours, access,
            capacity, vehicle_types, rider_discount, status, status_reason, operator, phone, demo, last_verified_at,
            verified_by, geom""";

    private static final String VALUES_FROM_R = """
            r.external_id, r.kind, r.category, r.name, r.address, r.district_code, r.scene, r.amenities,
            r.opening_hours, r.access, r.capacity, r.vehicle_types, r.rider_discount, r.status, r.status_reason,
            r.operator, r.phone, r.demo, r.last_verified_at, r.verified_by, ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326)""";

    private static final String SET_FROM_R = """
            external_id = r.external_id, kind = r.kind, category = r.category, name = r.name,
            address = r.address, district_code = r.district_code, scene = r.scene, amenities = r.amenities,
            opening_hours = r.opening_hours, access = r.access, capacity = r.capacity,
            vehicle_types = r.vehicle_types, rider_discount = r.rider_discount, status = r.status,
            status_reason = r.status_reason, operator = r.operator, phone = r.phone, demo = r.demo,
            last_verified_at = r.last_verified_at, verified_by = r.verified_by, geom = ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326)""";

    private static final String FIND =
            "SELECT " + StationRows.COLUMNS + " FROM station s WHERE s.id = $1 AND s.deleted_at IS NULL";

    private static final String INSERT = """
            WITH ins AS (
                INSERT INTO station (%s)
                SELECT %s FROM jsonb_to_record($1::jsonb) AS r(%s)
                RETURNING id, station_feature(station.*) AS feature
            ), aud AS (
                INSERT INTO audit_event (actor, action, station_id, after)
                SELECT $2, 'create', ins.id, ins.feature::jsonb FROM ins
            )
            SELECT feature FROM ins""".formatted(COLUMNS, VALUES_FROM_R, INPUT_COLUMNS);

    /**
     * Replace under an expected version. The row lock in {@code cur} serialises two writers: the second
     * sees the first one's version and updates nothing. Returns no row (unknown id) or one row with the
     * version found and, when it matched, the new feature.
     */
    private static final String REPLACE = """
            WITH cur AS (
                SELECT s.id, s.version, station_feature(s) AS before
                FROM station s WHERE s.id = $1 AND s.deleted_at IS NULL FOR UPDATE
            ), upd AS (
                UPDATE station s SET %s, version = s.version + 1, updated_at = now()
                FROM cur, jsonb_to_record($2::jsonb) AS r(%s)
                WHERE s.id = cur.id AND ($3::int IS NULL OR cur.version = $3)
                RETURNING s.id, station_feature(s.*) AS feature
            ), aud AS (
                INSERT INTO audit_event (actor, action, station_id, subject, before, after)
                SELECT $4, $5, upd.id, $6, cur.before::jsonb, upd.feature::jsonb FROM upd, cur
            )
            SELECT cur.version AS found_version, upd.feature FROM cur LEFT JOIN upd ON true""".formatted(SET_FROM_R, INPUT_COLUMNS);

    private static final String DELETE = """
            WITH cur AS (
                SELECT s.id, s.version, station_feature(s) AS before
                FROM station s WHERE s.id = $1 AND s.deleted_at IS NULL FOR UPDATE
            ), upd AS (
                UPDATE station s SET deleted_at = now(), updated_at = now(), version = s.version + 1
                FROM cur WHERE s.id = cur.id AND ($2::int IS NULL OR cur.version = $2)
                RETURNING s.id, station_feature(s.*) AS feature
            ), aud AS (
                INSERT INTO audit_event (actor, action, station_id, before, after)
                SELECT $3, 'delete', upd.id, cur.before::jsonb, upd.feature::jsonb FROM upd, cur
            )
            SELECT cur.version AS found_version, upd.feature FROM cur LEFT JOIN upd ON true""";

    /**
     * One text with a bbox and one without, and one per filter shape, rather than "$n IS NULL OR ...": a
     * prepared statement's generic plan cannot serve both a whole-table walk and a small box well. With a
     * bbox the geometry index finds the rows and only those are sorted by id; without, the primary key
     * gives id order.
     */
    private static final FilteredSql LIST_ALL = new FilteredSql(f -> list(StationFilterSql.predicate(f, 3), ""));

    private static final FilteredSql LIST_BBOX = new FilteredSql(
            f -> list(StationFilterSql.predicate(f, 7), "AND s.geom && ST_MakeEnvelope($3, $4, $5, $6, 4326)"));

    private static String list(String filterPredicate, String bboxPredicate) {
        return """
            SELECT %s
            FROM station s
            WHERE %s
              AND s.id > $1
              %s
            ORDER BY s.id
            LIMIT $2""".formatted(StationRows.COLUMNS, filterPredicate, bboxPredicate);
    }

    /** The listing statement a request with this filter runs (plan-shape tests read it). */
    public static String listSql(StationFilter filter, boolean withBbox) {
        return (withBbox ? LIST_BBOX : LIST_ALL).text(filter);
    }

    /** The one-station read. */
    public static String findSql() {
        return FIND;
    }

    /** The upsert of one import batch ($1 the batch as jsonb, $2 the actor; plan-shape tests read it). */
    public static String importBatchSql() {
        return UPSERT_BATCH;
    }

    /**
     * Upsert by external_id for one import batch, with one audit row per station. Rows without an
     * external_id are always inserted. A soft-deleted station named again is revived.
     */
    private static final String UPSERT_BATCH = """
            WITH input AS (
                SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(%1$s)
            ), old AS (
                -- No FOR UPDATE: it would skip rows that "up" changes in this same statement.
                -- ON CONFLICT DO UPDATE takes the row locks.
                -- One index probe per row whatever the statistics say: an autovacuum ANALYZE that runs
                -- while an import is open sees none of its rows, and the planner, told the table is
                -- empty, read the whole external_id index into a hash for every batch (a 100,000-row
                -- import took 4 times as long, and timed out on a loaded machine). LIMIT 1 keeps the
                -- subquery a per-row lookup; external_id is unique.
                SELECT s.id, s.before
                FROM input i CROSS JOIN LATERAL (
                    SELECT st.id, station_feature(st) AS before FROM station st
                    WHERE st.external_id = i.external_id LIMIT 1) s
            ), up AS (
                INSERT INTO station AS t (%2$s)
                SELECT %3$s FROM input r ORDER BY r.ord
                ON CONFLICT (external_id) WHERE external_id IS NOT NULL DO UPDATE SET
                    kind = EXCLUDED.kind, category = EXCLUDED.category, name = EXCLUDED.name,
                    address = EXCLUDED.address, district_code = EXCLUDED.district_code, scene = EXCLUDED.scene,
                    amenities = EXCLUDED.amenities, opening_hours = EXCLUDED.opening_hours,
                    access = EXCLUDED.access, capacity = EXCLUDED.capacity, vehicle_types = EXCLUDED.vehicle_types,
                    rider_discount = EXCLUDED.rider_discount, status = EXCLUDED.status,
                    status_reason = EXCLUDED.status_reason, operator = EXCLUDED.operator, phone = EXCLUDED.phone,
                    demo = EXCLUDED.demo, last_verified_at = EXCLUDED.last_verified_at,
                    verified_by = EXCLUDED.verified_by, geom = EXCLUDED.geom,
                    version = t.version + 1, updated_at = now(), deleted_at = NULL
                -- A row that changes nothing keeps its version, updated_at and audit trail, so that
                -- re-importing the same file is a no-op and editors see no spurious 412s.
                WHERE t.deleted_at IS NOT NULL
                   OR (t.kind, t.category, t.name, t.address, t.district_code, t.scene, t.amenities,
                       t.opening_hours, t.access, t.capacity, t.vehicle_types, t.rider_discount, t.status,
                       t.status_reason, t.operator, t.phone, t.demo, t.last_verified_at, t.verified_by, t.geom)
                      IS DISTINCT FROM
                      (EXCLUDED.kind, EXCLUDED.category, EXCLUDED.name, EXCLUDED.address, EXCLUDED.district_code,
                       EXCLUDED.scene, EXCLUDED.amenities, EXCLUDED.opening_hours, EXCLUDED.access,
                       EXCLUDED.capacity, EXCLUDED.vehicle_types, EXCLUDED.rider_discount, EXCLUDED.status,
                       EXCLUDED.status_reason, EXCLUDED.operator, EXCLUDED.phone, EXCLUDED.demo,
                       EXCLUDED.last_verified_at, EXCLUDED.verified_by, EXCLUDED.geom)
                RETURNING t.id, (xmax = 0) AS inserted, station_feature(t.*) AS feature
            ), aud AS (
                INSERT INTO audit_event (actor, action, station_id, before, after)
                SELECT $2, CASE WHEN up.inserted THEN 'import_insert' ELSE 'import_update' END,
                       up.id, old.before::jsonb, up.feature::jsonb
                FROM up LEFT JOIN old ON old.id = up.id
            )
            SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated
            FROM up""".formatted(INPUT_COLUMNS, COLUMNS, VALUES_FROM_R);

    private static final String EXISTS_EVER = "SELECT EXISTS (SELECT 1 FROM station WHERE id = $1) AS present";

    private static final String AUDIT_FOR_STATION = """
            SELECT %s
            FROM audit_event a WHERE a.station_id = $1 ORDER BY a.id DESC LIMIT $2""".formatted(AuditRepository.EVENT_COLUMNS);

    /**
     * The name key of {@link StationChecks#nameKey}, in SQL: NFKC (full-width letters and the ideographic
     * space become ASCII), ASCII white space removed, ASCII letters lower-cased. Both sides must agree.
     */
    static final String NAME_KEY_SQL = """
            translate(regexp_replace(normalize(%s, NFKC), '[ \\t\\n\\v\\f\\r]', '', 'g'),
                      'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')""";

    /**
     * Live stations near each candidate that look like the same place: the same kind within
     * {@code $7} m, or the same name key within {@code $8} m (geodesic, through the geography index). A
     * station is never its own duplicate: one with the candidate's external_id (the row an import would
     * update) is left out.
     */
    private static final String DUPLICATES = """
            WITH c AS (
                SELECT * FROM unnest($1::int[], $2::float8[], $3::float8[], $4::text[], $5::text[], $6::text[])
                    AS c(ord, lon, lat, kind, name_key, external_id)
            ), p AS (
                SELECT c.*, ST_SetSRID(ST_MakePoint(c.lon, c.lat), 4326)::geography AS pt FROM c
            )
            SELECT p.ord, s.id, s.name, s.kind, s.status, s.kind = p.kind AS same_kind, %1$s = p.name_key AS same_name,
                   ST_Distance(s.geog, p.pt) AS distance_m
            FROM p
            JOIN station s ON ST_DWithin(s.geog, p.pt, $8)
            WHERE s.deleted_at IS NULL
              AND (p.external_id IS NULL OR s.external_id IS DISTINCT FROM p.external_id)
              AND ((s.kind = p.kind AND ST_DWithin(s.geog, p.pt, $7)) OR %1$s = p.name_key)
            ORDER BY p.ord, distance_m, s.id""".formatted(NAME_KEY_SQL.formatted("s.name"));

    /**
     * District codes that the loaded regions contradict: the code's city (its first four digits) has
     * districts in the region table and the code is none of the region codes. City- and province-level
     * codes (ending in 00) and codes of cities whose districts are not loaded pass.
     */
    private static final String UNKNOWN_DISTRICTS = """
            SELECT c.code
            FROM (SELECT DISTINCT unnest($1::text[]) AS code) c
            WHERE right(c.code, 2) <> '00'
              AND EXISTS (SELECT 1 FROM region r WHERE r.level = 'district' AND length(r.code) = 6
                          AND left(r.code, 4) = left(c.code, 4))
              AND NOT EXISTS (SELECT 1 FROM region r WHERE r.code = c.code)""";

    private final Pool pool;

    public StationRepository(Pool pool) {
        this.pool = pool;
    }

    /** The station as a Feature, or null when unknown or deleted. */
    public Future<JsonObject> find(long id) {
        return pool.preparedQuery(FIND)
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0
                        ? null
                        : StationRows.feature(rows.iterator().next()));
    }

    /** Inserts a station and its audit row. 409 when external_id is taken. */
    public Future<JsonObject> insert(StationInput in, String actor) {
        return pool.preparedQuery(INSERT)
                .execute(Tuple.of(in.toRecord(0), actor))
                .map(StationRepository::firstFeature)
                .recover(StationRepository::mapConstraintError);
    }

    /**
     * Replaces every client-owned field when the stored version equals {@code expectedVersion}
     * (null: any version, for {@code If-Match: *}). 404 unknown, 412 stale, 409 external_id taken.
     */
    public Future<JsonObject> replace(long id, Integer expectedVersion, StationInput in, String actor, String action) {
        return replace(pool, id, expectedVersion, in, actor, action, null);
    }

    /**
     * {@link #replace(long, Integer, StationInput, String, String)} on the caller's connection (so that it
     * commits with the caller's other writes), its audit row naming {@code subject} (e.g. {@code report:12})
     * when not null. {@code action} is one of the station actions of {@link org.yizhan.audit.AuditActions}.
     */
    public Future<JsonObject> replace(
            SqlClient client,
            long id,
            Integer expectedVersion,
            StationInput in,
            String actor,
            String action,
            String subject) {
        return client.preparedQuery(REPLACE)
                .execute(Tuple.of(id, in.toRecord(0), expectedVersion, actor, action, subject))
                .map(rows -> versionedResult(rows, id, expectedVersion))
                .recover(StationRepository::mapConstraintError);
    }

    /** Soft-deletes under an expected version; the row stays for the audit trail. */
    public Future<JsonObject> delete(long id, Integer expectedVersion, String actor) {
        return pool.preparedQuery(DELETE)
                .execute(Tuple.of(id, expectedVersion, actor))
                .map(rows -> versionedResult(rows, id, expectedVersion));
    }

    /** One page in id order: up to {@code limit} features with id greater than {@code afterId}. */
    public Future<List<JsonObject>> list(StationFilter filter, double[] bbox, long afterId, int limit) {
        Tuple t = Tuple.of(afterId, limit);
        if (bbox != null) {
            t.addDouble(bbox[0]).addDouble(bbox[1]).addDouble(bbox[2]).addDouble(bbox[3]);
        }
        StationFilterSql.bind(filter, t);
        return pool.preparedQuery(listSql(filter, bbox != null)).execute(t).map(rows -> {
            List<JsonObject> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(StationRows.feature(r));
            }
            return out;
        });
    }

    /** Newest first: who changed the station, when, and how; deleted stations keep theirs. 404 for unknown ids. */
    public Future<JsonArray> audit(long id, int limit) {
        return pool.preparedQuery(EXISTS_EVER)
                .execute(Tuple.of(id))
                .compose(ex -> {
                    if (!ex.iterator().next().getBoolean("present")) {
                        return Future.failedFuture(ApiException.notFound("station " + id + " does not exist"));
                    }
                    return pool.preparedQuery(AUDIT_FOR_STATION).execute(Tuple.of(id, limit));
                })
                .map(rows -> {
                    JsonArray out = new JsonArray();
                    for (Row r : rows) {
                        out.add(AuditRepository.event(r));
                    }
                    return out;
                });
    }

    /** The duplicates statement (plan-shape tests read it). */
    public static String duplicatesSql() {
        return DUPLICATES;
    }

    /**
     * Stations that look like each candidate (see {@link #DUPLICATES}), nearest first per candidate.
     *
     * @param sameKindM the radius for "same kind", metres
     * @param sameNameM the radius for "same name", metres; at least {@code sameKindM}
     */
    Future<List<StationChecks.Match>> duplicates(
            List<StationChecks.Candidate> candidates, double sameKindM, double sameNameM) {
        // In chunks, one after the other: 100,000 candidates in one statement ran past the statement
        // timeout once the table held 300,000 stations (bench/tiles.sh), and a chunk keeps each short.
        List<StationChecks.Match> out = new ArrayList<>();
        Future<List<StationChecks.Match>> chain = Future.succeededFuture(out);
        for (int from = 0; from < candidates.size(); from += DUPLICATE_CHUNK) {
            List<StationChecks.Candidate> chunk =
                    candidates.subList(from, Math.min(candidates.size(), from + DUPLICATE_CHUNK));
            chain = chain.compose(
                    acc -> duplicateChunk(chunk, sameKindM, sameNameM).map(found -> {
                        acc.addAll(found);
                        return acc;
                    }));
        }
        return chain;
    }

    /** Candidates per duplicate query (about 0.2 s each against 200,000 stations). */
    private static final int DUPLICATE_CHUNK = 2_000;

    private Future<List<StationChecks.Match>> duplicateChunk(
            List<StationChecks.Candidate> candidates, double sameKindM, double sameNameM) {
        int n = candidates.size();
        Integer[] ord = new Integer[n];
        Double[] lon = new Double[n];
        Double[] lat = new Double[n];
        String[] kind = new String[n];
        String[] nameKey = new String[n];
        String[] externalId = new String[n];
        for (int i = 0; i < n; i++) {
            StationChecks.Candidate c = candidates.get(i);
            ord[i] = c.index();
            lon[i] = c.lon();
            lat[i] = c.lat();
            kind[i] = c.kind();
            nameKey[i] = c.nameKey();
            externalId[i] = c.externalId();
        }
        return pool.preparedQuery(DUPLICATES)
                .execute(Tuple.of(ord, lon, lat, kind, nameKey, externalId, sameKindM, sameNameM))
                .map(rows -> {
                    List<StationChecks.Match> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        out.add(new StationChecks.Match(
                                r.getInteger("ord"),
                                r.getLong("id"),
                                null,
                                r.getString("name"),
                                r.getString("kind"),
                                r.getString("status"),
                                r.getBoolean("same_kind"),
                                r.getBoolean("same_name"),
                                r.getDouble("distance_m")));
                    }
                    return out;
                });
    }

    private static final String LIVE_EXTERNAL_IDS = """
            SELECT external_id FROM station WHERE external_id = ANY($1::text[]) AND deleted_at IS NULL""";

    /** The live-external-id statement (plan-shape tests read it). */
    public static String liveExternalIdsSql() {
        return LIVE_EXTERNAL_IDS;
    }

    /** The external_ids among {@code ids} that name a live station (the rows an import would update). */
    Future<Set<String>> liveExternalIds(Set<String> ids) {
        return stringsOf(LIVE_EXTERNAL_IDS, ids, "external_id");
    }

    /** The district codes among {@code codes} that the loaded regions contradict (see {@link #UNKNOWN_DISTRICTS}). */
    Future<Set<String>> unknownDistricts(Set<String> codes) {
        return stringsOf(UNKNOWN_DISTRICTS, codes, "code");
    }

    private Future<Set<String>> stringsOf(String sql, Set<String> values, String column) {
        if (values.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        return pool.preparedQuery(sql)
                .execute(Tuple.of(values.toArray(new String[0])))
                .map(rows -> {
                    Set<String> out = new HashSet<>();
                    rows.forEach(r -> out.add(r.getString(column)));
                    return out;
                });
    }

    private static final String CUSTOM_PLANS = "SET LOCAL plan_cache_mode = force_custom_plan";

    /**
     * Upserts validated stations in one transaction, in batches, and returns {inserted, updated,
     * unchanged}; then analyses the table when the import wrote enough rows ({@link Statistics}).
     * The caller has rejected duplicate external_ids within the import.
     */
    public Future<int[]> importAll(List<StationInput> inputs, List<Integer> ords, String actor, int batchSize) {
        return pool.withTransaction(conn -> {
                    // The table grows under the import, batch by batch: a generic plan made for the first batch
                    // (an empty table) would keep a sequential scan for the external_id lookup of every later one
                    // (a 100,000-row import into a truncated table timed out at its 40th batch). Each batch is
                    // planned afresh for the table as it is.
                    Future<int[]> chain = conn.query(CUSTOM_PLANS)
                            .execute()
                            // An import batch of 2,000 rows takes about 0.3 s, but on a loaded machine one ran past the
                            // request
                            // paths' 10 s bound and failed a whole 100,000-row import: imports are their own class.
                            .compose(r -> StatementTimeouts.forImport(conn))
                            .map(r -> new int[3]);
                    for (int from = 0; from < inputs.size(); from += batchSize) {
                        int start = from;
                        int end = Math.min(inputs.size(), from + batchSize);
                        chain = chain.compose(totals -> {
                            JsonArray batch = new JsonArray();
                            for (int i = start; i < end; i++) {
                                batch.add(inputs.get(i).toRecord(ords.get(i)));
                            }
                            return conn.preparedQuery(UPSERT_BATCH)
                                    .execute(Tuple.of(batch, actor))
                                    .map(rows -> {
                                        Row r = rows.iterator().next();
                                        int inserted = r.getLong("inserted").intValue();
                                        int updated = r.getLong("updated").intValue();
                                        totals[0] += inserted;
                                        totals[1] += updated;
                                        totals[2] += (end - start) - inserted - updated;
                                        return totals;
                                    });
                        });
                    }
                    return chain;
                })
                .recover(StationRepository::mapConstraintError)
                .compose(totals -> Statistics.refreshAfter(pool, "station", totals[0] + totals[1], totals));
    }

    private static JsonObject versionedResult(RowSet<Row> rows, long id, Integer expected) {
        if (rows.size() == 0) {
            throw ApiException.notFound("station " + id + " does not exist");
        }
        Row r = rows.iterator().next();
        Object feature = r.getValue("feature");
        if (feature == null) {
            throw new ApiException(
                    412,
                    "precondition_failed",
                    "If-Match",
                    "station " + id + " is at version "
                            + r.getInteger("found_version") + ", not " + expected
                            + "; someone else changed it: reload it and apply your change again");
        }
        return JsonColumns.object(feature);
    }

    private static JsonObject firstFeature(RowSet<Row> rows) {
        return rows.size() == 0
                ? null
                : JsonColumns.object(rows.iterator().next().getValue("feature"));
    }

    private static <T> Future<T> mapConstraintError(Throwable t) {
        if (t instanceof PgException pg) {
            if (UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return Future.failedFuture(new ApiException(
                        409, "conflict", "external_id", "external_id is already used by another station"));
            }
            if (CHECK_VIOLATION.equals(pg.getSqlState())) {
                return Future.failedFuture(
                        ApiException.invalid(constraintField(pg), "value violates rule " + pg.getConstraint()));
            }
        }
        return Future.failedFuture(t);
    }

    /** station_name_len → name; the constraint names follow the property names on purpose. */
    private static String constraintField(PgException pg) {
        String c = pg.getConstraint();
        if (c == null || !c.startsWith("station_")) {
            return null;
        }
        return c.substring("station_".length()).replaceAll("_len$", "");
    }
}
