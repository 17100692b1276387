package org.yizhan.routing;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.yizhan.AppConfig;
import org.yizhan.db.Await;
import org.yizhan.db.Backup;
import org.yizhan.db.EmbeddedPostgis;
import org.yizhan.http.ApiException;

/**
 * {@code yizhan network import FILE --name NAME [--synthetic]}: imports a road network into the embedded
 * cluster or the {@code DATABASE_URL} database (migrating the schema first) through the same pipeline as
 * the API ({@link NetworkImports}), replacing the network of that name. FILE is GeoJSON (it starts with
 * {@code {}) or OpenStreetMap (PBF or XML, told by its first bytes). The audit trail records the import
 * by {@code system:cli}. Prints each stage and the counts; the server may run meanwhile.
 */
public final class NetworkCommand {
    /** Who the audit trail says imported from the command line (as for {@code yizhan admin create}). */
    static final String ACTOR = "system:cli";

    static final String USAGE =
            "usage: yizhan network import FILE --name NAME [--synthetic]" + " (FILE: GeoJSON, .osm.pbf or OSM XML)";
    /** A GeoJSON file is parsed in memory; an OSM file goes to osm2pgsql as it is. */
    static final long MAX_GEOJSON_BYTES = 512L * 1024 * 1024;

    private NetworkCommand() {}

    /** Runs the command; returns the exit status: 0 imported, 1 refused or failed (nothing written), 2 usage. */
    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.size() < 4
                || !args.get(0).equals("import")
                || !args.get(2).equals("--name")
                || args.size() > 5
                || args.size() == 5 && !args.get(4).equals("--synthetic")) {
            err.println(USAGE);
            return 2;
        }
        Path file = Path.of(args.get(1));
        String name = args.get(3);
        boolean synthetic = args.size() == 5;
        if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
            err.println("yizhan: the name must be 1 to 64 letters, digits, '_', '.' or '-'");
            return 2;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(1024);
        } catch (IOException e) {
            err.println("yizhan: cannot read " + file + ": " + e.getMessage());
            return 2;
        }
        boolean geoJson = new String(head, java.nio.charset.StandardCharsets.UTF_8)
                .stripLeading()
                .startsWith("{");
        OsmImport.Format format = geoJson ? null : OsmImport.sniff(head);
        if (!geoJson && format == null) {
            err.println("yizhan: " + file + " is neither GeoJSON nor OpenStreetMap (PBF or XML)");
            return 2;
        }
        try {
            AppConfig config = AppConfig.load(env);
            Backup.withPool(config.databaseUrl(), config.dataDir(), 600_000, (target, vertx, pool) -> {
                NetworkImports imports =
                        new NetworkImports(vertx, target, new RoutingRepository(pool), Clock.systemUTC());
                JsonObject answer = await(
                        geoJson
                                ? imports.importGeoJson(readGeoJson(file), name, synthetic, ACTOR)
                                : imports.importOsm(
                                        file,
                                        format,
                                        name,
                                        synthetic,
                                        ACTOR,
                                        s -> out.println("[" + s.percent + "%] " + s.id())));
                if (answer.containsKey("error")) {
                    throw new ApiException(
                            422,
                            "invalid_rows",
                            null,
                            answer.getJsonObject("error").getString("message") + ": "
                                    + answer.getJsonArray("rejected").encode());
                }
                out.println("network " + name + " imported (" + answer.getString("format") + "): "
                        + answer.getInteger("features") + " features, " + answer.getInteger("edges") + " edges, "
                        + answer.getInteger("vertices") + " vertices, network id " + answer.getLong("id"));
            });
            return 0;
        } catch (ApiException
                | IllegalArgumentException
                | IllegalStateException
                | EmbeddedPostgis.EmbeddedPostgisException e) {
            return Await.exitStatus(e, err);
        }
    }

    private static Buffer readGeoJson(Path file) {
        try {
            if (Files.size(file) > MAX_GEOJSON_BYTES) {
                throw new IllegalArgumentException(file + " is larger than " + (MAX_GEOJSON_BYTES >> 20)
                        + " MiB; import an OSM extract or split the area");
            }
            return Buffer.buffer(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static <T> T await(Future<T> f) {
        return Await.result(f, OsmImport.TIME_LIMIT.plusMinutes(20), "the import did not finish in time");
    }
}
