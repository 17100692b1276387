package org.yizhan.ogc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

/**
 * A real OGC API – Features client against the running test server: GDAL's OAPIF driver ({@code ogrinfo}
 * and {@code ogr2ogr} from Debian's gdal-bin, which {@code ./yizhan test} installs) lists the layers, counts
 * the stations, applies a spatial filter and copies what an attribute filter selects.
 */
@DisplayName("GDAL (ogrinfo, OAPIF driver) reads the OGC API")
class OgcGdalTest {

    /** 30 stations on a 6 × 5 grid, 0.01° apart, from 121.40, 31.20. */
    private static final int COLUMNS = 6;

    private static final int ROWS = 5;

    @BeforeAll
    static void fixtures() {
        TestApp.reset();
        JsonArray features = new JsonArray();
        for (int x = 0; x < COLUMNS; x++) {
            for (int y = 0; y < ROWS; y++) {
                features.add(Fixtures.restStation("驿站 " + x + "-" + y, 121.40 + x * 0.01, 31.20 + y * 0.01));
            }
        }
        Resp r = TestApp.api().post("/api/v1/stations/import", Fixtures.collection(features));
        assertEquals(200, r.status(), r::toString);
    }

    @Test
    @DisplayName("ogrinfo lists the stations and regions layers, and the stations layer has every station")
    void layersAndCount() {
        String layers = ogrinfo("-ro", "-q", url());
        assertTrue(layers.contains("stations") && layers.contains("regions"), layers);
        String summary = ogrinfo("-ro", "-al", "-so", url(), "stations");
        assertEquals(COLUMNS * ROWS, featureCount(summary), summary);
        assertTrue(summary.contains("name: String"), "the station properties are fields: " + summary);
    }

    @Test
    @DisplayName("a spatial filter (-spat) returns exactly the stations in the box")
    void spatialFilter() {
        // x = 1..3 (121.41..121.43) and y = 2..4 (31.22..31.24): 9 stations.
        List<String> box = List.of("-spat", "121.405", "31.215", "121.435", "31.245");
        List<String> args = new ArrayList<>(List.of("-ro", "-al", "-so"));
        args.addAll(box);
        args.addAll(List.of(url(), "stations"));
        assertEquals(9, featureCount(ogrinfo(args.toArray(String[]::new))));
        List<String> full = new ArrayList<>(List.of("-ro", "-al", "-q"));
        full.addAll(box);
        full.addAll(List.of(url(), "stations"));
        String listing = ogrinfo(full.toArray(String[]::new));
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("name \\(String\\) = (.+)").matcher(listing);
        while (m.find()) {
            names.add(m.group(1).trim());
        }
        List<String> expected = new ArrayList<>();
        for (int x = 1; x <= 3; x++) {
            for (int y = 2; y <= 4; y++) {
                expected.add("驿站 " + x + "-" + y);
            }
        }
        assertEquals(
                expected.stream().sorted().toList(), names.stream().sorted().toList(), listing);
    }

    @Test
    @DisplayName("ogr2ogr copies the stations an attribute filter (-where) selects into a GeoJSON file")
    void copyWithWhere(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("stations.geojson");
        run("ogr2ogr", "-f", "GeoJSON", out.toString(), url(), "stations", "-where", "name = '驿站 2-3'");
        JsonArray features = new JsonObject(Files.readString(out)).getJsonArray("features");
        assertEquals(1, features.size(), features::encode);
        assertEquals(
                "驿站 2-3", features.getJsonObject(0).getJsonObject("properties").getString("name"));
    }

    private static String url() {
        return "OAPIF:http://127.0.0.1:" + TestApp.get().port() + "/ogc";
    }

    private static int featureCount(String ogrinfoOutput) {
        Matcher m = Pattern.compile("Feature Count: (\\d+)").matcher(ogrinfoOutput);
        assertTrue(m.find(), "a feature count in: " + ogrinfoOutput);
        return Integer.parseInt(m.group(1));
    }

    private static String ogrinfo(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("ogrinfo");
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    /** Runs a GDAL program with a 60 s bound; its output (stdout and stderr) must be a success. */
    private static String run(String... command) {
        List<String> cmd = List.of(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("GDAL_HTTP_TIMEOUT", "30");
        pb.environment().put("CPL_DEBUG", "OFF");
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("ogrinfo took more than 60 s: " + cmd);
            }
            String text = new String(out, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + text);
            assertTrue(!text.contains("ERROR"), text);
            return text;
        } catch (IOException e) {
            fail(command[0] + " is not installed (Debian package gdal-bin; ./yizhan deps installs it): "
                    + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
