package org.yizhan.demand;

/** Parallel arrays of validated demand points (WGS 84 degrees, weight ≥ 0, optional period label). */
public record DemandBatch(Double[] lon, Double[] lat, Double[] weight, String[] period) {
    public int size() {
        return lon.length;
    }
}
