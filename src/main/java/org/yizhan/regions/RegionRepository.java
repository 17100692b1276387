package org.yizhan.regions;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.locationtech.jts.io.WKBWriter;
import org.yizhan.audit.AuditActions;
import org.yizhan.audit.AuditRepository;
import org.yizhan.db.StatementTimeouts;
import org.yizhan.http.ApiException;

/** All SQL on regions. Geometries travel as WKB; areas are geodesic ({@code ST_Area(geography)}). */
public final class RegionRepository {

    /** The select list {@link #feature(Row)} reads (with a {@code geometry} column), over {@code region r LEFT JOIN region p ON p.id = r.parent_id}. */
    public static final String COLUMNS = """
            r.id, r.code, r.name, r.level, r.parent_id, p.code AS parent_code, r.approximate, r.area_km2""";

    private static final String LIST = """
            SELECT %s, CASE WHEN $3 THEN ST_AsGeoJSON(r.geom, 6)::json END AS geometry
            FROM region r LEFT JOIN region p ON p.id = r.parent_id
            WHERE ($1::text IS NULL OR r.level = $1)
              AND ($2::text IS NULL OR r.parent_id = (
                  SELECT q.id FROM region q WHERE q.code = $2 OR q.id::text = $2 ORDER BY (q.code = $2) DESC LIMIT 1))
            ORDER BY r.level, r.code
            LIMIT 1000""".formatted(COLUMNS);

    /** By code first (codes such as 310000 are digits too), then by id. */
    private static final String FIND = """
            SELECT %s, CASE WHEN $2 THEN ST_AsGeoJSON(r.geom, 6)::json END AS geometry
            FROM region r LEFT JOIN region p ON p.id = r.parent_id
            WHERE r.code = $1 OR r.id::text = $1
            ORDER BY (r.code = $1) DESC
            LIMIT 1""".formatted(COLUMNS);

    private static final String UPSERT = """
            INSERT INTO region AS t (code, name, level, parent_id, approximate, geom, area_km2)
            SELECT $1, $2, $3, (SELECT id FROM region WHERE code = $4), $5, x.g, ST_Area(x.g::geography) / 1e6
            FROM (SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_GeomFromWKB($6, 4326)), 3)) AS g) x
            ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level,
                parent_id = EXCLUDED.parent_id, approximate = EXCLUDED.approximate, geom = EXCLUDED.geom,
                area_km2 = EXCLUDED.area_km2, updated_at = now()
            RETURNING t.id, (xmax = 0) AS inserted""";

    private static final String EXISTING_CODES = "SELECT code FROM region WHERE code = ANY($1)";

    private final Pool pool;

    public RegionRepository(Pool pool) {
        this.pool = pool;
    }

    public Future<JsonArray> list(String level, String parent, boolean geometry) {
        return pool.preparedQuery(LIST)
                .execute(Tuple.of(level, parent, geometry))
                .map(rows -> {
                    JsonArray out = new JsonArray();
                    rows.forEach(r -> out.add(feature(r)));
                    return out;
                });
    }

    /** The region as a Feature, or null. */
    public Future<JsonObject> find(String idOrCode, boolean geometry) {
        return pool.preparedQuery(FIND)
                .execute(Tuple.of(idOrCode, geometry))
                .map(rows -> rows.size() == 0 ? null : feature(rows.iterator().next()));
    }

    /** Which of these codes already exist. */
    public Future<List<String>> existingCodes(List<String> codes) {
        return pool.preparedQuery(EXISTING_CODES)
                .execute(Tuple.of(codes.toArray(String[]::new)))
                .map(rows -> {
                    List<String> out = new java.util.ArrayList<>();
                    rows.forEach(r -> out.add(r.getString("code")));
                    return out;
                });
    }

    /**
     * Upserts by code in one transaction, in order (so a parent may precede its children), with one
     * {@code region_import} audit row (counts and codes) in the same transaction; {inserted, updated}.
     */
    public Future<int[]> upsertAll(List<RegionInput> inputs, String actor) {
        return pool.withTransaction(conn -> {
            Future<int[]> chain = StatementTimeouts.forImport(conn).map(v -> new int[2]);
            for (RegionInput in : inputs) {
                chain = chain.compose(totals -> upsert(conn, in).map(inserted -> {
                    totals[inserted ? 0 : 1]++;
                    return totals;
                }));
            }
            if (inputs.isEmpty()) {
                return chain;
            }
            List<String> codes = inputs.stream().map(RegionInput::code).toList();
            return chain.compose(totals -> AuditRepository.record(
                            conn,
                            actor,
                            AuditActions.REGION_IMPORT,
                            subject(codes),
                            new JsonObject()
                                    .put("inserted", totals[0])
                                    .put("updated", totals[1])
                                    .put("codes", new JsonArray(codes)))
                    .map(totals));
        });
    }

    /** The codes an import wrote, comma-separated, shortened to at most 200 characters: "A, B and 12 more". */
    static String subject(List<String> codes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < codes.size(); i++) {
            String more = " and " + (codes.size() - i) + " more";
            String next = (i == 0 ? "" : ", ") + codes.get(i);
            boolean last = i == codes.size() - 1;
            if (sb.length() + next.length() + (last ? 0 : more.length()) > 200) {
                return sb.append(more).toString();
            }
            sb.append(next);
        }
        return sb.toString();
    }

    private static Future<Boolean> upsert(SqlConnection conn, RegionInput in) {
        Buffer wkb = Buffer.buffer(new WKBWriter(2).write(in.geometry()));
        return conn.preparedQuery(UPSERT)
                .execute(Tuple.of(in.code(), in.name(), in.level(), in.parentCode(), in.approximate(), wkb))
                .map(rows -> rows.iterator().next().getBoolean("inserted"));
    }

    /** A region's Feature from a row with {@link #COLUMNS} and a GeoJSON {@code geometry} column (or null). */
    public static JsonObject feature(Row r) {
        JsonObject props = new JsonObject()
                .put("id", r.getLong("id"))
                .put("code", r.getString("code"))
                .put("name", r.getString("name"))
                .put("level", r.getString("level"))
                .put("parent_id", r.getLong("parent_id"))
                .put("parent_code", r.getString("parent_code"))
                .put("approximate", r.getBoolean("approximate"))
                .put("area_km2", Math.round(r.getDouble("area_km2") * 1000) / 1000.0);
        return new JsonObject()
                .put("type", "Feature")
                .put("id", r.getLong("id"))
                .put("geometry", r.getValue("geometry"))
                .put("properties", props);
    }

    static ApiException notFound(String idOrCode) {
        return ApiException.notFound("region " + idOrCode + " does not exist");
    }
}
