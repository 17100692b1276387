package org.yizhan.coverage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.yizhan.coverage.CoverageCalculator.Demand;

/**
 * Where to put the next stations: maximal covering of the demand that no station covers yet.
 *
 * <p>Each candidate site covers the uncovered demand points its {@link SiteCircle} covers (projected
 * metres) — the same test {@link CoverageCalculator#addSites} applies to what-if's sites. When
 * the number of candidate sets {@code C(n, count)} is at most {@link #EXHAUSTIVE_LIMIT} every set is tried
 * and the best is exact; otherwise the classic greedy (lazy evaluation, a (1 - 1/e) approximation) picks
 * one site at a time. Either way sites are ranked in the order that adds the most demand first, and
 * sites that would add no demand are left out, so fewer than {@code count} may come back.
 * Pure and CPU-bound: run off the event loop.
 */
public final class Suggester {

    /** Above this many candidate sets the search is greedy. */
    static final long EXHAUSTIVE_LIMIT = 200_000;
    /** Upper bound on default candidates; the grid coarsens until it fits. */
    static final int MAX_CANDIDATES = 20_000;

    private Suggester() {}

    /** A chosen site (projected metres) and the demand it newly covers at its rank. */
    public record Site(double x, double y, double demandAdded) {}

    /**
     * @param demand     all demand in the area
     * @param uncovered  indexes of demand points no existing station covers
     * @param candX      candidate sites, or null for the default grid over uncovered demand
     * @param radiusM    coverage radius, metres
     */
    public static List<Site> suggest(
            Demand demand, int[] uncovered, double[] candX, double[] candY, double radiusM, int count) {
        if (uncovered.length == 0) {
            return List.of();
        }
        if (candX == null) {
            double[][] grid = defaultCandidates(demand, uncovered, radiusM);
            candX = grid[0];
            candY = grid[1];
        }
        int[][] covers = coverSets(demand, uncovered, candX, candY, radiusM);
        double[] w = new double[uncovered.length];
        for (int i = 0; i < uncovered.length; i++) {
            w[i] = demand.weight()[uncovered[i]];
        }
        List<Site> out = new ArrayList<>();
        for (Pick p : choose(covers, w, count)) {
            out.add(new Site(candX[p.candidate()], candY[p.candidate()], p.demandAdded()));
        }
        return out;
    }

    /** A chosen candidate (its index) and the demand it newly covers at its rank. */
    public record Pick(int candidate, double demandAdded) {}

    /**
     * Maximal covering over given cover sets: {@code covers[c]} holds the indexes (into {@code weight}) of
     * the uncovered demand candidate {@code c} would cover. Exhaustive or lazy greedy as {@link #suggest};
     * ranked by the demand each adds in turn, none that adds nothing.
     */
    public static List<Pick> choose(int[][] covers, double[] weight, int count) {
        int k = Math.min(count, covers.length);
        List<Integer> chosen = combinations(covers.length, k) <= EXHAUSTIVE_LIMIT
                ? exhaustive(covers, weight, k)
                : greedy(covers, weight, k);
        return rank(chosen, covers, weight);
    }

    /** Centres of grid cells (side radius/4, 50–1000 m) that hold uncovered demand. */
    static double[][] defaultCandidates(Demand demand, int[] uncovered, double radiusM) {
        double side = Math.max(50, Math.min(1000, radiusM / 4));
        while (true) {
            Map<Long, double[]> cells = new HashMap<>();
            for (int i : uncovered) {
                long cx = (long) Math.floor(demand.x()[i] / side);
                long cy = (long) Math.floor(demand.y()[i] / side);
                cells.putIfAbsent(cx * 4_000_003L + cy, new double[] {(cx + 0.5) * side, (cy + 0.5) * side});
            }
            if (cells.size() <= MAX_CANDIDATES) {
                double[][] out = new double[2][cells.size()];
                int j = 0;
                for (double[] c : cells.values()) {
                    out[0][j] = c[0];
                    out[1][j++] = c[1];
                }
                return out;
            }
            side *= 1.5;
        }
    }

