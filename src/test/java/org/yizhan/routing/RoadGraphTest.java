package org.yizhan.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.coverage.CoverageRoutes;
import org.yizhan.support.Fixtures;

@DisplayName("Road graph noding and travel-mode costs")
class RoadGraphTest {

    private static RoadGraph.Result graph(JsonObject... roads) {
        JsonArray f = new JsonArray();
        for (JsonObject r : roads) {
            f.add(r);
        }
        return RoadGraph.fromGeoJson(Fixtures.collection(f).toBuffer());
    }

    @Test
    @DisplayName("two ground roads crossing without a shared vertex are split into four edges meeting at one vertex")
    void crossingRoadsAreNoded() {
        RoadGraph.Result g = graph(
                TravelTimeApiTest.road("primary", new JsonObject(), 0, 0, 2, 0),
                TravelTimeApiTest.road("primary", new JsonObject(), 1, -1, 1, 1));
        assertEquals(4, g.edges().size());
        assertEquals(5, g.vertices().size());
    }

    @Test
    @DisplayName("a bridge over a road joins nothing in its middle; a T-junction at its end point does")
    void bridgesJoinOnlyAtTheirEnds() {
        RoadGraph.Result g = graph(
                TravelTimeApiTest.road("primary", new JsonObject().put("bridge", "yes"), 0, 0, 2, 0),
                TravelTimeApiTest.road("primary", new JsonObject(), 1, -1, 1, 1),
                TravelTimeApiTest.road("residential", new JsonObject(), 2, -1, 2, 1));
        // The bridge stays whole; the road it crosses stays whole; the road its end touches is split there.
        assertEquals(4, g.edges().size());
        assertEquals(6, g.vertices().size());
    }

    @Test
    @DisplayName(
            "a road off layer 0 crosses ground roads without joining them, like a bridge; layer 0 joins; a bad layer is rejected")
    void layersJoinOnlyAtTheirEnds() {
        RoadGraph.Result under = graph(
                TravelTimeApiTest.road("primary", new JsonObject().put("layer", "-1"), 0, 0, 2, 0),
                TravelTimeApiTest.road("primary", new JsonObject(), 1, -1, 1, 1));
        assertEquals(2, under.edges().size());
        RoadGraph.Result ground = graph(
                TravelTimeApiTest.road("primary", new JsonObject().put("layer", 0), 0, 0, 2, 0),
                TravelTimeApiTest.road("primary", new JsonObject(), 1, -1, 1, 1));
        assertEquals(4, ground.edges().size());
        RoadGraph.Result bad =
                graph(TravelTimeApiTest.road("primary", new JsonObject().put("layer", "high"), 0, 0, 2, 0));
        assertEquals("layer", bad.rejected().get(0).field());
    }

    @Test
    @DisplayName("ways given as positions and tags (an OSM extract's) are noded exactly as the same roads in GeoJSON")
    void waysAsGeoJson() {
        JsonObject bridge =
                new JsonObject().put("highway", "primary").put("oneway", "no").put("bridge", "yes");
        JsonObject ground = new JsonObject().put("highway", "residential").put("oneway", "yes");
        RoadGraph.Result ways = RoadGraph.fromWays(java.util.List.of(
                new RoadGraph.Way(
                        new org.locationtech.jts.geom.Coordinate[] {
                            new org.locationtech.jts.geom.Coordinate(0, 0),
                            new org.locationtech.jts.geom.Coordinate(2, 0)
                        },
                        bridge),
                new RoadGraph.Way(
                        new org.locationtech.jts.geom.Coordinate[] {
                            new org.locationtech.jts.geom.Coordinate(1, -1),
                            new org.locationtech.jts.geom.Coordinate(1, 1),
                            new org.locationtech.jts.geom.Coordinate(2, 0)
                        },
                        ground)));
        RoadGraph.Result geo = graph(
                TravelTimeApiTest.road("primary", new JsonObject().put("bridge", "yes"), 0, 0, 2, 0),
                TravelTimeApiTest.road("residential", new JsonObject().put("oneway", "yes"), 1, -1, 1, 1, 2, 0));
        assertEquals(geo.edges().size(), ways.edges().size());
        assertEquals(geo.vertices(), ways.vertices());
        for (int i = 0; i < geo.edges().size(); i++) {
            assertArrayEquals(geo.edges().get(i).coords(), ways.edges().get(i).coords());
            assertEquals(geo.edges().get(i).oneway(), ways.edges().get(i).oneway());
            assertEquals(geo.edges().get(i).layered(), ways.edges().get(i).layered());
        }
    }

    @Test
    @DisplayName("costs are seconds at the mode's speed, -1 where the mode may not go or against a one-way")
    void costs() {
        assertArrayEquals(new double[] {200.0, -1.0}, TravelMode.EBIKE.costs("residential", 1, 1000), 1e-9);
        assertArrayEquals(new double[] {720.0, 720.0}, TravelMode.WALK.costs("residential", 1, 1000), 1e-9);
        assertArrayEquals(new double[] {-1.0, -1.0}, TravelMode.EBIKE.costs("motorway", 0, 1000), 1e-9);
        assertArrayEquals(new double[] {-1.0, 45.0}, TravelMode.CAR.costs("motorway", -1, 1000), 1e-9);
        assertNull(TravelMode.TRUCK.kmh("cycleway"));
    }

    @Test
    @DisplayName("coverage accepts exactly the travel modes routing defines")
    void oneVocabulary() {
        assertEquals(Set.copyOf(TravelMode.ids()), CoverageRoutes.TRAVEL_MODES);
    }
}
