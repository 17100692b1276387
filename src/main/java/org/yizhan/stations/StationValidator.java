package org.yizhan.stations;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.yizhan.geo.Crs;
import org.yizhan.geo.Features;
import org.yizhan.hours.InvalidOpeningHoursException;
import org.yizhan.hours.OpeningHours;
import org.yizhan.http.ApiException;

/**
 * Turns a GeoJSON Feature written by a client into a {@link StationInput}, or throws a 400
 * {@link ApiException} naming the first property at fault. The same rules serve POST, PUT, PATCH (after
 * the merge) and every row of an import. Stateless and thread-safe.
 */
public final class StationValidator {

    /** Properties the server owns: accepted in a body (a client may send back what it read) and ignored. */
    static final Set<String> READ_ONLY = Set.of(
            "id",
            "version",
            "created_at",
            "updated_at",
            "distance_m",
            "bearing_deg",
            "open_now",
            "opens_at",
            "stale",
            "confirmations_7d",
            "last_confirmed_at",
            "open_reports");

    static final Set<String> WRITABLE = Set.of(
            "external_id",
            "kind",
            "category",
            "name",
            "address",
            "district_code",
            "scene",
            "amenities",
            "opening_hours",
            "access",
            "capacity",
            "vehicle_types",
            "rider_discount",
            "status",
            "status_reason",
            "operator",
            "phone",
            "demo",
            "last_verified_at",
            "verified_by");

    private static final Pattern DISTRICT_CODE = Pattern.compile("[1-9][0-9]{5}");
    /** The first two digits of every GB/T 2260 code: the 34 provincial-level divisions. */
    static final Set<String> PROVINCES = Set.of(
            "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43",
            "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82");

    private static final Pattern PHONE = Pattern.compile("[0-9+() -]{3,40}");
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private StationValidator() {}

    /**
     * Validates a Feature whose coordinates are in {@code crs}; the result is in WGS 84.
     *
     * @throws ApiException 400 with {@code field} = the property name, {@code geometry} or {@code type}
     */
    public static StationInput fromFeature(Object body, Crs crs) {
        if (!(body instanceof JsonObject feature)) {
            throw ApiException.invalid("body", "body must be a GeoJSON Feature object");
        }
        if (!"Feature".equals(feature.getValue("type"))) {
            throw ApiException.invalid("type", "type must be \"Feature\"");
        }
        double[] given = point(feature.getValue("geometry"));
        double[] lonLat = Features.round7(crs.toWgs84(given[0], given[1]));
        Object rawProps = feature.getValue("properties");
        if (!(rawProps instanceof JsonObject p)) {
            throw ApiException.invalid("properties", "properties must be an object");
        }
        for (String name : p.fieldNames()) {
            if (!WRITABLE.contains(name) && !READ_ONLY.contains(name)) {
                throw ApiException.invalid(name, "unknown property '" + name + "'");
            }
        }

        String kind = requiredOneOf(p, "kind", Vocabulary.KINDS);
        String category = optionalOneOf(p, "category", Vocabulary.CATEGORIES);
        if (kind.equals("rest_station") && category == null) {
            throw ApiException.invalid(
                    "category",
                    "category is required for a rest_station; one of: " + String.join(", ", Vocabulary.CATEGORIES));
        }
        if (!kind.equals("rest_station") && category != null) {
            throw ApiException.invalid("category", "category applies only to kind rest_station");
        }
        String name = text(p, "name", 120);
        if (name == null) {
            throw ApiException.invalid("name", "name is required (1-120 characters)");
        }
        String districtCode = text(p, "district_code", 6);
        if (districtCode != null && !DISTRICT_CODE.matcher(districtCode).matches()) {
            throw ApiException.invalid("district_code", "district_code must be a 6-digit GB/T 2260 code, e.g. 310104");
        }
        if (districtCode != null && !PROVINCES.contains(districtCode.substring(0, 2))) {
            throw ApiException.invalid(
                    "district_code",
                    "district_code " + districtCode
                            + " names no province: its first two digits must be a GB/T 2260 province code (11-82)");
        }
        String openingHours = text(p, "opening_hours", 255);
        if (openingHours != null) {
            try {
                OpeningHours.cached(openingHours);
            } catch (InvalidOpeningHoursException e) {
                throw ApiException.invalid("opening_hours", e.getMessage());
            }
        }
        Integer capacity = integer(p, "capacity", 0, 100_000);
        List<String> vehicleTypes = optionalSet(p, "vehicle_types", Vocabulary.VEHICLE_TYPES);
        if (vehicleTypes != null && !kind.equals("parking")) {
            throw ApiException.invalid("vehicle_types", "vehicle_types applies only to kind parking");
        }
        if (vehicleTypes != null && vehicleTypes.isEmpty()) {
            vehicleTypes = null; // "no vehicle types given", as an empty CSV cell says it: one stored form
        }
        String riderDiscount = text(p, "rider_discount", 200);
        if (riderDiscount != null && !kind.equals("meal")) {
            throw ApiException.invalid("rider_discount", "rider_discount applies only to kind meal");
        }
        String status = optionalOneOf(p, "status", Vocabulary.STATUSES);
        String phone = text(p, "phone", 40);
        if (phone != null && !PHONE.matcher(phone).matches()) {
            throw ApiException.invalid("phone", "phone may hold only digits, spaces and + ( ) -, e.g. 021-64870000");
        }
        List<String> amenities = optionalSet(p, "amenities", Vocabulary.AMENITIES);
        Object demo = p.getValue("demo");
        if (demo != null && !(demo instanceof Boolean)) {
            throw ApiException.invalid("demo", "demo must be true or false");
        }
        // A reason describes a closure: an open station has none, so reopening one drops it.
        String statusReason = status == null || status.equals("open") ? null : text(p, "status_reason", 300);
        Instant lastVerifiedAt = instant(p, "last_verified_at");
        String verifiedBy = optionalOneOf(p, "verified_by", Vocabulary.VERIFIERS);
        if (verifiedBy != null && lastVerifiedAt == null) {
            throw ApiException.invalid("verified_by", "verified_by needs last_verified_at");
        }
        return new StationInput(
                text(p, "external_id", 100),
                kind,
                category,
                name,
                text(p, "address", 300),
                districtCode,
                optionalOneOf(p, "scene", Vocabulary.SCENES),
                amenities == null ? List.of() : amenities,
                openingHours,
                optionalOneOf(p, "access", Vocabulary.ACCESS),
                capacity,
                vehicleTypes,
                riderDiscount,
                status == null ? "open" : status,
                statusReason,
                text(p, "operator", 120),
                phone,
                Boolean.TRUE.equals(demo),
                lastVerifiedAt,
                lastVerifiedAt == null ? null : verifiedBy == null ? "editor" : verifiedBy,
                lonLat[0],
                lonLat[1]);
    }

