package org.yizhan.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Location;
import org.yizhan.coverage.CoverageCalculator.Demand;
import org.yizhan.coverage.Suggester.Site;

@DisplayName("Site suggestions (maximal covering)")
class SuggesterTest {

    private static int[] all(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    /** Best total weight of any k candidates, by enumeration, with the site shape coverage uses. */
    private static double optimum(Demand d, double[] cx, double[] cy, double r, int k) {
        int n = cx.length;
        double best = 0;
        for (int mask = 0; mask < (1 << n); mask++) {
            if (Integer.bitCount(mask) != k) {
                continue;
            }
            double total = 0;
            for (int p = 0; p < d.size(); p++) {
                for (int c = 0; c < n; c++) {
                    if ((mask & (1 << c)) != 0 && SiteCircle.covers(cx[c], cy[c], r, d.x()[p], d.y()[p])) {
                        total += d.weight()[p];
                        break;
                    }
                }
            }
            best = Math.max(best, total);
        }
        return best;
    }

    @Test
    @DisplayName("on small random cases the chosen sites cover exactly the brute-force optimum")
    void exactOnSmallCases() {
        Random rnd = new Random(3);
        for (int round = 0; round < 40; round++) {
            int points = 30;
            double[] x = new double[points];
            double[] y = new double[points];
            double[] w = new double[points];
            for (int i = 0; i < points; i++) {
                x[i] = rnd.nextDouble() * 5_000;
                y[i] = rnd.nextDouble() * 5_000;
                w[i] = 1 + rnd.nextInt(20);
            }
            Demand d = new Demand(x, y, w);
            int n = 10;
            double[] cx = new double[n];
            double[] cy = new double[n];
            for (int c = 0; c < n; c++) {
                cx[c] = rnd.nextDouble() * 5_000;
                cy[c] = rnd.nextDouble() * 5_000;
            }
            int k = 1 + round % 4;
            List<Site> sites = Suggester.suggest(d, all(points), cx, cy, 1_200, k);
            double got = sites.stream().mapToDouble(Site::demandAdded).sum();
            assertEquals(optimum(d, cx, cy, 1_200, k), got, 1e-9, "round " + round);
        }
    }

    @Test
    @DisplayName("the classic trap for greedy (one big central site vs two disjoint ones) is solved exactly when small")
    void greedyTrapSolvedExactly() {
        // Points: A cluster (weight 6) at x=0, B cluster (weight 6) at x=2000; a middle candidate covers
        // half of each (7 total) and wins greedily, but A+B (12) is optimal for k=2.
        double[] x = {0, 0, 2_000, 2_000, 900, 1_100};
        double[] y = {0, 10, 0, 10, 0, 0};
        double[] w = {3, 3, 3, 3, 0.5, 0.5};
        Demand d = new Demand(x, y, w);
        double[] cx = {0, 2_000, 1_000};
        double[] cy = {0, 0, 0};
        List<Site> sites = Suggester.suggest(d, all(6), cx, cy, 1_000, 2);
        assertEquals(13.0, sites.stream().mapToDouble(Site::demandAdded).sum(), 1e-9);
        assertTrue(sites.get(0).demandAdded() >= sites.get(1).demandAdded(), "ranked largest first");
    }

    @Test
    @DisplayName("large cases use greedy: every pick adds no more than the one before, and nothing is counted twice")
    void greedyOnLargeCases() {
        Random rnd = new Random(9);
        int points = 3_000;
        double[] x = new double[points];
        double[] y = new double[points];
        double[] w = new double[points];
        double total = 0;
        for (int i = 0; i < points; i++) {
            x[i] = rnd.nextGaussian() * 8_000;
            y[i] = rnd.nextGaussian() * 8_000;
            w[i] = 1 + rnd.nextInt(5);
            total += w[i];
        }
        Demand d = new Demand(x, y, w);
        List<Site> sites = Suggester.suggest(d, all(points), null, null, 1_000, 20);
        assertEquals(20, sites.size());
        double sum = 0;
        double previous = Double.MAX_VALUE;
        for (Site s : sites) {
            assertTrue(s.demandAdded() <= previous + 1e-9);
            previous = s.demandAdded();
            sum += s.demandAdded();
        }
        // Recount independently: the union of the chosen sites' polygons.
        Geometry union = new GeometryFactory()
                .buildGeometry(sites.stream()
                        .map(s -> SiteCircle.polygon(s.x(), s.y(), 1_000))
                        .toList())
                .union();
        IndexedPointInAreaLocator in = new IndexedPointInAreaLocator(union);
        double covered = 0;
        for (int i = 0; i < points; i++) {
            if (in.locate(new Coordinate(x[i], y[i])) != Location.EXTERIOR) {
                covered += w[i];
            }
        }
        assertEquals(covered, sum, 1e-6);
        assertTrue(sum < total);
    }

    @Test
    @DisplayName("with nothing uncovered there is nothing to suggest")
    void nothingUncovered() {
        Demand d = new Demand(new double[] {0}, new double[] {0}, new double[] {5});
        assertEquals(List.of(), Suggester.suggest(d, new int[0], null, null, 1_000, 5));
    }
}
