package org.yizhan.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.union.UnaryUnionOp;
import org.yizhan.demo.DemoRegions.DemoRegion;
import org.yizhan.demo.ShanghaiDistricts.District;

@DisplayName("The approximate demo regions")
class DemoRegionsTest {

    private static final String CITY = "310000";
    private static final String HUANGPU = "310101";
    private static final String PUDONG = "310115";
    private static final String FENGXIAN = "310120";
    private static final String CHONGMING = "310151";

    /** Area tolerance, relative to the city's area. */
    private static final double REL = 1e-9;

    private static final double COS_LAT = Math.cos(Math.toRadians(31.2));
    private static final GeometryFactory GF = new GeometryFactory();

    private static List<DemoRegion> regions;
    private static DemoRegion city;
    private static List<DemoRegion> districts;
    /** District code → point locator over its geometry, in the order of ShanghaiDistricts.all(). */
    private static Map<String, IndexedPointInAreaLocator> locators;

    @BeforeAll
    static void build() {
        regions = DemoRegions.all();
        city = regions.get(0);
        districts = regions.subList(1, regions.size());
        locators = new LinkedHashMap<>();
        for (DemoRegion d : districts) {
            locators.put(d.code(), new IndexedPointInAreaLocator(d.geometry()));
        }
    }

    @Test
    @DisplayName("there are 17 regions: the city first, then the 16 districts in ShanghaiDistricts order")
    void seventeenRegions() {
        assertEquals(17, regions.size());
        assertEquals(CITY, city.code());
        assertEquals("上海市", city.nameZh());
        assertEquals("Shanghai", city.nameEn());
        assertEquals(DemoRegions.LEVEL_CITY, city.level());
        List<District> expected = ShanghaiDistricts.all();
        for (int i = 0; i < expected.size(); i++) {
            DemoRegion r = districts.get(i);
            assertEquals(expected.get(i).code(), r.code());
            assertEquals(expected.get(i).nameZh(), r.nameZh());
            assertEquals(expected.get(i).nameEn(), r.nameEn());
            assertEquals(DemoRegions.LEVEL_DISTRICT, r.level(), r.code());
        }
    }

    @Test
    @DisplayName("codes are unique six-digit GB/T 2260 codes and byCode finds each region")
    void codesUnique() {
        Set<String> seen = new HashSet<>();
        for (DemoRegion r : regions) {
            assertTrue(r.code().matches("31[0-9]{4}"), r.code());
            assertTrue(seen.add(r.code()), "duplicate code " + r.code());
            assertSame(r, DemoRegions.byCode(r.code()).orElseThrow());
        }
        assertTrue(DemoRegions.byCode("310230").isEmpty(), "崇明's old county code is not a region");
    }

    @Test
    @DisplayName("the city has no parent and every district's parent is the city")
    void parents() {
        assertNull(city.parentCode());
        for (DemoRegion d : districts) {
            assertEquals(CITY, d.parentCode(), d.code());
        }
    }

    @Test
    @DisplayName("every geometry is a valid, non-empty MultiPolygon in SRID 4326 with longitude first")
    void validMultiPolygons() {
        for (DemoRegion r : regions) {
            MultiPolygon g = r.geometry();
            assertTrue(g.isValid(), r.code() + " is invalid");
            assertFalse(g.isEmpty(), r.code());
            assertEquals(4326, g.getSRID(), r.code());
            for (int i = 0; i < g.getNumGeometries(); i++) {
                assertTrue(g.getGeometryN(i) instanceof Polygon, r.code());
                assertEquals(4326, g.getGeometryN(i).getSRID(), r.code() + " part " + i);
            }
            // Shanghai is at about 121.5° E, 31.2° N: swapped axes would put x near 31.
            Envelope e = g.getEnvelopeInternal();
            assertTrue(e.getMinX() >= 120.8 && e.getMaxX() <= 122.0, r.code() + " x " + e);
            assertTrue(e.getMinY() >= 30.6 && e.getMaxY() <= 31.9, r.code() + " y " + e);
        }
    }

    @Test
    @DisplayName("the city's geometry is the land outline")
    void cityIsLandOutline() {
        assertTrue(city.geometry().equalsExact(ShanghaiDistricts.landOutline()));
    }

    @Test
    @DisplayName("the districts tile the city: their areas add up, their union is the city and no two overlap")
    void districtsTileTheCity() {
        double cityArea = city.geometry().getArea();
        double sum = districts.stream().mapToDouble(d -> d.geometry().getArea()).sum();
        assertEquals(cityArea, sum, REL * cityArea, "sum of district areas");

        List<Geometry> all = new ArrayList<>();
        districts.forEach(d -> all.add(d.geometry()));
        Geometry union = UnaryUnionOp.union(all);
        assertEquals(cityArea, union.getArea(), REL * cityArea, "area of the union");
        assertEquals(0, union.symDifference(city.geometry()).getArea(), REL * cityArea, "union vs city");

        for (int i = 0; i < districts.size(); i++) {
            for (int j = i + 1; j < districts.size(); j++) {
                DemoRegion a = districts.get(i);
                DemoRegion b = districts.get(j);
                double overlap = a.geometry().intersection(b.geometry()).getArea();
                assertEquals(0, overlap, 1e-12 * cityArea, a.code() + " overlaps " + b.code());
            }
        }
    }

