package org.yizhan.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The methods each path answers, read from the routers once they are built: every GET route also answers
 * HEAD ({@link #addHead}), and a 405 names what is allowed in its {@code Allow} header ({@link #allow}).
 * Paths are matched the way Vert.x matches them: {@code :name} is one segment, a trailing {@code *} any rest.
 */
public final class AllowedMethods {

    /** @param literals the path's segments without a parameter or wildcard; the most of them wins */
    private record Entry(Pattern path, Set<HttpMethod> methods, int literals, boolean literal) {}

    private final List<Entry> entries = new ArrayList<>();

    /** Lets every GET route of {@code router} answer HEAD too (Vert.x then sends the headers without the body). */
    public static void addHead(Router router) {
        for (Route route : router.getRoutes()) {
            if (route.methods() != null
                    && route.methods().contains(HttpMethod.GET)
                    && !route.methods().contains(HttpMethod.HEAD)) {
                route.method(HttpMethod.HEAD);
            }
        }
    }

    /** Records the method-bound routes with a path (not a bare regex) of {@code router}, mounted at {@code prefix} ("" for the root). */
    public AllowedMethods add(String prefix, Router router) {
        for (Route route : router.getRoutes()) {
            if (route.getPath() != null
                    && route.methods() != null
                    && !route.methods().isEmpty()) {
                String path = prefix + route.getPath();
                int literals = (int) Arrays.stream(path.split("/"))
                        .filter(x -> !x.startsWith(":") && !x.contains("*"))
                        .count();
                entries.add(new Entry(
                        pattern(path), route.methods(), literals, !path.contains(":") && !path.contains("*")));
            }
        }
        return this;
    }

    /** Records methods for every path that {@code regex} matches (such as the static files). */
    public AllowedMethods add(String regex, Set<HttpMethod> methods) {
        entries.add(new Entry(Pattern.compile(regex), methods, 0, false));
        return this;
    }

    /**
     * The {@code Allow} header value for {@code path}: methods in alphabetical order, or "" when none. Of
     * the routes whose paths match, those with the most literal segments speak: {@code /stations/nearest}
     * is not a station id, so {@code /stations/:id}'s methods are not its.
     */
    public String allow(String path) {
        Set<String> names = new TreeSet<>();
        int most = -1;
        for (Entry e : entries) {
            if (e.path.matcher(path).matches()) {
                if (e.literals > most) {
                    names.clear();
                    most = e.literals;
                }
                if (e.literals == most) {
                    e.methods.forEach(m -> names.add(m.name()));
                }
            }
        }
        return String.join(", ", names);
    }

    /**
     * First on a router: a method that a literal path does not take answers 405 with {@code Allow}, rather
     * than reaching a route with a parameter that matches the same path ({@code GET /stations/import} is
     * not the station "import", which would be a 400 about its id).
     */
    public Handler<RoutingContext> literalPathGuard() {
        return ctx -> {
            String path = ctx.request().path();
            HttpMethod method = ctx.request().method();
            boolean literal = false;
            boolean takes = false;
            for (Entry e : entries) {
                if (e.literal && e.path.matcher(path).matches()) {
                    literal = true;
                    takes |= e.methods.contains(method);
                }
            }
            if (literal && !takes && method != HttpMethod.OPTIONS) {
                ctx.response().putHeader("Allow", allow(path));
                ctx.fail(405);
            } else {
                ctx.next();
            }
        };
    }

    private static Pattern pattern(String path) {
        boolean prefix = path.endsWith("*");
        String fixed = prefix ? path.substring(0, path.length() - 1) : path;
        String re = Arrays.stream(fixed.split("/", -1))
                .map(segment -> segment.startsWith(":") ? "[^/]+" : Pattern.quote(segment))
                .collect(Collectors.joining("/"));
        return Pattern.compile(prefix ? re + ".*" : re);
    }
}
