package org.yizhan.routing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.sf.geographiclib.Geodesic;
import org.locationtech.jts.algorithm.LineIntersector;
import org.locationtech.jts.algorithm.RobustLineIntersector;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.noding.MCIndexNoder;
import org.locationtech.jts.noding.NodedSegmentString;
import org.locationtech.jts.noding.SegmentIntersector;
import org.locationtech.jts.noding.SegmentString;
import org.yizhan.http.ApiException;
import org.yizhan.http.Bodies;
import org.yizhan.http.Rejection;

/**
 * A road network import turned into a routable graph: GeoJSON LineStrings with OSM-style {@code highway},
 * {@code oneway} (yes/1/true, -1, no), {@code bridge}/{@code tunnel} and {@code layer} properties (or the
 * same tags of an OSM extract's ways, {@link #fromWays}), noded where roads meet.
 *
 * <p>Noding (JTS {@link MCIndexNoder}, WGS 84 coordinates): ground roads are split wherever they touch or
 * cross — shared end points, T-junctions, crossings. A bridge, a tunnel or a road off layer 0 ("layered")
 * connects only at its own end points: a road passing under a bridge is not joined to it. Vertices are the
 * distinct noded end points (exact coordinates), numbered from 1. Lengths are geodesic (WGS 84 ellipsoid). Pure, not
 * thread-confined; run it off the event loop.
 */
public final class RoadGraph {

    /** Most features one import may carry. */
    public static final int MAX_FEATURES = 200_000;
    /** Most points in one LineString. */
    static final int MAX_POINTS = 10_000;

    /** A noded edge: vertex ids, class, direction, layered, geodesic length (m), coordinates (lon, lat). */
    public record Edge(
            long source,
            long target,
            String highway,
            int oneway,
            boolean layered,
            double lengthM,
            Coordinate[] coords) {}

    /** The graph, or the rows that could not be read (then no graph). */
    public record Result(List<Edge> edges, List<Coordinate> vertices, List<Rejection> rejected, int rows) {}

    private record Road(String highway, int oneway, boolean layered) {}

    private RoadGraph() {}

    /** A way read from somewhere else than GeoJSON (an OSM extract's staged ways): its positions and tags. */
    public record Way(Coordinate[] coords, JsonObject tags) {}

    public static Result fromGeoJson(Buffer body) {
        JsonArray features = Bodies.featureCollection(body);
        if (features.isEmpty()) {
            throw ApiException.invalid("features", "the network has no features");
        }
        return graph(features.size(), i -> feature(features.getValue(i)));
    }

    /**
     * The graph of ways whose tags are those of a GeoJSON import's properties ({@code highway},
     * {@code oneway}, {@code bridge}, {@code tunnel}, {@code layer}): the same checks and the same noding,
     * so that an OSM extract and the same roads as GeoJSON give the same graph. Row numbers are list positions.
     */
    public static Result fromWays(List<Way> ways) {
        return graph(
                ways.size(),
                i -> road(
                        line(java.util.Arrays.asList(ways.get(i).coords())),
                        ways.get(i).tags()));
    }

