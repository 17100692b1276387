package org.yizhan.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yizhan.support.ErrorAssertions.assertJsonError;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.yizhan.db.DatabaseTarget;
import org.yizhan.support.Api;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;
import org.yizhan.support.TestDirs;

/**
 * OpenStreetMap imports through osm2pgsql (sql/osm/roads.lua), on a hand-made OSM XML town:
 *
 * <pre>
 *   n9 -------------- n8 (bridge's north end) ----- n10        north road, residential, y = 31.206
 *            [building]|                             :
 *                      |  bridge (secondary, layer 1) : highway=proposed (not a road class)
 *          n11 ===footway, y = 31.203===n12          :
 *           n6         |                             :
 *           |          |                             :
 *   n1 ---- n2 ------- n3 --------------------------- n4 ==motorway (implied one-way)== n13    y = 31.200
 *   |   ¦   |  tertiary crossing at n2
 *   |  untagged way
 *   n7  (one-way south)
 *           n5
 * </pre>
 *
 * Kept: 7 ways; noded: w1 at n2 and n3, w2 at n2, w5 at n8 (11 edges); the footway crosses the bridge
 * without a node (13 vertices). The untagged way, the building and the proposed road are left out.
 */
@DisplayName("OpenStreetMap network imports through osm2pgsql, as a job, audited")
class OsmImportApiTest {

    static final String TOWN_OSM = """
            <?xml version="1.0" encoding="UTF-8"?>
            <osm version="0.6" generator="by hand">
              <node id="1" lat="31.200" lon="121.44"/>
              <node id="2" lat="31.200" lon="121.45"/>
              <node id="3" lat="31.200" lon="121.46"/>
              <node id="4" lat="31.200" lon="121.47"/>
              <node id="5" lat="31.197" lon="121.45"/>
              <node id="6" lat="31.203" lon="121.45"/>
              <node id="7" lat="31.196" lon="121.44"/>
              <node id="8" lat="31.206" lon="121.46"/>
              <node id="9" lat="31.206" lon="121.44"/>
              <node id="10" lat="31.206" lon="121.47"/>
              <node id="11" lat="31.203" lon="121.455"/>
              <node id="12" lat="31.203" lon="121.465"/>
              <node id="13" lat="31.200" lon="121.50"/>
              <node id="14" lat="31.199" lon="121.445"/>
              <node id="15" lat="31.201" lon="121.445"/>
              <node id="16" lat="31.2055" lon="121.452"/>
              <node id="17" lat="31.2055" lon="121.458"/>
              <node id="18" lat="31.2065" lon="121.458"/>
              <node id="19" lat="31.2065" lon="121.452"/>
              <way id="101"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><tag k="highway" v="residential"/></way>
              <way id="102"><nd ref="5"/><nd ref="2"/><nd ref="6"/><tag k="highway" v="tertiary"/></way>
              <way id="103"><nd ref="1"/><nd ref="7"/><tag k="highway" v="residential"/><tag k="oneway" v="yes"/></way>
              <way id="104"><nd ref="3"/><nd ref="8"/><tag k="highway" v="secondary"/><tag k="bridge" v="yes"/><tag k="layer" v="1"/></way>
              <way id="105"><nd ref="9"/><nd ref="8"/><nd ref="10"/><tag k="highway" v="residential"/><tag k="name" v="北岸路"/></way>
              <way id="106"><nd ref="11"/><nd ref="12"/><tag k="highway" v="footway"/></way>
              <way id="107"><nd ref="4"/><nd ref="13"/><tag k="highway" v="motorway"/><tag k="ref" v="G15"/></way>
              <way id="108"><nd ref="14"/><nd ref="15"/></way>
              <way id="109"><nd ref="16"/><nd ref="17"/><nd ref="18"/><nd ref="19"/><nd ref="16"/><tag k="building" v="yes"/></way>
              <way id="110"><nd ref="10"/><nd ref="4"/><tag k="highway" v="proposed"/></way>
            </osm>
            """;