    /** The {@code [lon, lat]} of a GeoJSON Point, range-checked for WGS 84 degrees; 400 naming {@code geometry}. */
    public static double[] point(Object geometry) {
        if (!(geometry instanceof JsonObject g)) {
            throw ApiException.invalid("geometry", "geometry must be a GeoJSON Point object");
        }
        if (!"Point".equals(g.getValue("type"))) {
            throw ApiException.invalid("geometry", "geometry.type must be \"Point\"");
        }
        if (!(g.getValue("coordinates") instanceof JsonArray c)
                || c.size() < 2
                || c.size() > 3
                || !(c.getValue(0) instanceof Number)
                || !(c.getValue(1) instanceof Number)
                || (c.size() == 3 && !(c.getValue(2) instanceof Number))) {
            throw ApiException.invalid(
                    "geometry", "geometry.coordinates must be [lon, lat] (an optional third value must be a number)");
        }
        double lon = ((Number) c.getValue(0)).doubleValue();
        double lat = ((Number) c.getValue(1)).doubleValue();
        if (!Double.isFinite(lon) || lon < -180 || lon > 180) {
            throw ApiException.invalid("geometry", "longitude must be between -180 and 180");
        }
        if (!Double.isFinite(lat) || lat < -90 || lat > 90) {
            throw ApiException.invalid("geometry", "latitude must be between -90 and 90");
        }
        return new double[] {lon, lat};
    }

    /** Trimmed text of 1..maxLen characters, or null when absent, null or blank. */
    private static String text(JsonObject p, String name, int maxLen) {
        return text(p, name, maxLen, false);
    }

    /**
     * Trimmed text of 1..maxLen characters (code points), or null when absent, null or blank; 400 naming
     * {@code name} when not a string, too long, or holding control characters (tabs always allowed, line
     * breaks when {@code lineBreaks}).
     */
    public static String text(JsonObject p, String name, int maxLen, boolean lineBreaks) {
        Object v = p.getValue(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw ApiException.invalid(name, name + " must be a string");
        }
        String t = s.strip();
        if (t.isEmpty()) {
            return null;
        }
        if (t.codePointCount(0, t.length()) > maxLen) {
            throw ApiException.invalid(name, name + " must be at most " + maxLen + " characters");
        }
        if (t.chars().anyMatch(ch -> ch < 0x20 && ch != '\t' && !(lineBreaks && (ch == '\n' || ch == '\r')))) {
            throw ApiException.invalid(name, name + " must not contain control characters");
        }
        return t;
    }

    private static String requiredOneOf(JsonObject p, String name, Set<String> allowed) {
        String v = optionalOneOf(p, name, allowed);
        if (v == null) {
            throw ApiException.invalid(name, name + " is required; one of: " + String.join(", ", allowed));
        }
        return v;
    }

    private static String optionalOneOf(JsonObject p, String name, Set<String> allowed) {
        Object v = p.getValue(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s) || !allowed.contains(s)) {
            throw ApiException.invalid(name, name + " must be one of: " + String.join(", ", allowed));
        }
        return s;
    }

    private static List<String> optionalSet(JsonObject p, String name, Set<String> allowed) {
        Object v = p.getValue(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof JsonArray a)) {
            throw ApiException.invalid(name, name + " must be an array of strings");
        }
        Set<String> out = new LinkedHashSet<>();
        for (Object item : a) {
            if (!(item instanceof String s) || !allowed.contains(s)) {
                throw ApiException.invalid(
                        name,
                        "'" + item + "' is not a valid " + name + " value; allowed: " + String.join(", ", allowed));
            }
            out.add(s);
        }
        return new ArrayList<>(out);
    }

    private static Integer integer(JsonObject p, String name, int min, int max) {
        Object v = p.getValue(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw ApiException.invalid(name, name + " must be a whole number");
        }
        double d = n.doubleValue();
        if (d < min || d > max) {
            throw ApiException.invalid(name, name + " must be between " + min + " and " + max);
        }
        return (int) d;
    }

    private static Instant instant(JsonObject p, String name) {
        Object v = p.getValue(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw ApiException.invalid(name, name + " must be an ISO-8601 date-time string");
        }
        Instant t;
        try {
            // Whole seconds, as every read writes it back: what is stored is what an export re-imports.
            t = OffsetDateTime.parse(s.strip()).toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(
                    name, name + " must be an ISO-8601 date-time with offset, e.g. 2026-11-01T09:00:00+08:00");
        }
        if (t.isAfter(Instant.now().plus(CLOCK_SKEW))) {
            throw ApiException.invalid(name, name + " must not be in the future");
        }
        return t;
    }
}
