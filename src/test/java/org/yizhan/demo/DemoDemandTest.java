package org.yizhan.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Location;
import org.yizhan.demo.DemoDemand.DemandPoint;
import org.yizhan.demo.DemoRegions.DemoRegion;

@DisplayName("The synthetic rider demand")
class DemoDemandTest {

    private static final long SEED = 42;
    private static final int SAMPLES = DemoDemand.DEFAULT_SAMPLES;

    private static final Set<String> CENTRE =
            Set.of("310101", "310106", "310104", "310105", "310109", "310110", "310107");
    private static final Set<String> SPARSE = Set.of("310151", "310116", "310120");

    /** km² per square degree at 31.2° N (equirectangular; good to a fraction of a percent in Shanghai). */
    private static final double KM2_PER_DEG2 = 111.32 * 111.32 * Math.cos(Math.toRadians(31.2));

    private static List<DemandPoint> demand;

    @BeforeAll
    static void generate() {
        demand = DemoDemand.points(SEED, SAMPLES);
    }

    @Test
    @DisplayName("the same seed gives identical demand and another seed different demand")
    void deterministic() {
        assertEquals(demand, DemoDemand.points(SEED, SAMPLES));
        assertNotEquals(demand, DemoDemand.points(SEED + 1, SAMPLES));
    }

    @Test
    @DisplayName("no samples give no demand and a negative number of samples is refused")
    void edgeCounts() {
        assertTrue(DemoDemand.points(SEED, 0).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> DemoDemand.points(SEED, -1));
    }

    @Test
    @DisplayName("weights are positive whole numbers of orders that sum to the number of samples")
    void weightsSumToSamples() {
        double sum = 0;
        for (DemandPoint p : demand) {
            assertTrue(p.weight() >= 1 && p.weight() == Math.rint(p.weight()), "weight " + p);
            sum += p.weight();
        }
        assertEquals(SAMPLES, sum);
        assertEquals(
                1000.0,
                DemoDemand.points(7, 1000).stream()
                        .mapToDouble(DemandPoint::weight)
                        .sum());
    }

    @Test
    @DisplayName("every point is the centre of a grid cell and lies on land")
    void cellCentresOnLand() {
        for (DemandPoint p : demand) {
            assertTrue(ShanghaiDistricts.onLand(p.lon(), p.lat()), "off land: " + p);
            assertCellCentre(p.lon(), DemoDemand.CELL_LON_DEG, p);
            assertCellCentre(p.lat(), DemoDemand.CELL_LAT_DEG, p);
        }
    }

    @Test
    @DisplayName("there is one point per cell: no two points are closer than 150 m")
    void onePointPerCell() {
        // Bucket by ~222 m cells; a pair closer than 150 m lies in the same or a neighbouring bucket.
        Map<Long, List<DemandPoint>> buckets = new HashMap<>();
        for (DemandPoint p : demand) {
            buckets.computeIfAbsent(
                            bucket(
                                    Math.floor(p.lon() / DemoDemand.CELL_LON_DEG),
                                    Math.floor(p.lat() / DemoDemand.CELL_LAT_DEG)),
                            k -> new ArrayList<>())
                    .add(p);
        }
        for (DemandPoint p : demand) {
            double col = Math.floor(p.lon() / DemoDemand.CELL_LON_DEG);
            double row = Math.floor(p.lat() / DemoDemand.CELL_LAT_DEG);
            for (int dr = -1; dr <= 1; dr++) {
                for (int dc = -1; dc <= 1; dc++) {
                    for (DemandPoint q : buckets.getOrDefault(bucket(col + dc, row + dr), List.of())) {
                        if (q != p) {
                            double km = ShanghaiDistricts.distanceKm(p.lon(), p.lat(), q.lon(), q.lat());
                            assertTrue(km > 0.15, p + " and " + q + " are " + km + " km apart");
                        }
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("points are listed south to north, and west to east within a row")
    void ordered() {
        for (int i = 1; i < demand.size(); i++) {
            DemandPoint a = demand.get(i - 1);
            DemandPoint b = demand.get(i);
            assertTrue(a.lat() < b.lat() || (a.lat() == b.lat() && a.lon() < b.lon()), a + " before " + b);
        }
    }

    @Test
    @DisplayName("the centre districts have far more orders per km² and heavier cells than 崇明, 金山 and 奉贤")
    void centreDenserThanOutskirts() {
        double centreOrders = 0;
        double sparseOrders = 0;
        double centreMaxCell = 0;
        double sparseMaxCell = 0;
        Map<String, IndexedPointInAreaLocator> locators = new HashMap<>();
        for (DemoRegion r : DemoRegions.all()) {
            if (CENTRE.contains(r.code()) || SPARSE.contains(r.code())) {
                locators.put(r.code(), new IndexedPointInAreaLocator(r.geometry()));
            }
        }
        for (DemandPoint p : demand) {
            Coordinate c = new Coordinate(p.lon(), p.lat());
            for (Map.Entry<String, IndexedPointInAreaLocator> e : locators.entrySet()) {
                if (e.getValue().locate(c) == Location.INTERIOR) {
                    if (CENTRE.contains(e.getKey())) {
                        centreOrders += p.weight();
                        centreMaxCell = Math.max(centreMaxCell, p.weight());
                    } else {
                        sparseOrders += p.weight();
                        sparseMaxCell = Math.max(sparseMaxCell, p.weight());
                    }
                }
            }
        }
        double centreDensity = centreOrders / areaKm2(CENTRE);
        double sparseDensity = sparseOrders / areaKm2(SPARSE);
        assertTrue(sparseOrders > 0, "the outskirts have some demand");
        assertTrue(
                centreDensity > 20 * sparseDensity,
                "centre " + centreDensity + " vs outskirts " + sparseDensity + " orders/km²");
        assertTrue(
                centreMaxCell >= 5 * sparseMaxCell,
                "heaviest cell: centre " + centreMaxCell + " vs outskirts " + sparseMaxCell);
    }

    @Test
    @DisplayName("the default 60,000 samples take well under a second")
    void fast() {
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> DemoDemand.points(7, SAMPLES));
    }

    private static void assertCellCentre(double degrees, double step, DemandPoint p) {
        // Centres are (k + 0.5) steps from 0°, rounded to 1e-6°.
        double k = degrees / step - 0.5;
        assertEquals(Math.rint(k), k, 1e-6 / step, "not a cell centre: " + p);
    }

    private static long bucket(double col, double row) {
        return ((long) row << 32) | (long) col;
    }

    private static double areaKm2(Set<String> codes) {
        return DemoRegions.all().stream()
                .filter(r -> codes.contains(r.code()))
                .mapToDouble(r -> r.geometry().getArea() * KM2_PER_DEG2)
                .sum();
    }
}