    private Api api;
    private String planner;

    @BeforeEach
    void empty() {
        TestApp.reset();
        TestApp.await(TestApp.sql().query("TRUNCATE road_network CASCADE").execute());
        api = TestApp.api();
        planner = token("planner");
    }

    /** The same roads as GeoJSON, with the motorway's one-way (implied in OSM) and the bridge's layer spelled out. */
    static JsonObject townGeoJson() {
        JsonObject none = new JsonObject();
        return Fixtures.collection(new JsonArray()
                .add(TravelTimeApiTest.road(
                        "residential", none, 121.44, 31.2, 121.45, 31.2, 121.46, 31.2, 121.47, 31.2))
                .add(TravelTimeApiTest.road("tertiary", none, 121.45, 31.197, 121.45, 31.2, 121.45, 31.203))
                .add(TravelTimeApiTest.road(
                        "residential", new JsonObject().put("oneway", "yes"), 121.44, 31.2, 121.44, 31.196))
                .add(TravelTimeApiTest.road(
                        "secondary",
                        new JsonObject().put("bridge", "yes").put("layer", 1),
                        121.46,
                        31.2,
                        121.46,
                        31.206))
                .add(TravelTimeApiTest.road("residential", none, 121.44, 31.206, 121.46, 31.206, 121.47, 31.206))
                .add(TravelTimeApiTest.road("footway", none, 121.455, 31.203, 121.465, 31.203))
                .add(TravelTimeApiTest.road(
                        "motorway", new JsonObject().put("oneway", "yes"), 121.47, 31.2, 121.50, 31.2)));
    }

    private String token(String role) {
        Resp issued =
                api.post("/api/v1/tokens", new JsonObject().put("role", role).put("label", "osm " + role));
        assertEquals(201, issued.status(), issued.toString());
        return issued.json().getString("token");
    }

    private Resp as(String token, HttpMethod method, String uri, String type, Buffer body) {
        return api.send(method, uri, type, body, Map.of("Authorization", "Bearer " + token));
    }

