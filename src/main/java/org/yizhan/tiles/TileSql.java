package org.yizhan.tiles;

import io.vertx.core.MultiMap;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yizhan.http.Params;
import org.yizhan.stations.StationFilter;

/**
 * Prints the station tile statement the server runs for a tile request without filters, for
 * {@code bench/tiles.sh}, so that its plain-PostgreSQL peer (pgbench) runs the very same SQL and no
 * copy of it can fall behind. {@code $1..$3} (z, x, y) become the pgbench variables {@code :z},
 * {@code :x}, {@code :y}; the stale cutoff and the default filter's values become literals, as the
 * server would bind them now.
 *
 * <pre>java -cp target/yizhan.jar org.yizhan.tiles.TileSql ZOOM</pre>
 */
public final class TileSql {

    private static final Pattern PARAM = Pattern.compile("\\$(\\d+)");

    private TileSql() {}

    public static void main(String[] args) {
        System.out.println(forZoom(Integer.parseInt(args[0]), Instant.now()));
    }

    /** The statement of a zoom-{@code z} station tile without filters at {@code now} (the default stale age, 180 days). */
    static String forZoom(int z, Instant now) {
        StationFilter filter =
                StationFilter.from(new Params(MultiMap.caseInsensitiveMultiMap()), StationFilter.NOT_CLOSED);
        Instant cutoff = now.minus(Duration.ofDays(180)).truncatedTo(ChronoUnit.HOURS);
        return pgbench(TileRepository.stationSql(filter, z), TileRepository.stationArgs(filter, z, 0, 0, cutoff));
    }

    /** {@code sql} with $1..$3 as pgbench variables and every later parameter as the literal of its value. */
    static String pgbench(String sql, Tuple args) {
        Matcher m = PARAM.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int n = Integer.parseInt(m.group(1));
            String r = switch (n) {
                case 1 -> ":z";
                case 2 -> ":x";
                case 3 -> ":y";
                default -> literal(args.getValue(n - 1));
            };
            m.appendReplacement(out, Matcher.quoteReplacement(r));
        }
        return m.appendTail(out).toString();
    }

    private static String literal(Object v) {
        if (v instanceof String[] a) {
            return "'{" + String.join(",", a) + "}'::text[]";
        }
        if (v instanceof java.time.OffsetDateTime t) {
            return "'" + t + "'::timestamptz";
        }
        if (v instanceof Boolean || v instanceof Number) {
            return v.toString();
        }
        throw new IllegalArgumentException("no literal for " + v.getClass());
    }
}
