package org.yizhan.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yizhan.routing.TravelTimeApiTest.NORTH;
import static org.yizhan.routing.TravelTimeApiTest.SOUTH;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.yizhan.coverage.CoverageRepository.Area;
import org.yizhan.coverage.CoverageRepository.Union;
import org.yizhan.coverage.CoverageService.Travel;
import org.yizhan.stations.StationFilter;
import org.yizhan.support.Api;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

/**
 * The stations' united reach when stations are added: the reach so far united with the new starts' own
 * reaches ({@link ReachService#union}) is the area a search from every start gives (a second, fresh
 * service on the same database), on the hand-made town of {@link TravelTimeApiTest}.
 */
@DisplayName("United reach: adding stations unites their own reaches with the cached one, as a full search")
class ReachUnionTest {

    private static Pool pool;
    private static Vertx vertx;
    private static Api api;

    @BeforeAll
    static void town() {
        api = TravelTimeApiTest.freshTown();
        vertx = TestApp.get().vertx();
        pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(2))
                .connectingTo(TestApp.get().database().connectOptions(60_000))
                .using(vertx)
                .build();
    }

    @AfterAll
    static void close() {
        TestApp.await(pool.close());
    }

    private static final Area AREA = area();

    private static Area area() {
        Geometry box = new GeometryFactory().toGeometry(new Envelope(121.43, 121.51, 31.19, 31.22));
        box.setSRID(4326);
        return new Area(null, null, "box", null, box, null, 32651, 5, 0.08, 0.03, 0);
    }

    /** Runs on a Vert.x context, as the routes do (the buffering runs on its worker threads). */
    private static <T> T onContext(Supplier<Future<T>> work) {
        Promise<T> p = Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> work.get().onComplete(p));
        return TestApp.await(p.future());
    }

    private static Union union(ReachService s) {
        return onContext(() -> s.union(
                AREA, StationFilter.NONE.withStatuses(java.util.List.of("open")), new Travel("ebike", 3), new long[0]));
    }

    /** A projected reach back in WGS 84, cut to the area. */
    private static Geometry inArea(Geometry projected) {
        Geometry g = projected.copy();
        g.apply(new org.locationtech.jts.geom.CoordinateFilter() {
            @Override
            public void filter(org.locationtech.jts.geom.Coordinate c) {
                double[] ll = org.yizhan.geo.Utm.toWgs84(c.x, c.y, AREA.srid());
                c.x = ll[0];
                c.y = ll[1];
            }
        });
        g.geometryChanged();
        return g.intersection(AREA.wgs84());
    }

    private static long station(String name, double lon, double lat) {
        return api.post("/api/v1/stations", Fixtures.restStation(name, lon, lat))
                .json()
                .getLong("id");
    }

    @Test
    @DisplayName(
            "S, then N across the river and X at the motorway's end: the cached reach grown by theirs equals a fresh search from all three")
    void addedStationsAsAFullSearch() {
        ReachService kept = new ReachService(new RoutingRepository(pool));
        long[] ids = new long[3];
        ids[0] = station("S", 121.45, SOUTH);
        Union first = union(kept);
        assertEquals(1, first.stations());
        ids[1] = station("N", 121.45, NORTH);
        ids[2] = station("X", 121.50, SOUTH);
        Union grown = union(kept);
        Union fresh = union(new ReachService(new RoutingRepository(pool)));
        assertEquals(3, grown.stations());
        assertEquals(3, fresh.stations());
        // Within the area: beyond it a site's reach runs on, where the search stops at edges near the area.
        Geometry a = inArea(grown.covered());
        Geometry b = inArea(fresh.covered());
        assertTrue(a.getArea() > inArea(first.covered()).getArea() * 1.5, "N and X reach more: " + a.getArea());
        // And the stations' isochrones (the endpoint's own SQL and buffer), X's being its vertex alone: the
        // motorway at its end is closed to e-bikes.
        Geometry iso = null;
        for (long id : ids) {
            Geometry g = TravelTimeApiTest.polygon(api.get("/api/v1/stations/" + id + "/isochrone?mode=ebike&minutes=3")
                    .json()
                    .getJsonObject("geometry")
                    .getJsonArray("coordinates"));
            iso = iso == null ? g : iso.union(g);
        }
        assertEquals(iso.intersection(AREA.wgs84()).getArea(), b.getArea(), 1e-3 * b.getArea());
        assertEquals(b.getArea(), a.getArea(), 1e-6 * b.getArea());
        assertTrue(a.symDifference(b).getArea() < 1e-6 * b.getArea(), "the same area, not only as much");
    }

    @Test
    @DisplayName(
            "plan: the sites' search is read twice (the edges from and to each reached vertex), never joined back by start and vertex")
    void sitesPlanReadsTheSearchTwice() {
        long vertex = TestApp.await(TestApp.sql()
                        .query("SELECT id FROM road_vertex ORDER BY geom <-> ST_SetSRID(ST_MakePoint(121.45, " + SOUTH
                                + "), 4326) LIMIT 1")
                        .execute())
                .iterator()
                .next()
                .getLong(0);
        long network = TestApp.await(
                        TestApp.sql().query("SELECT max(id) FROM road_network").execute())
                .iterator()
                .next()
                .getLong(0);
        try (org.yizhan.support.PreparedPlans plans = new org.yizhan.support.PreparedPlans()) {
            io.vertx.core.json.JsonObject plan = plans.explain(
                    RoutingRepository.sitesSql(TravelMode.EBIKE),
                    io.vertx.sqlclient.Tuple.tuple()
                            .addArrayOfLong(new Long[] {network})
                            .addArrayOfLong(new Long[] {vertex})
                            .addDouble(180.0)
                            .addDouble(1_000.0)
                            .addInteger(32651),
                    6);
            long searchReads = org.yizhan.support.PreparedPlans.nodes(plan).stream()
                    .filter(n -> "CTE Scan".equals(n.getString("Node Type")) && "dd".equals(n.getString("CTE Name")))
                    .count();
            // A join back to it by (network, start, vertex) was once planned as a merge on the start alone:
            // 25 million rows for one central start on a 200,000-edge grid right after its import.
            assertEquals(2, searchReads, plan.encodePrettily());
        }
    }

    @Test
    @DisplayName("the added starts are what the new set has beyond the old; a removed start means none (search again)")
    void addedStarts() {
        RoutingRepository.Starts before =
                new RoutingRepository.Starts(new long[] {1, 1, 2}, new long[] {3, 7, 1}, 3, 9);
        RoutingRepository.Starts more =
                new RoutingRepository.Starts(new long[] {1, 1, 1, 2, 2}, new long[] {2, 3, 7, 1, 4}, 6, 9);
        long[][] added = ReachService.added(before, more);
        assertArrayEquals(new long[] {1, 2}, added[0]);
        assertArrayEquals(new long[] {2, 4}, added[1]);
        RoutingRepository.Starts fewer = new RoutingRepository.Starts(new long[] {1, 2}, new long[] {3, 1}, 2, 9);
        assertNull(ReachService.added(before, fewer));
        RoutingRepository.Starts moved = new RoutingRepository.Starts(new long[] {1, 1, 2}, new long[] {3, 8, 1}, 3, 9);
        assertNull(ReachService.added(before, moved));
        assertEquals(0, ReachService.added(before, before)[0].length);
    }
}
