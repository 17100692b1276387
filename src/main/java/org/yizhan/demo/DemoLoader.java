package org.yizhan.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import org.yizhan.geo.Crs;
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

    private DemoLoader() {
    }

    /** Resolves to the number of stations loaded: 0 when the database already has stations. */
    public static Future<Integer> loadIfEmpty(Vertx vertx, Pool pool) {
        return pool.query("SELECT EXISTS (SELECT 1 FROM station) AS present").execute()
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
                                return new StationRepository(pool).importAll(inputs, ords, "system:demo", 2_000)
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
