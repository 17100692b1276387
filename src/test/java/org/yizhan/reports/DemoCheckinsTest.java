package org.yizhan.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.support.Api;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

@DisplayName("The demo's synthetic check-ins: the utilisation view is not empty out of the box")
class DemoCheckinsTest {

    private final Api api = TestApp.api();
    private final List<Long> demo = new ArrayList<>();
    private long real;

    @BeforeEach
    void stations() {
        TestApp.reset();
        TestApp.await(TestApp.sql().query("TRUNCATE station_checkin").execute());
        for (int i = 0; i < 6; i++) {
            demo.add(create("演示驿站 " + i, 121.40 + i * 0.01));
        }
        real = create("真实驿站", 121.47);
        TestApp.await(TestApp.sql()
                .query("UPDATE station SET demo = true WHERE id <> " + real)
                .execute());
    }

    @AfterEach
    void clean() {
        TestApp.await(TestApp.sql().query("TRUNCATE station_checkin").execute());
        TestApp.reset();
    }

    private long create(String name, double lon) {
        Resp r = api.post("/api/v1/stations", Fixtures.restStation(name, lon, 31.2));
        assertEquals(201, r.status(), r.toString());
        return r.json().getLong("id");
    }

    @Test
    @DisplayName(
            "demo stations get past hours of visits over 14 days, unequal between stations; real stations none; a second load adds nothing")
    void loadedOnceForDemoStationsOnly() {
        TestApp.await(DemoCheckins.loadIfEmpty(TestApp.sql()));
        long rows = TestApp.count("SELECT count(*) FROM station_checkin");
        assertTrue(rows > 0, "check-ins loaded");
        assertEquals(0, TestApp.count("SELECT count(*) FROM station_checkin WHERE station_id = " + real));
        assertEquals(
                0,
                TestApp.count("SELECT count(*) FROM station_checkin WHERE hour >= date_trunc('hour', now())"
                        + " OR hour < now() - interval '14 days 1 hour' OR n NOT BETWEEN 1 AND 4"));
        assertTrue(
                TestApp.count(
                                "SELECT count(DISTINCT v) FROM (SELECT sum(n) AS v FROM station_checkin GROUP BY station_id) t")
                        > 1,
                "visits differ between stations");

        TestApp.await(DemoCheckins.loadIfEmpty(TestApp.sql()));
        assertEquals(rows, TestApp.count("SELECT count(*) FROM station_checkin"), "loaded only when there are none");

        JsonArray regions = new JsonArray()
                .add(Fixtures.rectangleRegion("demo-util", "Demo", "custom", null, 121.35, 31.1, 121.55, 31.3));
        assertEquals(
                200,
                api.post("/api/v1/regions/import", Fixtures.collection(regions)).status());
        Resp u = api.get("/api/v1/coverage/utilisation?region=demo-util&radius_m=500");
        assertEquals(200, u.status(), u.toString());
        int visited = 0;
        for (Object o : u.json().getJsonArray("stations")) {
            JsonObject s = (JsonObject) o;
            if (s.getLong("id") == real) {
                assertEquals(0L, s.getLong("visits"), "the real station");
            } else if (s.getLong("visits") > 0) {
                visited++;
            }
        }
        // A station's share of hours is 1-17 % (by id): the rarest may have none in 14 days by chance.
        assertTrue(visited >= demo.size() - 1, visited + " of " + demo.size() + " demo stations visited");
    }
}
