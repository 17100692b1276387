package org.yizhan.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
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

    private record Entry(Pattern path, Set<HttpMethod> methods) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Lets every GET route of {@code router} answer HEAD too (Vert.x then sends the headers without the body). */
    public static void addHead(Router router) {
        for (Route route : router.getRoutes()) {
            if (route.methods() != null && route.methods().contains(HttpMethod.GET)
                    && !route.methods().contains(HttpMethod.HEAD)) {
                route.method(HttpMethod.HEAD);
            }
        }
    }

    /** Records the method-bound routes with a path (not a bare regex) of {@code router}, mounted at {@code prefix} ("" for the root). */
    public AllowedMethods add(String prefix, Router router) {
        for (Route route : router.getRoutes()) {
            if (route.getPath() != null && route.methods() != null && !route.methods().isEmpty()) {
                entries.add(new Entry(pattern(prefix + route.getPath()), route.methods()));
            }
        }
        return this;
    }

    /** Records methods for every path that {@code regex} matches (such as the static files). */
    public AllowedMethods add(String regex, Set<HttpMethod> methods) {
        entries.add(new Entry(Pattern.compile(regex), methods));
        return this;
    }

    /** The {@code Allow} header value for {@code path}: methods in alphabetical order, or "" when none. */
    public String allow(String path) {
        Set<String> names = new TreeSet<>();
        for (Entry e : entries) {
            if (e.path.matcher(path).matches()) {
                e.methods.forEach(m -> names.add(m.name()));
            }
        }
        return String.join(", ", names);
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
