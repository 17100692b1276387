package org.yizhan.routing;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;
import org.yizhan.coverage.CoverageRepository.Area;
import org.yizhan.coverage.CoverageRepository.Union;
import org.yizhan.coverage.CoverageService;
import org.yizhan.coverage.FutureCache;
import org.yizhan.http.ApiException;
import org.yizhan.stations.StationFilter;

/**
 * Travel-time reach of stations and sites. A station's isochrone is cached under its id, its version,
 * the mode, the minutes and the road networks' data version: a station write (new version) or a network
 * import (new network version) recomputes it, and nothing else does. The stations' united reach for a
 * coverage is cached under its start vertices ({@link #union}), a site's under its vertex ({@link
 * #reach}). Thread-safe; shared by all event loops.
 */
public final class ReachService implements CoverageService.TravelCoverage {

    /** Reached areas kept (each a polygon of some kilobytes). */
    static final int CACHE_ENTRIES = 20_000;

    private final RoutingRepository repo;
    private final FutureCache<Reach> cache = new FutureCache<>(CACHE_ENTRIES, "routing_reach");
    /** Sites' reached areas (what-if's added points, suggestions' candidates), projected. */
    static final int SITE_ENTRIES = 5_000;

    private final FutureCache<Geometry> sites = new FutureCache<>(SITE_ENTRIES, "routing_sites");
    /** Stations' united reached areas (projected WKB, some megabytes on a city's 200,000 edges). */
    static final int UNION_ENTRIES = 32;

    private final FutureCache<byte[]> unions = new FutureCache<>(UNION_ENTRIES, "routing_union");

    public ReachService(RoutingRepository repo) {
        this.repo = repo;
    }

    /**
     * A station's reached area: WGS 84 WKB and GeoJSON geometry, vertices reached, the network it used,
     * and whether this answer came from the cache.
     */
    public record Reach(byte[] wkb, String geoJson, long vertices, long networkId, double snapM, boolean cached) {}

    /**
     * The area a station reaches within {@code minutes} by {@code mode}; 404 when there is no such station,
     * 422 {@code no_network} when no network vertex lies within {@value RoutingRepository#MAX_SNAP_M} m.
     */
    public Future<Reach> station(long id, TravelMode mode, int minutes) {
        return repo.snap(id).compose(snap -> {
            if (snap == null) {
                return Future.failedFuture(ApiException.notFound("station " + id + " does not exist"));
            }
            return reach(id, snap, mode, minutes);
        });
    }

    private Future<Reach> reach(long id, RoutingRepository.Snap snap, TravelMode mode, int minutes) {
        if (snap.networkId() == null || snap.distanceM() > RoutingRepository.MAX_SNAP_M) {
            return Future.failedFuture(new ApiException(
                    422,
                    "no_network",
                    "id",
                    "no road network covers station "
                            + id + ": the nearest road vertex is "
                            + (snap.networkId() == null ? "in no network" : Math.round(snap.distanceM()) + " m away")
                            + " (at most " + (int) RoutingRepository.MAX_SNAP_M
                            + " m); import one with POST /api/v1/networks/import"));
        }
        String key = id + "|v" + snap.stationVersion() + "|" + mode.id() + "|" + minutes + "|n" + snap.networkVersion();
        boolean cached = cache.hasCompleted(key);
        return cache.get(
                        key,
                        () -> repo.reach(mode, snap, minutes * 60.0)
                                .map(r -> new Reach(
                                        r.wkb(), r.geoJson(), r.vertices(), snap.networkId(), snap.distanceM(), false)))
                .map(r -> new Reach(r.wkb(), r.geoJson(), r.vertices(), r.networkId(), r.snapM(), cached));
    }

