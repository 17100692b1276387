package org.yizhan.reports;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * Synthetic check-ins for the demo city, so that planners' utilisation view is not empty: for each demo
 * station, over the 14 days before now, some hours with one to four visits, more for some stations
 * than others (deterministic: a hash of station id and hour). Loaded only when there are none.
 */
public final class DemoCheckins {

    private static final String LOAD = """
            INSERT INTO station_checkin (station_id, hour, n)
            SELECT s.id, h.hour, 1 + abs(hashtext(s.id::text || h.hour::text)) % 4
            FROM station s
            CROSS JOIN generate_series(date_trunc('hour', now()) - interval '14 days', date_trunc('hour', now()) - interval '1 hour',
                                       interval '1 hour') AS h(hour)
            WHERE s.demo AND s.deleted_at IS NULL
              AND abs(hashtext(h.hour::text || s.id::text)) % 100 < 1 + (s.id % 9) * 2
              AND NOT EXISTS (SELECT 1 FROM station_checkin)""";

    private DemoCheckins() {}

    /** Loads the synthetic check-ins unless any check-in exists. */
    public static Future<Void> loadIfEmpty(SqlClient pool) {
        return pool.query(LOAD).execute().mapEmpty();
    }
}