    private Resp postOsm(String name, String type, String body) {
        return as(
                planner,
                HttpMethod.POST,
                "/api/v1/networks/import?format=osm&name=" + name,
                type,
                Buffer.buffer(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** Polls the job of a 202 answer until it is no longer running (at most a minute); returns it. */
    private JsonObject finished(Resp accepted) {
        assertEquals(202, accepted.status(), accepted.toString());
        String location = accepted.header("Location");
        assertEquals("/api/v1/networks/jobs/" + accepted.json().getString("id"), location);
        long until = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < until) {
            Resp r = as(planner, HttpMethod.GET, location, null, null);
            assertEquals(200, r.status(), r.toString());
            JsonObject job = r.json();
            if (!job.getString("status").equals("running")) {
                return job;
            }
            assertTrue(job.getInteger("percent") < 100, job.encode());
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("the import job did not finish in a minute");
    }

    private long station(double lon, double lat) {
        Resp r = api.post("/api/v1/stations", Fixtures.restStation("驿站", lon, lat));
        assertEquals(201, r.status(), r.toString());
        return r.json().getLong("id");
    }

    private JsonObject isochrone(long id, String mode, int minutes) {
        Resp r = api.get("/api/v1/stations/" + id + "/isochrone?mode=" + mode + "&minutes=" + minutes);
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    private static Geometry polygon(JsonObject feature) {
        return TravelTimeApiTest.polygon(feature.getJsonObject("geometry").getJsonArray("coordinates"));
    }

    private static List<Row> rows(String sql) {
        List<Row> out = new java.util.ArrayList<>();
        TestApp.await(TestApp.sql().query(sql).execute()).forEach(out::add);
        return out;
    }

    private static long stagingTables() {
        return TestApp.count("SELECT count(*) FROM pg_tables WHERE schemaname = 'osm_import'");
    }

    private JsonArray networkImportEvents() {
        Resp r = api.admin(HttpMethod.GET, "/api/v1/audit?action=network_import", null, Map.of());
        assertEquals(200, r.status(), r.toString());
        return r.json().getJsonArray("events");
    }

    private static void assertCounts(JsonObject answer, String format) {
        assertEquals(format, answer.getString("format"), answer.encode());
        assertEquals(
                7, answer.getInteger("features"), "the untagged way, the building and the proposed road are left out");
        assertEquals(11, answer.getInteger("edges"), "noded at the crossing and the bridge's ends only");
        assertEquals(13, answer.getInteger("vertices"), "the footway under the bridge is not joined to it");
    }

    @Test
    @DisplayName(
            "a hand-made OSM file gives the graph and the isochrones of the same roads imported as GeoJSON, and both imports are audited")
    void sameGraphAsGeoJson() {
        Resp geo = api.post("/api/v1/networks/import?name=town", townGeoJson());
        assertEquals(200, geo.status(), geo.toString());
        assertCounts(geo.json(), "geojson");
        long crossing = station(121.45, 31.2001);
        long motorwayEnd = station(121.50, 31.2001);
        JsonObject ebikeGeo = isochrone(crossing, "ebike", 4);
        JsonObject carGeo = isochrone(motorwayEnd, "car", 3);

        JsonObject job = finished(postOsm("town", "application/vnd.openstreetmap.data+xml", TOWN_OSM));
        assertEquals("succeeded", job.getString("status"), job.encode());
        assertEquals("done", job.getString("stage"));
        assertEquals(100, job.getInteger("percent"));
        JsonObject result = job.getJsonObject("result");
        assertCounts(result, "osm");
        assertNotEquals(geo.json().getLong("id"), result.getLong("id"), "the network was replaced");
        assertEquals(1, TestApp.count("SELECT count(*) FROM road_network"), "one network of that name");
        assertEquals(0, stagingTables(), "the staging table is dropped");

        long id = result.getLong("id");
        Set<String> classes = new HashSet<>();
        rows("SELECT DISTINCT highway FROM road_edge WHERE network_id = " + id)
                .forEach(r -> classes.add(r.getString(0)));
        assertEquals(Set.of("residential", "tertiary", "secondary", "footway", "motorway"), classes);
        assertEquals(
                List.of(1),
                rows("SELECT oneway FROM road_edge WHERE network_id = " + id + " AND highway = 'motorway'").stream()
                        .map(r -> (int) r.getShort(0))
                        .toList(),
                "a motorway is one-way unless tagged otherwise");
        assertEquals(
                List.of(true),
                rows("SELECT layered FROM road_edge WHERE network_id = " + id + " AND highway = 'secondary'").stream()
                        .map(r -> r.getBoolean(0))
                        .toList(),
                "the bridge");
        assertEquals(
                2,
                TestApp.count("SELECT count(*) FROM road_edge WHERE network_id = " + id + " AND oneway = 1"),
                "the one-way street and the motorway");
        assertEquals(
                0,
                TestApp.count("SELECT count(*) FROM road_vertex WHERE network_id = " + id
                        + " AND ST_DWithin(geom, ST_SetSRID(ST_MakePoint(121.46, 31.203), 4326), 1e-7)"),
                "no vertex where the footway passes under the bridge");

        JsonObject ebikeOsm = isochrone(crossing, "ebike", 4);
        assertEquals(id, ebikeOsm.getJsonObject("properties").getLong("network_id"));
        Geometry a = polygon(ebikeGeo);
        Geometry b = polygon(ebikeOsm);
        assertTrue(a.symDifference(b).getArea() <= 1e-9 * a.getArea(), "the same e-bike isochrone from both imports");
        assertEquals(
                ebikeGeo.getJsonObject("properties").getLong("vertices_reached"),
                ebikeOsm.getJsonObject("properties").getLong("vertices_reached"));
        JsonObject carOsm = isochrone(motorwayEnd, "car", 3);
        assertEquals(
                1,
                carOsm.getJsonObject("properties").getLong("vertices_reached"),
                "no car goes back up the one-way motorway from its end");
        assertEquals(
                carGeo.getJsonObject("properties").getLong("vertices_reached"),
                carOsm.getJsonObject("properties").getLong("vertices_reached"));

        JsonArray events = networkImportEvents();
        assertEquals(2, events.size(), events.encode());
        JsonObject osm = events.getJsonObject(0);
        JsonObject geojson = events.getJsonObject(1);
        assertEquals("network:town", osm.getString("subject"));
        assertEquals("osm", osm.getJsonObject("details").getString("format"));
        assertEquals(11, osm.getJsonObject("details").getInteger("edges"));
        assertEquals(7, osm.getJsonObject("details").getInteger("features"));
        assertEquals(id, osm.getJsonObject("details").getLong("network_id"));
        JsonObject me = as(planner, HttpMethod.GET, "/api/v1/me", null, null).json();
        String plannerActor = "token:" + me.getLong("token_id") + " (" + me.getString("label") + ")";
        assertEquals(plannerActor, osm.getString("actor"), "the planner who imported");
        assertEquals("geojson", geojson.getJsonObject("details").getString("format"));
        assertEquals(13, geojson.getJsonObject("details").getInteger("vertices"));
        assertNotEquals(plannerActor, geojson.getString("actor"), "the admin imported the GeoJSON");
    }

    @Test
    @DisplayName(
            "a bad OSM file answers 422 with the reason (at once, or in its job) and the old network stays as it was")
    void badFileKeepsTheOldNetwork() {
        Resp geo = api.post("/api/v1/networks/import?name=town", townGeoJson());
        assertEquals(200, geo.status(), geo.toString());
        long before = geo.json().getLong("id");

        assertJsonError(
                postOsm("town", "application/octet-stream", "hello, not a map"),
                "neither XML nor PBF",
                422,
                "invalid_osm",
                "body");
        JsonObject truncated = finished(postOsm("town", "application/octet-stream", TOWN_OSM.substring(0, 900)));
        assertEquals("failed", truncated.getString("status"), truncated.encode());
        JsonObject error = truncated.getJsonObject("error");
        assertEquals(422, error.getInteger("status"));
        assertEquals("invalid_osm", error.getString("code"));
        assertTrue(error.getString("message").contains("XML parsing error"), error.encode());
        String onlyBuilding = TOWN_OSM.replaceAll("(?s)<way id=\"10[1-8]\">.*?</way>", "");
        JsonObject noRoads = finished(postOsm("town", "application/vnd.openstreetmap.data+xml", onlyBuilding));
        assertEquals("no_roads", noRoads.getJsonObject("error").getString("code"), noRoads.encode());
        assertEquals(422, noRoads.getJsonObject("error").getInteger("status"));

        assertEquals(
                List.of(before),
                rows("SELECT id FROM road_network").stream()
                        .map(r -> r.getLong(0))
                        .toList(),
                "the old network is kept");
        assertEquals(11, TestApp.count("SELECT count(*) FROM road_edge WHERE network_id = " + before));
        assertEquals(0, stagingTables(), "failed runs leave no staging table");
        assertEquals(1, networkImportEvents().size(), "only the import that was written is audited");

        assertJsonError(
                as(
                        planner,
                        HttpMethod.POST,
                        "/api/v1/networks/import?format=osm&name=town",
                        "application/json",
                        Buffer.buffer(TOWN_OSM)),
                "JSON for an OSM import",
                415,
                "unsupported_media_type",
                "Content-Type");
        assertJsonError(
                as(
                        planner,
                        HttpMethod.POST,
                        "/api/v1/networks/import?format=shp&name=town",
                        "application/octet-stream",
                        Buffer.buffer(TOWN_OSM)),
                "unknown format",
                400,
                "invalid_parameter",
                "format");
        assertJsonError(
                as(planner, HttpMethod.GET, "/api/v1/networks/jobs/no-such-job", null, null),
                "unknown job",
                404,
                "not_found",
                null);
        String editor = token("editor");
        assertJsonError(
                as(
                        editor,
                        HttpMethod.POST,
                        "/api/v1/networks/import?format=osm&name=town",
                        "application/octet-stream",
                        Buffer.buffer(TOWN_OSM)),
                "editors do not import networks",
                403,
                "forbidden",
                "Authorization");
        assertEquals(
                403,
                as(editor, HttpMethod.GET, "/api/v1/networks/jobs/" + noRoads.getString("id"), null, null)
                        .status(),
                "nor see their jobs");
    }

    private static int command(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        DatabaseTarget db = TestApp.get().database();
        String url = "postgresql://" + db.user() + ":" + db.password() + "@" + db.host() + ":" + db.port() + "/"
                + db.database();
        return NetworkCommand.run(
                List.of(args),
                Map.of("DATABASE_URL", url),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName(
            "network import FILE --name NAME imports an OSM or a GeoJSON file from the command line, audited as system:cli")
    void commandLine() throws Exception {
        Path dir = Files.createDirectories(TestDirs.base().resolve("osm-cli"));
        Path osm = Files.writeString(dir.resolve("town.osm"), TOWN_OSM);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(
                0,
                command(out, err, "import", osm.toString(), "--name", "cli-town"),
                err.toString(StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("network cli-town imported (osm): 7 features, 11 edges, 13 vertices"), printed);
        assertTrue(printed.contains("staging") && printed.contains("writing"), "stages are shown: " + printed);
        assertEquals(
                11,
                TestApp.count("SELECT count(*) FROM road_edge e JOIN road_network n ON n.id = e.network_id"
                        + " WHERE n.name = 'cli-town'"));

        Path geo = Files.writeString(dir.resolve("town.geojson"), townGeoJson().encode());
        ByteArrayOutputStream out2 = new ByteArrayOutputStream();
        assertEquals(
                0,
                command(
                        out2,
                        new ByteArrayOutputStream(),
                        "import",
                        geo.toString(),
                        "--name",
                        "cli-town",
                        "--synthetic"));
        assertTrue(
                out2.toString(StandardCharsets.UTF_8).contains("imported (geojson): 7 features, 11 edges, 13 vertices"),
                out2.toString(StandardCharsets.UTF_8));
        assertEquals(
                List.of(true),
                rows("SELECT synthetic FROM road_network WHERE name = 'cli-town'").stream()
                        .map(r -> r.getBoolean(0))
                        .toList());

        Path bad = Files.writeString(dir.resolve("bad.osm"), TOWN_OSM.substring(0, 900));
        ByteArrayOutputStream err3 = new ByteArrayOutputStream();
        assertEquals(1, command(new ByteArrayOutputStream(), err3, "import", bad.toString(), "--name", "cli-town"));
        assertTrue(
                err3.toString(StandardCharsets.UTF_8).contains("XML parsing error"),
                err3.toString(StandardCharsets.UTF_8));
        assertEquals(
                2,
                command(new ByteArrayOutputStream(), new ByteArrayOutputStream(), "import", osm.toString()),
                "no --name: usage");

        JsonArray events = networkImportEvents();
        assertEquals(2, events.size(), "two imports written, the bad one not: " + events.encode());
        for (int i = 0; i < events.size(); i++) {
            assertEquals("system:cli", events.getJsonObject(i).getString("actor"));
            assertEquals("network:cli-town", events.getJsonObject(i).getString("subject"));
        }
        assertEquals("geojson", events.getJsonObject(0).getJsonObject("details").getString("format"));
        assertEquals("osm", events.getJsonObject(1).getJsonObject("details").getString("format"));
    }
}