    /**
     * The union of the reached areas of the stations that may reach the area (those within the mode's
     * top speed times the minutes), projected to the area's SRID, by one multi-source search
     * ({@link RoutingRepository#covered}) whose reached pieces are buffered by {@link ReachedArea} on a
     * worker thread; the answer equals the union of the stations' isochrones. A city's 3,000 stations cost
     * one search instead of 3,000. Stations without a network reach nothing and count as not considered.
     *
     * <p>Cached ({@value #UNION_ENTRIES} entries) under what the search starts from — the area, SRID, mode,
     * minutes, the networks' data version and the sorted set of start vertices ({@link
     * RoutingRepository#starts}, a 20 ms query) — not under the stations' data version: a station write
     * that moves no start (a name, hours, amenities outside the filter, a second station at a vertex
     * already used) reuses the area, and only a write that changes the starts searches again.
     */
    @Override
    public Future<Union> union(Area area, StationFilter filter, CoverageService.Travel travel, long[] removed) {
        TravelMode mode = TravelMode.of(travel.mode());
        double nearM = mode.maxKmh() / 3.6 * travel.minutes() * 60;
        byte[] areaWkb = new WKBWriter(2).write(area.wgs84());
        Buffer wkb = Buffer.buffer(areaWkb);
        byte[] areaDigest = sha256(areaWkb);
        return repo.starts(wkb, nearM, removed, filter).compose(st -> {
            if (st.vertices().length == 0) {
                return Future.succeededFuture(new Union(null, st.stations()));
            }
            // The last reach is looked up per filter and removals too, so that other queries on the same
            // area do not take its place between two station writes.
            String base = startsKey(areaDigest, area.srid(), mode, travel.minutes(), st.networkVersion(), null) + "|"
                    + filter + "|" + java.util.Arrays.toString(removed);
            String key = startsKey(areaDigest, area.srid(), mode, travel.minutes(), st.networkVersion(), st);
            Searched before = latest(base);
            Future<byte[]> united = unions.get(key, () -> {
                Future<byte[]> prior = before == null ? null : unions.ifCompleted(before.key());
                long[][] added = prior == null ? null : added(before.starts(), st);
                if (added != null && added[0].length <= MAX_ADDED_STARTS) {
                    // Only stations added: the reach so far, united with each new start's own reach.
                    return prior.compose(prev -> vertexAreas(
                                    area.srid(), mode, travel.minutes(), st.networkVersion(), added[0], added[1])
                            .compose(areas -> offLoop(() -> {
                                List<Geometry> parts = new ArrayList<>(areas);
                                if (prev != null) {
                                    parts.add(0, read(prev));
                                }
                                return new WKBWriter(2).write(org.yizhan.coverage.CoverageCalculator.union(parts));
                            })));
                }
                return repo.covered(wkb, area.srid(), nearM, travel.minutes() * 60.0, st, mode)
                        .compose(c -> offLoop(() -> {
                            Geometry reached = buffered(c.ground(), c.layered());
                            return reached == null ? null : new WKBWriter(2).write(reached);
                        }));
            });
            return united.map(covered -> {
                remember(base, new Searched(st, key));
                return new Union(covered, st.stations());
            });
        });
    }

    /** Most starts added since the last search that are united one by one rather than searched again. */
    static final int MAX_ADDED_STARTS = 64;

    /** The starts of the last united reach for an area, mode, time and network, and its cache key. */
    private record Searched(RoutingRepository.Starts starts, String key) {}

