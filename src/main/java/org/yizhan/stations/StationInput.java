package org.yizhan.stations;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * A validated station as a client wrote it (everything but id, version and timestamps), in WGS 84.
 * Built only by {@link StationValidator}, so an instance always satisfies the database constraints.
 *
 * @param statusReason why the station is closed (null when open)
 * @param verifiedBy   who verified it at {@code lastVerifiedAt}: editor or riders (null when never verified)
 * @param lon longitude in degrees, WGS 84
 * @param lat latitude in degrees, WGS 84
 */
public record StationInput(
        String externalId,
        String kind,
        String category,
        String name,
        String address,
        String districtCode,
        String scene,
        List<String> amenities,
        String openingHours,
        String access,
        Integer capacity,
        List<String> vehicleTypes,
        String riderDiscount,
        String status,
        String statusReason,
        String operator,
        String phone,
        boolean demo,
        Instant lastVerifiedAt,
        String verifiedBy,
        double lon,
        double lat) {

    /**
     * The flat record that {@code jsonb_to_record(... AS r(StationRepository.INPUT_COLUMNS))} reads;
     * {@code ord} is the feature's position in an import, echoed back in rejections.
     */
    public JsonObject toRecord(int ord) {
        return new JsonObject()
                .put("ord", ord)
                .put("external_id", externalId)
                .put("kind", kind)
                .put("category", category)
                .put("name", name)
                .put("address", address)
                .put("district_code", districtCode)
                .put("scene", scene)
                .put("amenities", new JsonArray(List.copyOf(amenities)))
                .put("opening_hours", openingHours)
                .put("access", access)
                .put("capacity", capacity)
                .put("vehicle_types", vehicleTypes == null ? null : new JsonArray(List.copyOf(vehicleTypes)))
                .put("rider_discount", riderDiscount)
                .put("status", status)
                .put("status_reason", statusReason)
                .put("operator", operator)
                .put("phone", phone)
                .put("demo", demo)
                .put("last_verified_at", lastVerifiedAt == null ? null : lastVerifiedAt.toString())
                .put("verified_by", verifiedBy)
                .put("lon", lon)
                .put("lat", lat);
    }
}
