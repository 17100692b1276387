package org.yizhan.stations;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * Station rows as read on request paths, and their GeoJSON Feature built in Java.
 *
 * <p>The Feature is the same, member for member and in the same order, as the SQL function
 * {@code station_feature(station)} (sql/V1), which the audit trail and the writes' answers use;
 * StationRowsTest holds the two together. Reads build it here because PostgreSQL's JSON functions
 * cost about 0.1 ms per station (a type lookup per value, {@code to_char} per timestamp): ten
 * winners took more database time than the nearest search itself (bench/nearest.sh).
 */
public final class StationRows {

    /** The select list {@link #feature(Row)} reads, over alias {@code s}. */
    public static final String COLUMNS = """
            s.id, s.external_id, s.kind, s.category, s.name, s.address, s.district_code, s.scene, s.amenities,
            s.opening_hours, s.access, s.capacity, s.vehicle_types, s.rider_discount, s.status, s.status_reason,
            s.operator, s.phone, s.demo, s.last_verified_at, s.verified_by, s.created_at, s.updated_at, s.version, ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat""";

    /** As {@code iso_utc()} writes: UTC, whole seconds (truncated), a literal Z. */
    private static final DateTimeFormatter ISO_UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

    private StationRows() {}

    /** The station's Feature (WGS 84) from a row with {@link #COLUMNS}. */
    public static JsonObject feature(Row r) {
        long id = r.getLong("id");
        JsonObject props = new JsonObject()
                .put("id", id)
                .put("external_id", r.getString("external_id"))
                .put("kind", r.getString("kind"))
                .put("category", r.getString("category"))
                .put("name", r.getString("name"))
                .put("address", r.getString("address"))
                .put("district_code", r.getString("district_code"))
                .put("scene", r.getString("scene"))
                .put("amenities", strings(r.getArrayOfStrings("amenities")))
                .put("opening_hours", r.getString("opening_hours"))
                .put("access", r.getString("access"))
                .put("capacity", r.getInteger("capacity"))
                .put("vehicle_types", strings(r.getArrayOfStrings("vehicle_types")))
                .put("rider_discount", r.getString("rider_discount"))
                .put("status", r.getString("status"))
                .put("status_reason", r.getString("status_reason"))
                .put("operator", r.getString("operator"))
                .put("phone", r.getString("phone"))
                .put("demo", r.getBoolean("demo"))
                .put("last_verified_at", isoUtc(r.getOffsetDateTime("last_verified_at")))
                .put("verified_by", r.getString("verified_by"))
                .put("created_at", isoUtc(r.getOffsetDateTime("created_at")))
                .put("updated_at", isoUtc(r.getOffsetDateTime("updated_at")))
                .put("version", r.getInteger("version"));
        JsonObject geometry = new JsonObject()
                .put("type", "Point")
                .put("coordinates", new JsonArray().add(r.getDouble("lon")).add(r.getDouble("lat")));
        return new JsonObject()
                .put("type", "Feature")
                .put("id", id)
                .put("geometry", geometry)
                .put("properties", props);
    }

    private static JsonArray strings(String[] values) {
        return values == null ? null : new JsonArray(new ArrayList<>(Arrays.asList((Object[]) values)));
    }

    private static String isoUtc(OffsetDateTime t) {
        return t == null
                ? null
                : ISO_UTC.format(t.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
    }
}
