package org.yizhan.reports;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Labels stations by how much they are used against the demand around them, relative to their region.
 *
 * <p>A station's rate is its visits (check-ins) per 1,000 units of demand within the radius. Against the
 * median rate m of the region's stations that have demand: below m / 2 is {@code under_used}, above
 * 2 m is {@code crowded}, anything between is {@code normal}. With fewer than {@value #MIN_STATIONS}
 * stations with demand there is no distribution to speak of and every such station is {@code normal}. A
 * station with no demand nearby has no rate and no label (null). Pure and thread-safe.
 */
final class Utilisation {

    static final int MIN_STATIONS = 3;

    private Utilisation() {}

    /**
     * Adds {@code visits_per_1000_demand} (rounded to 0.01) and {@code label} to each row of {visits,
     * demand}; returns the median rate (null when no station has demand).
     */
    static Double label(List<JsonObject> rows) {
        List<Double> rates = new ArrayList<>();
        for (JsonObject r : rows) {
            double demand = r.getDouble("demand");
            Double rate = demand > 0 ? r.getLong("visits") * 1000.0 / demand : null;
            r.put("visits_per_1000_demand", rate == null ? null : Math.round(rate * 100) / 100.0);
            if (rate != null) {
                rates.add(rate);
            }
        }
        if (rates.isEmpty()) {
            rows.forEach(r -> r.put("label", null));
            return null;
        }
        List<Double> sorted = new ArrayList<>(rates);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        for (JsonObject r : rows) {
            double demand = r.getDouble("demand");
            if (demand <= 0) {
                r.put("label", null);
                continue;
            }
            double rate = r.getLong("visits") * 1000.0 / demand;
            String label = n < MIN_STATIONS
                    ? "normal"
                    : rate < median / 2 ? "under_used" : rate > median * 2 ? "crowded" : "normal";
            r.put("label", label);
        }
        return Math.round(median * 100) / 100.0;
    }
}
