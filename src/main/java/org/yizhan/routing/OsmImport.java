package org.yizhan.routing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yizhan.db.Backup;
import org.yizhan.db.DatabaseTarget;
import org.yizhan.db.ExternalProcess;
import org.yizhan.http.ApiException;

/**
 * The osm2pgsql step of an OpenStreetMap import: runs {@code osm2pgsql} (an external process, at most
 * {@link #TIME_LIMIT}, its output captured) with the flex style {@code sql/osm/roads.lua} on an
 * {@code .osm.pbf} or OSM XML file, which stages the highway ways in {@code osm_import.<table>} and touches
 * no other table. It connects by host, port and user, the password in {@code PGPASSWORD} (never on the
 * command line). Blocking: run it off the event loop.
 */
public final class OsmImport {

    /** Longest an osm2pgsql run may take before it is killed and the import refused. */
    public static final Duration TIME_LIMIT = Duration.ofMinutes(10);
    /** The style on the classpath (sql/ is packaged as db/migration). */
    private static final String STYLE = "db/migration/osm/roads.lua";

    private static final Pattern TABLE = Pattern.compile("roads_[0-9a-f]{16}");
    private static final Pattern ERROR = Pattern.compile("ERROR: (.+)");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The two file formats osm2pgsql reads here, with its reader's name and the file suffix it expects. */
    public enum Format {
        XML("xml", ".osm"),
        PBF("pbf", ".osm.pbf");

        final String reader;
        final String suffix;

        Format(String reader, String suffix) {
            this.reader = reader;
            this.suffix = suffix;
        }
    }

    private OsmImport() {}

    /**
     * The format of a file from its first bytes, or null when it is neither: OSM XML starts with an XML
     * declaration or the {@code <osm} element; a PBF file with a BlobHeader (a 4-byte length, then field 1)
     * whose type is {@code OSMHeader}.
     */
    public static Format sniff(byte[] head) {
        String text = new String(head, 0, Math.min(head.length, 1024), StandardCharsets.UTF_8)
                .replace("\uFEFF", "")
                .stripLeading();
        if ((text.startsWith("<?xml") || text.startsWith("<osm")) && text.contains("<osm")) {
            return Format.XML;
        }
        if (head.length > 14
                && head[0] == 0
                && head[1] == 0
                && head[4] == 0x0A
                && head[5] == 9
                && new String(head, 6, 9, StandardCharsets.US_ASCII).equals("OSMHeader")) {
            return Format.PBF;
        }
        return null;
    }

    /** A fresh staging table name: {@code roads_} and 16 random hex digits, so that imports never share one. */
    public static String newTable() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return "roads_" + HexFormat.of().formatHex(b);
    }

    /** {@code table} when it is a staging table name {@link #newTable} makes; identifiers are never bound. */
    static String checkTable(String table) {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("not a staging table name: " + table);
        }
        return table;
    }

    /**
     * Runs osm2pgsql on {@code file} into {@code osm_import.<table>} of {@code db}.
     *
     * @throws ApiException 422 {@code invalid_osm} naming osm2pgsql's reason when it refuses the file or runs
     *                      out of time; 503 when osm2pgsql is not installed
     */
    public static void stage(DatabaseTarget db, Path file, Format format, String table) {
        String binary = binary();
        Path style = null;
        try {
            style = Files.createTempFile("yizhan-roads", ".lua");
            try (InputStream in = OsmImport.class.getClassLoader().getResourceAsStream(STYLE)) {
                if (in == null) {
                    throw new IllegalStateException(STYLE + " is missing from the classpath");
                }
                Files.write(style, in.readAllBytes());
            }
            Map<String, String> env = new HashMap<>(Backup.pgPassword(db));
            env.put("YIZHAN_OSM_TABLE", checkTable(table));
            env.put("YIZHAN_OSM_HIGHWAYS", String.join(",", TravelMode.HIGHWAYS));
            // Not slim: the nodes stay in osm2pgsql's memory, so nothing but the staging table is written.
            ExternalProcess.run(
                    List.of(
                            binary,
                            "--create",
                            "--output=flex",
                            "--style=" + style,
                            "--host=" + db.host(),
                            "--port=" + db.port(),
                            "--username=" + db.user(),
                            "--database=" + db.database(),
                            "--middle-schema=osm_import",
                            "--number-processes=1",
                            "--log-progress=false",
                            "--input-reader=" + format.reader,
                            file.toAbsolutePath().toString()),
                    env,
                    TIME_LIMIT);
        } catch (ExternalProcess.Failure e) {
            throw new ApiException(
                    422,
                    "invalid_osm",
                    "body",
                    e.timedOut()
                            ? "osm2pgsql did not finish within " + TIME_LIMIT.toMinutes()
                                    + " minutes; import a smaller area"
                            : "osm2pgsql could not import the file: " + reason(e.output()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the osm2pgsql style: " + e.getMessage(), e);
        } finally {
            if (style != null) {
                try {
                    Files.deleteIfExists(style);
                } catch (IOException ignored) {
                    // a temporary file
                }
            }
        }
    }

    /** osm2pgsql's own ERROR line (the last), without its time stamp; at most 500 characters. */
    static String reason(String output) {
        String reason = null;
        Matcher m = ERROR.matcher(output);
        while (m.find()) {
            reason = m.group(1).strip();
        }
        if (reason == null) {
            String[] lines = output.strip().split("\n");
            reason = lines.length == 0 || lines[lines.length - 1].isBlank()
                    ? "it exited without a message"
                    : lines[lines.length - 1].strip();
        }
        return reason.length() <= 500 ? reason : reason.substring(0, 500) + "…";
    }

    private static String binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "osm2pgsql");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new ApiException(
                503,
                "osm2pgsql_missing",
                null,
                "osm2pgsql is not installed on the server: apt-get install osm2pgsql (./yizhan installs it)");
    }
}