    /** Reads rows 0 … n-1; any rejected: no graph, every rejection listed; else the noded graph. */
    private static Result graph(int n, java.util.function.IntFunction<SegmentString> row) {
        checkSize(n);
        List<Rejection> rejected = new ArrayList<>();
        List<SegmentString> roads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try {
                roads.add(row.apply(i));
            } catch (ApiException e) {
                rejected.add(new Rejection(i, e.field(), e.getMessage()));
            }
        }
        if (!rejected.isEmpty()) {
            return new Result(List.of(), List.of(), rejected, n);
        }
        return node(roads, n);
    }

    private static void checkSize(int features) {
        if (features > MAX_FEATURES) {
            throw new ApiException(
                    413,
                    "payload_too_large",
                    "features",
                    "a network import may carry at most " + MAX_FEATURES + " features; split the area");
        }
    }

    private static SegmentString feature(Object f) {
        if (!(f instanceof JsonObject o) || !"Feature".equals(o.getValue("type"))) {
            throw ApiException.invalid("type", "each item must be a GeoJSON Feature");
        }
        if (!(o.getValue("geometry") instanceof JsonObject g)
                || !"LineString".equals(g.getValue("type"))
                || !(g.getValue("coordinates") instanceof JsonArray cs)) {
            throw ApiException.invalid("geometry", "geometry must be a LineString");
        }
        if (cs.size() < 2 || cs.size() > MAX_POINTS) {
            throw ApiException.invalid("geometry", "a LineString needs 2 to " + MAX_POINTS + " positions");
        }
        List<Coordinate> coords = new ArrayList<>(cs.size());
        for (int k = 0; k < cs.size(); k++) {
            if (!(cs.getValue(k) instanceof JsonArray p)
                    || p.size() < 2
                    || !(p.getValue(0) instanceof Number lon)
                    || !(p.getValue(1) instanceof Number lat)) {
                throw ApiException.invalid("geometry", "position " + k + " must be [lon, lat] in WGS 84");
            }
            coords.add(new Coordinate(lon.doubleValue(), lat.doubleValue()));
        }
        JsonObject props = o.getValue("properties") instanceof JsonObject p ? p : new JsonObject();
        return road(line(coords), props);
    }

    /** The positions without repeats, checked: WGS 84, 2 to {@link #MAX_POINTS}, some length. */
    private static Coordinate[] line(List<Coordinate> positions) {
        if (positions.size() < 2 || positions.size() > MAX_POINTS) {
            throw ApiException.invalid("geometry", "a LineString needs 2 to " + MAX_POINTS + " positions");
        }
        List<Coordinate> coords = new ArrayList<>(positions.size());
        for (int k = 0; k < positions.size(); k++) {
            Coordinate c = positions.get(k);
            if (!(Math.abs(c.x) <= 180) || !(Math.abs(c.y) <= 90)) {
                throw ApiException.invalid("geometry", "position " + k + " must be [lon, lat] in WGS 84");
            }
            if (coords.isEmpty() || !coords.get(coords.size() - 1).equals2D(c)) {
                coords.add(new Coordinate(c.x, c.y));
            }
        }
        if (coords.size() < 2) {
            throw ApiException.invalid("geometry", "the LineString has no length");
        }
        return coords.toArray(Coordinate[]::new);
    }

    private static SegmentString road(Coordinate[] coords, JsonObject props) {
        Object hw = props.getValue("highway");
        if (!(hw instanceof String highway) || !TravelMode.HIGHWAYS.contains(highway)) {
            throw ApiException.invalid("highway", "highway must be one of " + String.join(", ", TravelMode.HIGHWAYS));
        }
        int oneway = switch (String.valueOf(props.getValue("oneway", "no"))) {
            case "yes", "1", "true" -> 1;
            case "-1", "reverse" -> -1;
            case "no", "0", "false" -> 0;
            default -> throw ApiException.invalid("oneway", "oneway must be yes, -1 or no");
        };
        boolean layered = yes(props, "bridge") || yes(props, "tunnel") || layer(props) != 0;
        return new NodedSegmentString(coords, new Road(highway, oneway, layered));
    }

    /** OSM's layer: an integer (or a string of one), 0 when absent; a road off layer 0 is layered. */
    private static int layer(JsonObject props) {
        Object v = props.getValue("layer");
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        if (v instanceof String s && s.matches("-?[0-9]{1,2}")) {
            return Integer.parseInt(s);
        }
        throw ApiException.invalid("layer", "layer must be an integer (0 is the ground)");
    }

    /** OSM's bridge=yes (or viaduct, true, 1 …): anything but absent, no, false or 0. */
    private static boolean yes(JsonObject props, String key) {
        Object v = props.getValue(key);
        if (v == null || v instanceof Boolean b && !b) {
            return false;
        }
        String s = String.valueOf(v);
        return !(s.equals("no") || s.equals("false") || s.equals("0"));
    }

    @SuppressWarnings("unchecked")
    private static Result node(List<SegmentString> roads, int rows) {
        MCIndexNoder noder = new MCIndexNoder(new LayeredIntersector());
        noder.computeNodes(roads);
        Map<Coordinate, Long> ids = new HashMap<>();
        List<Coordinate> vertices = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (SegmentString s : (java.util.Collection<SegmentString>) noder.getNodedSubstrings()) {
            Coordinate[] cs = s.getCoordinates();
            Road r = (Road) s.getData();
            edges.add(new Edge(
                    vertex(cs[0], ids, vertices),
                    vertex(cs[cs.length - 1], ids, vertices),
                    r.highway(),
                    r.oneway(),
                    r.layered(),
                    lengthM(cs),
                    cs));
        }
        return new Result(edges, vertices, List.of(), rows);
    }

    private static long vertex(Coordinate c, Map<Coordinate, Long> ids, List<Coordinate> vertices) {
        return ids.computeIfAbsent(new Coordinate(c.x, c.y), k -> {
            vertices.add(k);
            return (long) vertices.size();
        });
    }

    static double lengthM(Coordinate[] cs) {
        double m = 0;
        for (int i = 1; i < cs.length; i++) {
            m += Geodesic.WGS84.Inverse(cs[i - 1].y, cs[i - 1].x, cs[i].y, cs[i].x).s12;
        }
        return m;
    }

    /**
     * Adds a node wherever two roads meet, except where a bridge or tunnel crosses: there only at the
     * layered road's own end points.
     */
    private static final class LayeredIntersector implements SegmentIntersector {
        private final LineIntersector li = new RobustLineIntersector();

        @Override
        public void processIntersections(SegmentString e0, int s0, SegmentString e1, int s1) {
            if (e0 == e1 && Math.abs(s0 - s1) <= 1) {
                return;
            }
            Coordinate[] a = e0.getCoordinates();
            Coordinate[] b = e1.getCoordinates();
            li.computeIntersection(a[s0], a[s0 + 1], b[s1], b[s1 + 1]);
            if (!li.hasIntersection()) {
                return;
            }
            boolean layered = ((Road) e0.getData()).layered() || ((Road) e1.getData()).layered();
            for (int k = 0; k < li.getIntersectionNum(); k++) {
                Coordinate p = li.getIntersection(k);
                if (layered && !layeredEnd(e0, p) && !layeredEnd(e1, p)) {
                    continue;
                }
                ((NodedSegmentString) e0).addIntersection(p, s0);
                ((NodedSegmentString) e1).addIntersection(p, s1);
            }
        }

        private static boolean layeredEnd(SegmentString s, Coordinate p) {
            Coordinate[] cs = s.getCoordinates();
            return ((Road) s.getData()).layered() && (cs[0].equals2D(p) || cs[cs.length - 1].equals2D(p));
        }

        @Override
        public boolean isDone() {
            return false;
        }
    }
}
