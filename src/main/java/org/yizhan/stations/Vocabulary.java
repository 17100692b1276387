package org.yizhan.stations;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The closed value sets of station properties. The database enforces the same sets with CHECK
 * constraints (sql/V1__stations.sql); keep both in step.
 */
public final class Vocabulary {
    private Vocabulary() {
    }

    public static final Set<String> KINDS = ordered("rest_station", "parking", "meal");

    /** Rest-station categories: 工会驿站, 司机之家, 党群服务中心, 新时代文明实践站, 青年之家, 妇女之家, ... */
    public static final Set<String> CATEGORIES = ordered("union_station", "driver_home", "party_service_center",
            "civilization_station", "youth_home", "women_home", "enterprise_station", "other");

    public static final Set<String> SCENES = ordered("community", "business_district", "office_building",
            "industrial_park", "transport_hub", "highway_service_area", "other");

    public static final Set<String> AMENITIES = ordered("drinking_water", "microwave", "phone_charging",
            "ebike_charging", "battery_swap", "toilet", "rest_area", "wifi", "first_aid", "aed",
            "air_conditioning", "heating", "umbrella", "repair_tools", "lockers", "shower", "lodging");

    public static final Set<String> ACCESS = ordered("staffed", "self_service_scan", "code_lock", "open");

    public static final Set<String> VEHICLE_TYPES = ordered("ebike", "motorcycle", "car", "truck");

    public static final Set<String> STATUSES = ordered("open", "temporarily_closed", "closed");

    /** Who verified a station at its {@code last_verified_at}. */
    public static final Set<String> VERIFIERS = ordered("editor", "riders");

    private static Set<String> ordered(String... values) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(values)));
    }
}
