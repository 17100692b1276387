package org.yizhan.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import org.yizhan.demand.DemandBatch;
import org.yizhan.demand.DemandRepository;
import org.yizhan.geo.Crs;
import org.yizhan.regions.RegionInput;
import org.yizhan.regions.RegionRepository;
import org.yizhan.reports.DemoCheckins;
import org.yizhan.routing.RoadGraph;
import org.yizhan.routing.RoutingRepository;
import org.yizhan.stations.StationInput;
import org.yizhan.stations.StationRepository;
import org.yizhan.stations.StationValidator;

/**
 * Loads the synthetic Shanghai demo city into an empty database, through the same validation and
 * import path as any client's import (so the demo can never hold data the API would refuse).
 */
public final class DemoLoader {
    /** Fixed so that every fresh install shows the same city. */
    public static final long SEED = 20251;

    public static final int STATIONS = 3_000;

    private DemoLoader() {}

    /** Fixed demand seed and volume: 60,000 synthetic orders, aggregated to ~200 m cells. */
    public static final long DEMAND_SEED = 20252;

    public static final String DEMAND_SOURCE = "demo";
    /** Who the audit trail says loaded the demo. */
    private static final String ACTOR = "system:demo";

    /**
     * Loads each part of the demo that is missing: stations (when there are none), the city and district
     * regions (when there are no regions), demand (when there is none), synthetic check-ins (when there are
     * none). Resolves to the stations loaded.
     */
    public static Future<Integer> loadIfEmpty(Vertx vertx, Pool pool) {
        return loadStations(vertx, pool)
                .compose(n -> loadRegions(vertx, pool).map(n))
                .compose(n -> loadDemand(vertx, pool).map(n))
                .compose(n -> DemoCheckins.loadIfEmpty(pool).map(n))
                .compose(n -> loadRoads(vertx, pool).map(n));
    }

    /** The synthetic road network (DemoRoads), through the import's own noding, when there is no network. */
    private static Future<Void> loadRoads(Vertx vertx, Pool pool) {
        return pool.query("SELECT EXISTS (SELECT 1 FROM road_network) AS present")
                .execute()
                .compose(rows -> {
                    if (rows.iterator().next().getBoolean("present")) {
                        return Future.succeededFuture();
                    }
                    return vertx.executeBlocking(
                                    () -> RoadGraph.fromGeoJson(
                                            DemoRoads.collection().toBuffer()),
                                    false)
                            .compose(g -> new RoutingRepository(pool).replace(DemoRoads.NAME, true, g))
                            .mapEmpty();
                });
    }

    private static Future<Void> loadRegions(Vertx vertx, Pool pool) {
        return pool.query("SELECT EXISTS (SELECT 1 FROM region) AS present")
                .execute()
                .compose(rows -> {
                    if (rows.iterator().next().getBoolean("present")) {
                        return Future.succeededFuture();
                    }
                    return vertx.executeBlocking(
                                    () -> DemoRegions.all().stream()
                                            .map(r -> new RegionInput(
                                                    r.code(),
                                                    r.nameZh(),
                                                    r.level(),
                                                    r.parentCode(),
                                                    true,
                                                    r.geometry()))
                                            .toList(),
                                    false)
                            .compose(inputs -> new RegionRepository(pool).upsertAll(inputs, ACTOR))
                            .mapEmpty();
                });
    }

    private static Future<Void> loadDemand(Vertx vertx, Pool pool) {
        return pool.query("SELECT EXISTS (SELECT 1 FROM demand_point) AS present")
                .execute()
                .compose(rows -> {
                    if (rows.iterator().next().getBoolean("present")) {
                        return Future.succeededFuture();
                    }
                    return vertx.executeBlocking(
                                    () -> {
                                        List<DemoDemand.DemandPoint> points =
                                                DemoDemand.points(DEMAND_SEED, DemoDemand.DEFAULT_SAMPLES);
                                        int n = points.size();
                                        DemandBatch b = new DemandBatch(
                                                new Double[n], new Double[n], new Double[n], new String[n]);
                                        for (int i = 0; i < n; i++) {
                                            b.lon()[i] = points.get(i).lon();
                                            b.lat()[i] = points.get(i).lat();
                                            b.weight()[i] = points.get(i).weight();
                                            b.period()[i] = "weekday-lunch";
                                        }
                                        return b;
                                    },
                                    false)
                            .compose(b -> new DemandRepository(pool).insert(DEMAND_SOURCE, b, false, ACTOR))
                            .mapEmpty();
                });
    }

    private static Future<Integer> loadStations(Vertx vertx, Pool pool) {
        return pool.query("SELECT EXISTS (SELECT 1 FROM station) AS present")
                .execute()
                .compose(rows -> {
                    if (rows.iterator().next().getBoolean("present")) {
                        return Future.succeededFuture(0);
                    }
                    return vertx.executeBlocking(DemoLoader::validatedDemo, false)
                            .compose(inputs -> {
                                List<Integer> ords = new ArrayList<>(inputs.size());
                                for (int i = 0; i < inputs.size(); i++) {
                                    ords.add(i);
                                }
                                return new StationRepository(pool)
                                        .importAll(inputs, ords, ACTOR, 2_000)
                                        .map(totals -> totals[0]);
                            });
                });
    }

    private static List<StationInput> validatedDemo() {
        List<JsonObject> features = DemoCity.features(SEED, STATIONS);
        List<StationInput> out = new ArrayList<>(features.size());
        for (JsonObject f : features) {
            out.add(StationValidator.fromFeature(f, Crs.WGS84));
        }
        return out;
    }
}