    /**
     * Weighted centres (projected metres) of the square cells of side {@code sideM} holding uncovered
     * demand of positive weight, the heaviest first (ties by position), at most {@code max}.
     */
    static double[][] heaviestCells(Demand demand, int[] uncovered, double sideM, int max) {
        Map<Long, double[]> cells = new HashMap<>();
        for (int i : uncovered) {
            long cx = (long) Math.floor(demand.x()[i] / sideM);
            long cy = (long) Math.floor(demand.y()[i] / sideM);
            double w = demand.weight()[i];
            double[] c = cells.computeIfAbsent(cx * 4_000_003L + cy, k -> new double[3]);
            c[0] += w * demand.x()[i];
            c[1] += w * demand.y()[i];
            c[2] += w;
        }
        List<double[]> centres = new ArrayList<>();
        for (double[] c : cells.values()) {
            if (c[2] > 0) { // a cell of weightless demand has nothing to add
                centres.add(new double[] {c[0] / c[2], c[1] / c[2], c[2]});
            }
        }
        centres.sort((a, b) -> a[2] != b[2]
                ? Double.compare(b[2], a[2])
                : a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        int n = Math.min(max, centres.size());
        double[][] out = new double[2][n];
        for (int i = 0; i < n; i++) {
            out[0][i] = centres.get(i)[0];
            out[1][i] = centres.get(i)[1];
        }
        return out;
    }

    /**
     * For each candidate's reached area (projected), the indexes (into {@code uncovered}) of the points
     * in it, boundary included: the test {@link CoverageCalculator#addArea} applies.
     */
    static int[][] coverSets(Demand demand, int[] uncovered, List<Geometry> areas) {
        int[][] out = new int[areas.size()][];
        for (int c = 0; c < areas.size(); c++) {
            Geometry a = areas.get(c);
            Envelope e = a.getEnvelopeInternal();
            IndexedPointInAreaLocator in = new IndexedPointInAreaLocator(a);
            List<Integer> hits = new ArrayList<>();
            for (int i = 0; i < uncovered.length; i++) {
                Coordinate p = new Coordinate(demand.x()[uncovered[i]], demand.y()[uncovered[i]]);
                if (e.covers(p) && in.locate(p) != Location.EXTERIOR) {
                    hits.add(i);
                }
            }
            out[c] = hits.stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    /** For each candidate, the indexes (into {@code uncovered}) of points its circle covers. */
    private static int[][] coverSets(Demand demand, int[] uncovered, double[] candX, double[] candY, double radiusM) {
        // Bucket uncovered points in a grid of side r (the polygon's vertex radius), so each candidate
        // looks at 9 buckets only.
        double r = radiusM * SiteCircle.SCALE;
        Map<Long, List<Integer>> buckets = new HashMap<>();
        for (int i = 0; i < uncovered.length; i++) {
            long bx = (long) Math.floor(demand.x()[uncovered[i]] / r);
            long by = (long) Math.floor(demand.y()[uncovered[i]] / r);
            buckets.computeIfAbsent(bx * 4_000_003L + by, key -> new ArrayList<>())
                    .add(i);
        }
        int[][] out = new int[candX.length][];
        for (int c = 0; c < candX.length; c++) {
            long bx = (long) Math.floor(candX[c] / r);
            long by = (long) Math.floor(candY[c] / r);
            List<Integer> hits = new ArrayList<>();
            for (long dx = -1; dx <= 1; dx++) {
                for (long dy = -1; dy <= 1; dy++) {
                    List<Integer> b = buckets.get((bx + dx) * 4_000_003L + (by + dy));
                    if (b == null) {
                        continue;
                    }
                    for (int i : b) {
                        if (SiteCircle.covers(
                                candX[c], candY[c], radiusM, demand.x()[uncovered[i]], demand.y()[uncovered[i]])) {
                            hits.add(i);
                        }
                    }
                }
            }
            out[c] = hits.stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    static long combinations(int n, int k) {
        long c = 1;
        for (int i = 0; i < k; i++) {
            c = c * (n - i) / (i + 1);
            if (c > EXHAUSTIVE_LIMIT) {
                return Long.MAX_VALUE;
            }
        }
        return c;
    }

    private static List<Integer> exhaustive(int[][] covers, double[] w, int k) {
        int n = covers.length;
        int[] idx = new int[k];
        for (int i = 0; i < k; i++) {
            idx[i] = i;
        }
        double best = -1;
        int[] bestSet = idx.clone();
        boolean[] seen = new boolean[w.length];
        while (k > 0) {
            double total = 0;
            List<Integer> touched = new ArrayList<>();
            for (int c : idx) {
                for (int p : covers[c]) {
                    if (!seen[p]) {
                        seen[p] = true;
                        touched.add(p);
                        total += w[p];
                    }
                }
            }
            touched.forEach(p -> seen[p] = false);
            if (total > best + 1e-9) {
                best = total;
                bestSet = idx.clone();
            }
            int i = k - 1;
            while (i >= 0 && idx[i] == n - k + i) {
                i--;
            }
            if (i < 0) {
                break;
            }
            idx[i]++;
            for (int j = i + 1; j < k; j++) {
                idx[j] = idx[j - 1] + 1;
            }
        }
        List<Integer> out = new ArrayList<>();
        for (int c : bestSet) {
            out.add(c);
        }
        return k == 0 ? List.of() : out;
    }

    /** Lazy greedy: a stale gain is recomputed before it can win. */
    private static List<Integer> greedy(int[][] covers, double[] w, int k) {
        boolean[] done = new boolean[w.length];
        PriorityQueue<double[]> heap =
                new PriorityQueue<>((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0]) : Double.compare(a[1], b[1]));
        for (int c = 0; c < covers.length; c++) {
            heap.add(new double[] {gain(covers[c], w, done), c});
        }
        List<Integer> out = new ArrayList<>();
        while (out.size() < k && !heap.isEmpty()) {
            double[] top = heap.poll();
            int c = (int) top[1];
            double fresh = gain(covers[c], w, done);
            if (heap.isEmpty() || fresh >= heap.peek()[0] - 1e-9) {
                out.add(c);
                for (int p : covers[c]) {
                    done[p] = true;
                }
            } else {
                heap.add(new double[] {fresh, c});
            }
        }
        return out;
    }

    private static double gain(int[] cover, double[] w, boolean[] done) {
        double g = 0;
        for (int p : cover) {
            if (!done[p]) {
                g += w[p];
            }
        }
        return g;
    }

    /** Orders a chosen set by marginal gain (largest first) and records each site's addition. */
    private static List<Pick> rank(List<Integer> chosen, int[][] covers, double[] w) {
        boolean[] done = new boolean[w.length];
        List<Integer> left = new ArrayList<>(chosen);
        List<Pick> out = new ArrayList<>();
        while (!left.isEmpty()) {
            int bestI = 0;
            double bestGain = -1;
            for (int i = 0; i < left.size(); i++) {
                double g = gain(covers[left.get(i)], w, done);
                if (g > bestGain) {
                    bestGain = g;
                    bestI = i;
                }
            }
            if (bestGain <= 0) {
                break; // a site that adds no demand is no suggestion
            }
            int c = left.remove(bestI);
            for (int p : covers[c]) {
                done[p] = true;
            }
            out.add(new Pick(c, bestGain));
        }
        return out;
    }
}