    @Test
    @DisplayName("each district contains its own seat")
    void eachDistrictHoldsItsSeat() {
        // Today all 16 seats lie on the drawn land. Should a redrawn coast leave one offshore, the district
        // cannot contain it; then its geometry must at least be the nearest one to the seat.
        for (District d : ShanghaiDistricts.all()) {
            if (ShanghaiDistricts.onLand(d.seatLon(), d.seatLat())) {
                assertEquals(d.code(), districtAt(d.seatLon(), d.seatLat()), "seat of " + d.nameZh());
            } else {
                assertEquals(
                        d.code(),
                        nearestDistrict(d.seatLon(), d.seatLat()),
                        "seat of " + d.nameZh() + " is off the drawn land; its district should be nearest");
            }
        }
    }

    @Test
    @DisplayName("崇明 is the three islands and holds the island test point; the mainland has no part of it")
    void chongmingIsTheIslands() {
        DemoRegion chongming = DemoRegions.byCode(CHONGMING).orElseThrow();
        assertEquals(3, chongming.geometry().getNumGeometries());
        assertEquals(CHONGMING, districtAt(121.397, 31.623), "崇明岛, 城桥");
        assertEquals(CHONGMING, districtAt(121.700, 31.400), "长兴岛");
        assertEquals(CHONGMING, districtAt(121.860, 31.330), "横沙岛");
        for (int i = 0; i < chongming.geometry().getNumGeometries(); i++) {
            Polygon island = (Polygon) chongming.geometry().getGeometryN(i);
            assertEquals(0, island.getNumInteriorRing(), "islands have no holes");
        }
    }

    @Test
    @DisplayName("People's Square is in 黄浦, and so is 陆家嘴, because the Voronoi cells ignore the 黄浦江")
    void centreLandmarks() {
        assertEquals(HUANGPU, districtAt(121.475, 31.232), "人民广场");
        // Truth of the construction, not of the map: 陆家嘴 is really in 浦东, but nearer the 黄浦 seat.
        assertEquals(HUANGPU, districtAt(121.502, 31.240), "陆家嘴");
        assertEquals(PUDONG, districtAt(121.800, 31.150), "浦东机场");
        // 临港 is really in 浦东 too, but 南汇嘴 is nearer the 奉贤 seat than the 浦东 one.
        assertEquals(FENGXIAN, districtAt(121.930, 30.900), "临港");
    }

    @Test
    @DisplayName("every mainland point lies in the cell of its nearest mainland seat (ground distance at 31.2° N)")
    void cellsAreNearestSeat() {
        List<District> seats = ShanghaiDistricts.all().stream()
                .filter(d -> !d.code().equals(CHONGMING))
                .toList();
        int checked = 0;
        for (double lat = 30.70; lat <= 31.52; lat += 0.013) {
            for (double lon = 120.87; lon <= 121.98; lon += 0.017) {
                String in = districtAt(lon, lat);
                if (in == null || in.equals(CHONGMING)) {
                    continue;
                }
                double best = Double.POSITIVE_INFINITY;
                double second = Double.POSITIVE_INFINITY;
                String nearest = null;
                for (District d : seats) {
                    double dx = (d.seatLon() - lon) * COS_LAT;
                    double dy = d.seatLat() - lat;
                    double dist = Math.sqrt(dx * dx + dy * dy);
                    if (dist < best) {
                        second = best;
                        best = dist;
                        nearest = d.code();
                    } else if (dist < second) {
                        second = dist;
                    }
                }
                if (second - best > 1e-9) {
                    assertEquals(nearest, in, "point " + lon + "," + lat);
                    checked++;
                }
            }
        }
        assertTrue(checked > 2000, "too few mainland points checked: " + checked);
    }

    @Test
    @DisplayName("the regions are computed once and cached")
    void cached() {
        assertSame(regions, DemoRegions.all());
        assertSame(regions.get(5).geometry(), DemoRegions.all().get(5).geometry());
    }

    /** The code of the district whose geometry covers the point, or null if none; fails if two do. */
    private static String districtAt(double lon, double lat) {
        Coordinate c = new Coordinate(lon, lat);
        String found = null;
        for (Map.Entry<String, IndexedPointInAreaLocator> e : locators.entrySet()) {
            if (e.getValue().locate(c) == Location.INTERIOR) {
                assertNull(found, lon + "," + lat + " is inside both " + found + " and " + e.getKey());
                found = e.getKey();
            }
        }
        if (found == null) {
            // On a shared border: take the first district that covers it.
            for (Map.Entry<String, IndexedPointInAreaLocator> e : locators.entrySet()) {
                if (e.getValue().locate(c) == Location.BOUNDARY) {
                    return e.getKey();
                }
            }
        }
        return found;
    }

    private static String nearestDistrict(double lon, double lat) {
        Geometry p = GF.createPoint(new Coordinate(lon, lat));
        String best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (DemoRegion d : districts) {
            double distance = d.geometry().distance(p);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = d.code();
            }
        }
        return best;
    }
}