    private final java.util.Map<String, Searched> latest = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Searched> eldest) {
            return size() > UNION_ENTRIES;
        }
    };

    private Searched latest(String base) {
        synchronized (latest) {
            return latest.get(base);
        }
    }

    private void remember(String base, Searched s) {
        synchronized (latest) {
            latest.put(base, s);
        }
    }

    /**
     * The starts in {@code now} and not in {@code before} (networks, vertices), when {@code now} holds
     * every start of {@code before}; null when a start was removed or moved away (a new search is needed).
     * Both are sorted by network, then vertex.
     */
    static long[][] added(RoutingRepository.Starts before, RoutingRepository.Starts now) {
        long[] bn = before.networks();
        long[] bv = before.vertices();
        long[] nn = now.networks();
        long[] nv = now.vertices();
        List<long[]> add = new ArrayList<>();
        int i = 0;
        for (int k = 0; k < nv.length; k++) {
            int c = i < bv.length ? compare(bn[i], bv[i], nn[k], nv[k]) : 1;
            if (c == 0) {
                i++;
            } else if (c > 0) {
                add.add(new long[] {nn[k], nv[k]});
            } else {
                return null;
            }
        }
        if (i < bv.length) {
            return null;
        }
        return new long[][] {
            add.stream().mapToLong(a -> a[0]).toArray(),
            add.stream().mapToLong(a -> a[1]).toArray()
        };
    }

    private static int compare(long n1, long v1, long n2, long v2) {
        return n1 != n2 ? Long.compare(n1, n2) : Long.compare(v1, v2);
    }

    /**
     * A digest of everything a coverage search depends on besides the area's own digest (SHA-256, so that
     * no two inputs share a key); {@code st} null: without the starts (the key of {@link #latest}).
     */
    private static String startsKey(
            byte[] areaDigest,
            int srid,
            TravelMode mode,
            int minutes,
            long networkVersion,
            RoutingRepository.Starts st) {
        int n = st == null ? 0 : st.vertices().length;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(areaDigest.length + 8 * (2 * n + 4));
        b.put(areaDigest).putLong(srid).putLong(minutes).putLong(networkVersion).putLong(st == null ? -1 : n);
        for (int i = 0; i < n; i++) {
            b.putLong(st.networks()[i]).putLong(st.vertices()[i]);
        }
        return mode.id() + "|" + java.util.HexFormat.of().formatHex(sha256(b.array()));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Runs CPU-bound geometry on a worker thread of the calling Vert.x context (an event loop's). */
    private static <T> Future<T> offLoop(java.util.concurrent.Callable<T> work) {
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("travel-time coverage must be asked for on a Vert.x context");
        }
        return context.executeBlocking(work, false);
    }

    @Override
    public Future<double[][]> joined(double[] lon, double[] lat) {
        return lon.length == 0 ? Future.succeededFuture(new double[2][0]) : repo.joined(lon, lat);
    }

    /**
     * Each point snaps to its nearest vertex (the stations' rule) and reaches what a station there would:
     * the vertex's own search, buffered in the area's SRID. Cached per vertex, mode, minutes, SRID and
     * network version ({@value #SITE_ENTRIES} entries), so the suggestions' candidates and a what-if with
     * the suggested sites share the work, and the same vertex always gives the same polygon.
     */
    @Override
    public Future<List<Geometry>> reach(
            Area area, CoverageService.Travel travel, double[] lon, double[] lat, String field) {
        if (lon.length == 0) {
            return Future.succeededFuture(List.of());
        }
        TravelMode mode = TravelMode.of(travel.mode());
        return repo.snap(lon, lat).compose(s -> {
            long[] nets = new long[lon.length];
            long[] vids = new long[lon.length];
            for (int i = 0; i < lon.length; i++) {
                RoutingRepository.Joined j = s.points().get(i);
                if (j.networkId() == null || j.distanceM() > RoutingRepository.MAX_SNAP_M) {
                    return Future.failedFuture(new ApiException(
                            422,
                            "no_network",
                            field,
                            field + "[" + i
                                    + "] is "
                                    + (j.networkId() == null
                                            ? "not near any road network"
                                            : Math.round(j.distanceM()) + " m from the nearest road vertex")
                                    + "; a site reaches by road only within "
                                    + (int) RoutingRepository.MAX_SNAP_M + " m of one, as stations do"));
                }
                nets[i] = j.networkId();
                vids[i] = j.vertex();
            }
            return vertexAreas(area.srid(), mode, travel.minutes(), s.networkVersion(), nets, vids);
        });
    }

    /**
     * The reached area of a station at each vertex ({@code nets[i]}, {@code vids[i]}), projected to
     * {@code srid}, in order: from the sites' cache, the missing ones by one {@link
     * RoutingRepository#sitesReach}.
     */
    private Future<List<Geometry>> vertexAreas(
            int srid, TravelMode mode, int minutes, long networkVersion, long[] nets, long[] vids) {
        List<String> keys = new ArrayList<>();
        List<long[]> missing = new ArrayList<>();
        for (int i = 0; i < vids.length; i++) {
            String key = nets[i] + "|" + vids[i] + "|" + mode.id() + "|" + minutes + "|" + srid + "|n" + networkVersion;
            keys.add(key);
            if (!sites.hasCompleted(key)) {
                missing.add(new long[] {nets[i], vids[i]});
            }
        }
        Future<java.util.Map<String, RoutingRepository.SitePieces>> batch = missing.isEmpty()
                ? Future.succeededFuture(java.util.Map.of())
                : repo.sitesReach(
                        missing.stream().mapToLong(v -> v[0]).toArray(),
                        missing.stream().mapToLong(v -> v[1]).toArray(),
                        minutes * 60.0,
                        mode,
                        srid);
        List<Future<Geometry>> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String vertex = nets[i] + "|" + vids[i];
            out.add(sites.get(
                    keys.get(i),
                    () -> batch.compose(m -> {
                        RoutingRepository.SitePieces p = m.get(vertex);
                        if (p == null) {
                            // The vertex is gone: a network import committed since it was looked up.
                            return Future.failedFuture(new ApiException(
                                    503,
                                    "unavailable",
                                    null,
                                    "the road network was replaced during this computation; try again"));
                        }
                        return offLoop(() -> area(p));
                    })));
        }
        return Future.all(out).map(done -> out.stream().map(Future::result).toList());
    }

    /** A site's reached area: its pieces buffered as the stations' union buffers them, or its vertex alone. */
    private static Geometry area(RoutingRepository.SitePieces p) {
        Geometry reached = buffered(p.ground(), p.layered());
        return reached != null
                ? reached
                : org.locationtech.jts.operation.buffer.BufferOp.bufferOp(
                        read(p.point()), RoutingRepository.ROAD_BUFFER_M, ReachedArea.QUAD_SEGS);
    }

    /** Reached pieces (projected WKB, either null) buffered by {@link ReachedArea}; null when there are none. */
    private static Geometry buffered(byte[] ground, byte[] layered) {
        return ReachedArea.buffer(
                ground == null ? null : read(ground),
                layered == null ? null : read(layered),
                RoutingRepository.ROAD_BUFFER_M);
    }

    private static Geometry read(byte[] wkb) {
        try {
            return new WKBReader().read(wkb);
        } catch (ParseException e) {
            throw new IllegalStateException("PostGIS returned unreadable WKB for a reached area", e);
        }
    }

    /**
     * Re-ranks nearest-station candidates (a FeatureCollection whose features have {@code id}) by travel
     * time from the rider's position (WGS 84; used for this query only): adds {@code travel_s} (null when
     * the mode cannot get there), keeps the {@code limit} quickest, unreachable ones last. 422
     * {@code no_network} when no network vertex is within {@value RoutingRepository#MAX_SNAP_M} m of the rider.
     */
    public Future<io.vertx.core.json.JsonObject> rankByTime(
            io.vertx.core.json.JsonObject fc, double lon, double lat, TravelMode mode, int limit) {
        io.vertx.core.json.JsonArray features = fc.getJsonArray("features");
        if (features.isEmpty()) {
            return Future.succeededFuture(fc);
        }
        Long[] ids = features.stream()
                .map(f -> ((io.vertx.core.json.JsonObject) f).getLong("id"))
                .toArray(Long[]::new);
        return repo.travelTimes(lon, lat, ids, mode).map(t -> {
            if (t.seconds().isEmpty() || t.originM() > RoutingRepository.MAX_SNAP_M) {
                throw new ApiException(
                        422,
                        "no_network",
                        "lon",
                        "no road network within " + (int) RoutingRepository.MAX_SNAP_M
                                + " m of the position; travel times need one");
            }
            List<io.vertx.core.json.JsonObject> ranked = new ArrayList<>();
            for (Object o : features) {
                io.vertx.core.json.JsonObject f = (io.vertx.core.json.JsonObject) o;
                Double s = t.seconds().get(f.getLong("id"));
                f.getJsonObject("properties").put("travel_s", s == null ? null : (double) Math.round(s));
                ranked.add(f);
            }
            ranked.sort(java.util.Comparator.comparing(
                    (io.vertx.core.json.JsonObject f) ->
                            f.getJsonObject("properties").getDouble("travel_s"),
                    java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())));
            List<io.vertx.core.json.JsonObject> kept = ranked.subList(0, Math.min(limit, ranked.size()));
            fc.put("features", new io.vertx.core.json.JsonArray(new ArrayList<>(kept)))
                    .put("numberReturned", kept.size())
                    .put("mode", mode.id());
            return fc;
        });
    }
}
