package org.yizhan.routing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.db.DatabaseTarget;
import org.yizhan.http.ApiException;
import org.yizhan.http.Rejection;

/**
 * Road network imports, the one pipeline behind the API and {@code yizhan network import}: a GeoJSON
 * FeatureCollection, or an OpenStreetMap file staged by osm2pgsql ({@link OsmImport}) and read back as
 * ways, becomes a {@link RoadGraph} (the same noding for both) that replaces the network of that name in one
 * transaction with its {@code network_import} audit row. A failure writes nothing: the old network stays.
 *
 * <p>OSM imports through the API run as jobs ({@link #submit}): one at a time per server, kept in memory
 * (the last {@value #KEPT_JOBS}, finished ones for {@link #KEEP_FINISHED}), lost at a restart. One instance
 * is shared by all event loops, so that a job started on one is seen on every other; thread-safe.
 */
public final class NetworkImports {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkImports.class);
    static final int KEPT_JOBS = 100;
    static final Duration KEEP_FINISHED = Duration.ofHours(1);

    /** How far an import is: its stage and the share of the work done when that stage starts. */
    public enum Stage {
        QUEUED(0),
        STAGING(10),
        READING(50),
        NODING(60),
        WRITING(75),
        DONE(100);

        final int percent;

        Stage(int percent) {
            this.percent = percent;
        }

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Vertx vertx;
    private final DatabaseTarget db;
    private final RoutingRepository repo;
    private final Clock clock;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicReference<Job> running = new AtomicReference<>();

    /** @param db where osm2pgsql connects: the database {@code repo}'s pool writes to */
    public NetworkImports(Vertx vertx, DatabaseTarget db, RoutingRepository repo, Clock clock) {
        this.vertx = vertx;
        this.db = db;
        this.repo = repo;
        this.clock = clock;
    }

    /**
     * A GeoJSON import: the answer of {@code POST /networks/import} (200), or, when rows are bad, a
     * 422 answer listing them (an {@code error} member) with nothing written.
     */
    public Future<JsonObject> importGeoJson(Buffer body, String name, boolean synthetic, String actor) {
        long start = System.nanoTime();
        return vertx.executeBlocking(() -> RoadGraph.fromGeoJson(body), false)
                .compose(g -> write(g, name, synthetic, actor, "geojson", start));
    }

    /**
     * An OSM import of {@code file} ({@code format} as {@link OsmImport#sniff} found it): osm2pgsql stages
     * the ways, they are read back and noded, and the network replaced; {@code progress} hears each stage.
     * The staging table is dropped whatever happens. Fails with an {@link ApiException} (422) when
     * osm2pgsql refuses the file or it has no roads.
     */
    public Future<JsonObject> importOsm(
            Path file,
            OsmImport.Format format,
            String name,
            boolean synthetic,
            String actor,
            Consumer<Stage> progress) {
        long start = System.nanoTime();
        String table = OsmImport.newTable();
        progress.accept(Stage.STAGING);
        return vertx.executeBlocking(
                        () -> {
                            OsmImport.stage(db, file, format, table);
                            return null;
                        },
                        false)
                .compose(v -> {
                    progress.accept(Stage.READING);
                    return repo.stagedWays(table);
                })
                .compose(ways -> {
                    if (ways.isEmpty()) {
                        throw new ApiException(
                                422,
                                "no_roads",
                                "body",
                                "the file has no ways whose highway is one of " + String.join(", ", TravelMode.HIGHWAYS)
                                        + "; nothing was written");
                    }
                    progress.accept(Stage.NODING);
                    return vertx.executeBlocking(() -> RoadGraph.fromWays(ways), false);
                })
                .compose(g -> {
                    progress.accept(Stage.WRITING);
                    return write(g, name, synthetic, actor, "osm", start);
                })
                .compose(answer -> answer.containsKey("error")
                        // The style normalises every tag a graph reads: a rejected staged way is a bug, not the file's
                        // fault.
                        ? Future.failedFuture(
                                new IllegalStateException("staged ways rejected: " + answer.getValue("rejected")))
                        : Future.succeededFuture(answer))
                .eventually(() -> repo.dropStaged(table).recover(e -> {
                    LOG.warn("could not drop the staging table osm_import.{}: {}", table, e.getMessage());
                    return Future.succeededFuture();
                }));
    }

    private Future<JsonObject> write(
            RoadGraph.Result g, String name, boolean synthetic, String actor, String format, long start) {
        if (!g.rejected().isEmpty()) {
            return Future.succeededFuture(new JsonObject()
                    .put("error", Rejection.invalidRows(g.rejected(), g.rows()))
                    .put("rejected", Rejection.toJson(g.rejected())));
        }
        return repo.replace(name, synthetic, g, new RoutingRepository.ImportAudit(actor, format))
                .map(id -> new JsonObject()
                        .put("id", id)
                        .put("name", name)
                        .put("format", format)
                        .put("synthetic", synthetic)
                        .put("features", g.rows())
                        .put("edges", g.edges().size())
                        .put("vertices", g.vertices().size())
                        .put("computed_ms", (System.nanoTime() - start) / 1_000_000));
    }

    /**
     * Starts an OSM import of {@code body} as a job and returns it at once (stage {@code queued}).
     *
     * @throws ApiException 409 {@code import_running} while another OSM import runs on this server
     */
    public Job submit(Buffer body, OsmImport.Format format, String name, boolean synthetic, String actor) {
        Job job = new Job(UUID.randomUUID().toString(), name, synthetic, clock.instant());
        Job other = running.get();
        if ((other != null && !other.finished()) || !running.compareAndSet(other, job)) {
            throw new ApiException(
                    409,
                    "import_running",
                    null,
                    "an OpenStreetMap import is running (job " + (other == null ? "?" : other.id)
                            + "); try again when it has finished");
        }
        prune();
        jobs.put(job.id, job);
        vertx.executeBlocking(
                        () -> {
                            Path file = Files.createTempFile("yizhan-import", format.suffix);
                            Files.write(file, body.getBytes());
                            return file;
                        },
                        false)
                .compose(file -> importOsm(file, format, name, synthetic, actor, job::stage)
                        .eventually(() -> vertx.executeBlocking(() -> Files.deleteIfExists(file), false)))
                .onSuccess(job::succeed)
                .onFailure(e -> job.fail(e, clock.instant()));
        return job;
    }

    /** The job {@code id}, or null when it is unknown (or was forgotten). */
    public Job job(String id) {
        return jobs.get(id);
    }

    private void prune() {
        Instant old = clock.instant().minus(KEEP_FINISHED);
        jobs.values().removeIf(j -> j.finished() && j.finishedAt.isBefore(old));
        while (jobs.size() >= KEPT_JOBS) {
            jobs.values().stream()
                    .filter(Job::finished)
                    .min(Comparator.comparing(j -> j.finishedAt))
                    .ifPresentOrElse(j -> jobs.remove(j.id), () -> jobs.clear());
        }
    }

    /** One OSM import through the API: its stage, then its answer or its error. */
    public final class Job {
        final String id;
        private final String name;
        private final boolean synthetic;
        private final Instant createdAt;
        private volatile Stage stage = Stage.QUEUED;
        private volatile JsonObject result;
        private volatile JsonObject error;
        private volatile Instant finishedAt;

        Job(String id, String name, boolean synthetic, Instant createdAt) {
            this.id = id;
            this.name = name;
            this.synthetic = synthetic;
            this.createdAt = createdAt;
        }

        public String id() {
            return id;
        }

        boolean finished() {
            return finishedAt != null;
        }

        void stage(Stage s) {
            stage = s;
        }

        void succeed(JsonObject answer) {
            result = answer;
            stage = Stage.DONE;
            finishedAt = clock.instant();
        }

        void fail(Throwable e, Instant at) {
            if (e instanceof ApiException a) {
                error = new JsonObject()
                        .put("status", a.status())
                        .put("code", a.code())
                        .put("field", a.field())
                        .put("message", a.getMessage());
            } else {
                LOG.error("network import job {} of {} failed", id, name, e);
                error = new JsonObject()
                        .put("status", 500)
                        .put("code", "internal_error")
                        .putNull("field")
                        .put("message", "the import failed on the server (job " + id + "); nothing was written");
            }
            finishedAt = at;
        }

        /** The job as {@code GET /api/v1/networks/jobs/{id}} shows it. */
        public JsonObject toJson() {
            String status = error != null ? "failed" : result != null ? "succeeded" : "running";
            JsonObject out = new JsonObject()
                    .put("id", id)
                    .put("name", name)
                    .put("format", "osm")
                    .put("synthetic", synthetic)
                    .put("status", status)
                    .put("stage", stage.id())
                    .put("percent", stage.percent)
                    .put("created_at", createdAt.toString());
            if (finishedAt != null) {
                out.put("finished_at", finishedAt.toString());
            }
            if (result != null) {
                out.put("result", result);
            }
            if (error != null) {
                out.put("error", error);
            }
            return out;
        }
    }
}
