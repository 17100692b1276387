package org.yizhan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.support.ServerProcess;

/**
 * The server as a user runs it: a separate JVM started from {@link Main} with its own data directory and
 * embedded cluster, stopped with SIGTERM or killed with kill -9.
 */
@DisplayName("Server lifecycle: first start, restart, crash recovery")
class LifecycleTest {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroy();
                p.waitFor();
            }
        }
    }

    private ServerProcess start(Path dataDir, Map<String, String> env) throws Exception {
        Map<String, String> all = new java.util.HashMap<>();
        all.put("DATABASE_URL", null);
        all.put("YIZHAN_ADMIN_TOKEN", null);
        all.put("YIZHAN_DATA_DIR", dataDir.toString());
        all.putAll(env);
        ServerProcess server = ServerProcess.start(all);
        started.add(server.process());
        return server;
    }

    private HttpResponse<String> get(ServerProcess s, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(ServerProcess s, String path, String token, String json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Path freshDataDir(String name) throws IOException {
        Path dir = org.yizhan.support.TestDirs.base().resolve(name + "-" + System.nanoTime());
        Files.createDirectories(dir);
        return dir;
    }

    private static int stationCount(String body) {
        return new JsonObject(body).getInteger("numberReturned");
    }

    @Test
    @DisplayName(
            "first start loads the demo city and prints the admin token once; a restart keeps data and prints no token")
    void firstStartAndRestart() throws Exception {
        Path dir = freshDataDir("restart");
        ServerProcess first = start(
                dir,
                Map.of(
                        "YIZHAN_DEMO",
                        "true",
                        "YIZHAN_TILE_URL",
                        "https://tiles.example/{z}/{x}/{y}.png",
                        "YIZHAN_TILE_ATTRIBUTION",
                        "© Example"));
        JsonObject web = new JsonObject(get(first, "/config.json").body());
        assertEquals(
                "https://tiles.example/{z}/{x}/{y}.png",
                web.getJsonArray("tiles").getJsonObject(0).getString("url"));
        assertEquals("© Example", web.getJsonArray("tiles").getJsonObject(0).getString("attribution"));
        Matcher m = Pattern.compile("Admin token[^\\n]*\\n\\s+(\\S+)").matcher(first.output());
        assertTrue(m.find(), "the first start prints the admin token:\n" + first.output());
        String token = m.group(1);
        assertEquals(200, get(first, "/ready").statusCode());
        HttpResponse<String> demo =
                get(first, "/api/v1/stations/nearest?lon=121.4737&lat=31.2304&limit=100&max_distance_m=50000");
        long matched = new JsonObject(demo.body()).getLong("numberMatched");
        assertTrue(matched >= 2_500, "the demo city has about 3,000 stations, " + matched + " within 50 km of 人民广场");
        assertTrue(
                new JsonObject(demo.body())
                        .getJsonArray("features")
                        .getJsonObject(0)
                        .getJsonObject("properties")
                        .getBoolean("demo"),
                "demo stations are marked demo: true");
        HttpResponse<String> created = post(
                first,
                "/api/v1/stations",
                token,
                "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[100.0,10.0]},"
                        + "\"properties\":{\"kind\":\"meal\",\"name\":\"重启后仍在\"}}");
        assertEquals(201, created.statusCode(), created.body());

        // SIGTERM: graceful stop, cluster stopped too.
        first.process().destroy();
        int exit = first.process().waitFor();
        assertTrue(exit == 143 || exit == 0, "SIGTERM ends the JVM normally, exit " + exit);
        assertFalse(Files.exists(dir.resolve("pg").resolve("postmaster.pid")), "SIGTERM stops the cluster cleanly");

        ServerProcess second = start(dir, Map.of("YIZHAN_DEMO", "true"));
        assertFalse(second.output().contains("Admin token"), "no new token on restart");
        HttpResponse<String> noTiles = get(second, "/config.json");
        assertEquals(
                200, noTiles.statusCode(), "no tiles configured: still a configuration, so the page logs no error");
        assertEquals(
                0, new JsonObject(noTiles.body()).getJsonArray("tiles").size(), "no tiles: the page uses a blank base");
        assertEquals(
                1,
                stationCount(get(second, "/api/v1/stations/nearest?lon=100&lat=10&max_distance_m=1000")
                        .body()));
        HttpResponse<String> again =
                get(second, "/api/v1/stations/nearest?lon=121.4737&lat=31.2304&limit=1&max_distance_m=50000");
        assertEquals(
                matched, new JsonObject(again.body()).getLong("numberMatched"), "the demo city is not loaded twice");
        HttpResponse<String> stillAdmin = post(
                second,
                "/api/v1/stations",
                token,
                "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[100.001,10.0]},"
                        + "\"properties\":{\"kind\":\"meal\",\"name\":\"旧令牌仍可用\"}}");
        assertEquals(201, stillAdmin.statusCode(), "the token printed at first start still works");
    }

    @Test
    @DisplayName(
            "after kill -9 of the server, and of the server and its postmaster, the next start recovers with the data")
    void killNineRecovers() throws Exception {
        Path dir = freshDataDir("kill9");
        String token = "lifecycle-admin-token-123456";
        Map<String, String> env = Map.of("YIZHAN_DEMO", "false", "YIZHAN_ADMIN_TOKEN", token);
        ServerProcess first = start(dir, env);
        assertEquals(
                201,
                post(
                                first,
                                "/api/v1/stations",
                                token,
                                "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[121.5,31.2]},"
                                        + "\"properties\":{\"kind\":\"meal\",\"name\":\"崩溃前\"}}")
                        .statusCode());
        first.process().destroyForcibly().waitFor();
        // The postmaster outlives the JVM: the next start must take the cluster over, not fail.
        assertTrue(Files.exists(dir.resolve("pg").resolve("postmaster.pid")));

        ServerProcess second = start(dir, env);
        assertEquals(
                1,
                stationCount(get(second, "/api/v1/stations/nearest?lon=121.5&lat=31.2&max_distance_m=100")
                        .body()));

        // Now a real crash: the JVM and the postmaster die together, leaving a stale postmaster.pid.
        long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("pg").resolve("postmaster.pid"))
                .get(0)
                .trim());
        second.process().destroyForcibly().waitFor();
        ProcessHandle pm = ProcessHandle.of(postmaster).orElseThrow();
        pm.destroyForcibly();
        pm.onExit().get();
        assertTrue(Files.exists(dir.resolve("pg").resolve("postmaster.pid")), "a stale pid file is left behind");

        ServerProcess third = start(dir, env);
        assertNotNull(third);
        assertEquals(200, get(third, "/ready").statusCode());
        assertEquals(
                1,
                stationCount(get(third, "/api/v1/stations/nearest?lon=121.5&lat=31.2&max_distance_m=100")
                        .body()));
    }

    @Test
    @DisplayName(
            "postgres killed with kill -9 under writes: 503 + Retry-After meanwhile, restarted by the server, no acknowledged write lost")
    void databaseKilledUnderWrites() throws Exception {
        Path dir = freshDataDir("dbkill");
        String token = "lifecycle-admin-token-0123456789";
        ServerProcess s = start(dir, Map.of("YIZHAN_DEMO", "false", "YIZHAN_ADMIN_TOKEN", token));
        List<Long> acknowledged = writeAll(s, token, 20);
        int n = 20;
        long pid = Long.parseLong(Files.readAllLines(dir.resolve("pg").resolve("postmaster.pid"))
                .get(0)
                .trim());
        assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly(), "SIGKILL the postmaster");

        int unavailable = 0;
        long slowest = 0;
        boolean recovered = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!recovered && System.nanoTime() < deadline) {
            // Each write answers (the server bounds every API answer at 15 s; the client waits 20 s): 201, or
            // 503 naming when to retry; never a 500.
            long t0 = System.nanoTime();
            HttpResponse<String> w = write(s, token, n++);
            slowest = Math.max(slowest, (System.nanoTime() - t0) / 1_000_000);
            if (w.statusCode() == 201) {
                acknowledged.add(new JsonObject(w.body()).getLong("id"));
                recovered = unavailable > 0;
            } else {
                assertEquals(503, w.statusCode(), w.body());
                assertEquals("1", w.headers().firstValue("Retry-After").orElse(null), w.body());
                assertTrue(
                        List.of("unavailable", "timeout")
                                .contains(new JsonObject(w.body())
                                        .getJsonObject("error")
                                        .getString("code")),
                        w.body());
                unavailable++;
                Thread.sleep(100);
            }
        }
        System.out.println("database outage: " + unavailable + " answers 503, slowest answer " + slowest + " ms");
        assertTrue(unavailable > 0, "the outage was seen");
        assertTrue(recovered, "the server started its database again and answers writes, without a restart");
        assertEquals(200, get(s, "/ready").statusCode());
        for (long id : acknowledged) {
            assertEquals(200, get(s, "/api/v1/stations/" + id).statusCode(), "acknowledged station " + id + " kept");
        }
        assertTrue(s.output().contains("embedded PostGIS was down and has been restarted"), s.output());
    }

    /** {@code count} stations written one by one, each acknowledged with 201; their ids. */
    private List<Long> writeAll(ServerProcess s, String token, int count) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> created = write(s, token, i);
            assertEquals(201, created.statusCode(), created.body());
            ids.add(new JsonObject(created.body()).getLong("id"));
        }
        return ids;
    }

    private HttpResponse<String> write(ServerProcess s, String token, int i) throws Exception {
        String json = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + (100 + i * 0.01)
                + ",10.0]},\"properties\":{\"kind\":\"meal\",\"name\":\"写入 " + i + "\"}}";
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/api/v1/stations"))
                        .timeout(Duration.ofSeconds(20))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName(
            "a second server on the same data directory is refused, and the first keeps its database and serves on")
    void secondServerOnTheSameDataDirIsRefused() throws Exception {
        Path dir = freshDataDir("twice");
        String token = "lifecycle-admin-token-0123456789";
        ServerProcess first = start(dir, Map.of("YIZHAN_DEMO", "false", "YIZHAN_ADMIN_TOKEN", token));
        String pid = Files.readString(dir.resolve("pg").resolve("postmaster.pid"), StandardCharsets.UTF_8)
                .lines()
                .findFirst()
                .orElseThrow();
        AssertionError refused = org.junit.jupiter.api.Assertions.assertThrows(
                AssertionError.class, () -> start(dir, Map.of("YIZHAN_DEMO", "false", "YIZHAN_ADMIN_TOKEN", token)));
        assertTrue(
                refused.getMessage()
                        .contains(
                                "another Yizhan process (pid " + first.process().pid() + ") is using"),
                refused.getMessage());
        assertEquals(
                pid,
                Files.readString(dir.resolve("pg").resolve("postmaster.pid"), StandardCharsets.UTF_8)
                        .lines()
                        .findFirst()
                        .orElseThrow(),
                "the first server's postmaster was left alone");
        assertEquals(201, write(first, token, 1).statusCode(), "the first server writes on");
        assertEquals(0, command(dir, "backup", dir.resolve("beside.dump")), "a backup beside it still works");
        assertEquals(2, command(dir, "restore", dir.resolve("beside.dump")), "a restore under it is refused");
    }

    @Test
    @DisplayName("backup while the server runs, restore into a fresh data directory: stations and tokens come back")
    void backupAndRestore() throws Exception {
        Path a = freshDataDir("backup-a");
        String token = "lifecycle-admin-token-0123456789";
        ServerProcess first = start(a, Map.of("YIZHAN_DEMO", "false", "YIZHAN_ADMIN_TOKEN", token));
        List<Long> ids = writeAll(first, token, 3);
        long atBackup = tileVersion(first);
        Path dump = a.resolve("yizhan.dump");
        assertEquals(0, command(a, "backup", dump), "backup beside the running server");
        assertTrue(Files.size(dump) > 1_000, "a dump was written");
        assertEquals(
                "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dump)),
                "the dump holds token hashes: owner only");
        byte[] good = Files.readAllBytes(dump);
        assertEquals(2, command(a.resolve("no-such-dir"), "backup", dump), "a backup of nothing is refused");
        assertArrayEquals(good, Files.readAllBytes(dump), "a failed backup leaves the previous one intact");
        assertEquals(2, command(a, "restore", dump), "a restore under a running server is refused");
        HttpResponse<String> later = write(first, token, 99);
        assertEquals(201, later.statusCode(), "the server kept serving through the backup");
        long afterBackup = tileVersion(first);
        first.process().destroy();
        first.process().waitFor();

        Path b = freshDataDir("backup-b");
        assertEquals(0, command(b, "restore", dump), "restore into a fresh directory");
        // No YIZHAN_ADMIN_TOKEN: the restored token table already holds an admin, so none is generated.
        ServerProcess second = start(b, Map.of("YIZHAN_DEMO", "false"));
        assertFalse(second.output().contains("Admin token"), "the restored admin token is kept, no new one");
        for (long id : ids) {
            assertEquals(200, get(second, "/api/v1/stations/" + id).statusCode(), "station " + id + " restored");
        }
        assertEquals(
                404,
                get(second, "/api/v1/stations/" + new JsonObject(later.body()).getLong("id"))
                        .statusCode(),
                "a write after the backup is not in it");
        long restored = tileVersion(second);
        assertTrue(
                restored != atBackup && restored != afterBackup,
                "the restore moved the data version on (ETags "
                        + "of the backup's time, or of writes since, name other data): " + atBackup + ", " + afterBackup
                        + ", " + restored);
        assertEquals(201, write(second, token, 100).statusCode(), "the restored admin token works");
    }

    /** The data version in the world tile's ETag ({@code W/"<version>.…"}): what a phone revalidates with. */
    private long tileVersion(ServerProcess s) throws Exception {
        HttpResponse<String> r = get(s, "/api/v1/tiles/stations/0/0/0.mvt");
        assertEquals(200, r.statusCode(), r.body());
        String etag = r.headers().firstValue("ETag").orElseThrow();
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("^W/\"(\\d+)\\.").matcher(etag);
        assertTrue(m.find(), etag);
        return Long.parseLong(m.group(1));
    }

    /** Runs {@code Main backup|restore FILE} in its own JVM on {@code dataDir}; returns its exit code. */
    private static int command(Path dataDir, String command, Path file) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "org.yizhan.Main",
                command,
                file.toString());
        pb.environment().remove("DATABASE_URL");
        pb.environment().put("YIZHAN_DATA_DIR", dataDir.toString());
        Path out = Files.createTempFile("yizhan-" + command, ".log");
        pb.redirectErrorStream(true).redirectOutput(out.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES), command + " finished");
        if (p.exitValue() != 0) {
            System.err.println(command + " said: " + Files.readString(out));
        }
        return p.exitValue();
    }
}
