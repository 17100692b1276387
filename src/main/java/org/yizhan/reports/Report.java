package org.yizhan.reports;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.yizhan.stations.Vocabulary;

/**
 * A rider's report on a station and the change it proposes. Nothing in it says who or where the rider
 * was: {@code lon}/{@code lat} are the position suggested for the station (kind {@code moved}), WGS 84.
 *
 * @param status noted (still_here), open, accepted or rejected
 */
record Report(
        long id,
        long stationId,
        String kind,
        String status,
        Double lon,
        Double lat,
        String openingHours,
        List<String> amenities,
        String comment,
        List<String> flags,
        String createdAt,
        String decidedAt,
        String decidedBy,
        String decisionReason) {

    /** Every kind, in the order the API documents them (vocabulary.json). */
    static final Set<String> KINDS = Vocabulary.REPORT_KINDS;
    /** The kinds that are problems, queued for moderation (still_here is a confirmation). */
    static final List<String> PROBLEMS =
            KINDS.stream().filter(k -> !k.equals("still_here")).toList();

    static final Set<String> STATUSES = Set.of("noted", "open", "accepted", "rejected");

    /** The report as the moderation queue shows it (without its station). */
    JsonObject toJson() {
        JsonObject o = new JsonObject()
                .put("id", id)
                .put("station_id", stationId)
                .put("kind", kind)
                .put("status", status);
        if (lon != null) {
            o.put(
                    "geometry",
                    new JsonObject()
                            .put("type", "Point")
                            .put("coordinates", new JsonArray().add(lon).add(lat)));
        }
        return o.put("opening_hours", openingHours)
                .put("amenities", amenities == null ? null : new JsonArray(new ArrayList<>(amenities)))
                .put("comment", comment)
                .put("flags", new JsonArray(new ArrayList<>(flags)))
                .put("created_at", createdAt)
                .put("decided_at", decidedAt)
                .put("decided_by", decidedBy)
                .put("decision_reason", decisionReason);
    }

    /**
     * The station Feature (WGS 84) with this report's change applied and verified now by an editor: the
     * status (still_here reopens, closed_now closes for now, closed_permanently for good, with the
     * public {@code reason}), the position, the hours or the amenities; {@code other} changes nothing but
     * the verification. The caller validates the result as any write.
     */
    JsonObject applyTo(JsonObject station, String reason, String nowIso) {
        JsonObject f = station.copy();
        JsonObject p = f.getJsonObject("properties");
        p.put("last_verified_at", nowIso).put("verified_by", "editor");
        switch (kind) {
            case "still_here" -> p.put("status", "open");
            case "closed_now" ->
                p.put("status", "temporarily_closed")
                        .put("status_reason", reason != null ? reason : "riders reported it closed");
            case "closed_permanently" ->
                p.put("status", "closed")
                        .put("status_reason", reason != null ? reason : "riders reported it closed for good");
            case "moved" ->
                f.put(
                        "geometry",
                        new JsonObject()
                                .put("type", "Point")
                                .put("coordinates", new JsonArray().add(lon).add(lat)));
            case "wrong_hours" -> p.put("opening_hours", openingHours);
            case "missing_amenity", "extra_amenity" ->
                p.put("amenities", new JsonArray(new ArrayList<>(amenitiesAfter(p))));
            default -> {
                // other: a moderator read it and confirms the station as it is
            }
        }
        return f;
    }

    /** What accepting would change, field by field: [{field, from, to}]; empty for still_here and other. */
    JsonArray changes(JsonObject station) {
        JsonObject p = station.getJsonObject("properties");
        JsonArray out = new JsonArray();
        switch (kind) {
            case "closed_now" -> out.add(change("status", p.getValue("status"), "temporarily_closed"));
            case "closed_permanently" -> out.add(change("status", p.getValue("status"), "closed"));
            case "moved" ->
                out.add(change(
                        "geometry",
                        station.getJsonObject("geometry").getValue("coordinates"),
                        new JsonArray().add(lon).add(lat)));
            case "wrong_hours" -> out.add(change("opening_hours", p.getValue("opening_hours"), openingHours));
            case "missing_amenity", "extra_amenity" ->
                out.add(change(
                        "amenities", p.getValue("amenities"), new JsonArray(new ArrayList<>(amenitiesAfter(p)))));
            default -> {
                // nothing to change
            }
        }
        return out;
    }

    private Set<String> amenitiesAfter(JsonObject props) {
        Set<String> now = new LinkedHashSet<>();
        JsonArray have = props.getJsonArray("amenities");
        if (have != null) {
            have.forEach(a -> now.add((String) a));
        }
        if (kind.equals("missing_amenity")) {
            now.addAll(amenities);
        } else {
            now.removeAll(amenities);
        }
        return now;
    }

    private static JsonObject change(String field, Object from, Object to) {
        return new JsonObject().put("field", field).put("from", from).put("to", to);
    }
}
