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
        RoadGraph.Result g = graph(TravelTimeApiTest.road("primary", new JsonObject(), 0, 0, 2, 0),
                TravelTimeApiTest.road("primary", new JsonObject(), 1, -1, 1, 1));
        assertEquals(4, g.edges().size());
        assertEquals(5, g.vertices().size());
    }

    @Test
    @DisplayName("a bridge over a road joins nothing in its middle; a T-junction at its end point does")
    void bridgesJoinOnlyAtTheirEnds() {
        RoadGraph.Result g = graph(TravelTimeApiTest.road("primary", new JsonObject().put("bridge", "yes"), 0, 0, 2, 0),
                TravelTimeApiTest.road("primary", new JsonObject(), 1, -1, 1, 1),
                TravelTimeApiTest.road("residential", new JsonObject(), 2, -1, 2, 1));
        // The bridge stays whole; the road it crosses stays whole; the road its end touches is split there.
        assertEquals(4, g.edges().size());
        assertEquals(6, g.vertices().size());
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
