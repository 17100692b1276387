package org.yizhan.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Prometheus metrics of one process: Vert.x's own (HTTP requests by route template, method and status,
 * with latency histograms; the database pool's in-use and waiting counts) plus the JVM's. Route
 * templates ({@code /api/v1/stations/:id}), never paths or query strings: a rider's position must not
 * reach a metrics store. Besides: {@code yizhan_cache_requests_total} by cache and result (hit, miss) and
 * gauges read from the database at each scrape ({@link #scraping}).
 */
public final class Metrics {

    /** A database read of a gauge may take this long; past it the scrape answers with the last value. */
    private static final long GAUGE_READ_MS = 1_000;
    /** Strong references: a Micrometer gauge holds its object weakly. One per name for the process. */
    private static final Map<String, AtomicLong> GAUGES = new ConcurrentHashMap<>();

    private Metrics() {}

    /**
     * GET /metrics: reads each of {@code gauges} (name → its query) from the database, then answers the
     * Prometheus text. Gauges are read per scrape, never on a timer, so an unscraped server queries
     * nothing. A gauge whose read fails or is slow keeps its last value (-1 before any).
     */
    public static Handler<RoutingContext> scraping(Map<String, Supplier<Future<Long>>> gauges) {
        MeterRegistry registry = BackendRegistries.getDefaultNow();
        gauges.keySet()
                .forEach(name -> GAUGES.computeIfAbsent(name, n -> {
                    AtomicLong value = new AtomicLong(-1);
                    if (registry != null) {
                        registry.gauge(n, value, AtomicLong::doubleValue);
                    }
                    return value;
                }));
        Handler<RoutingContext> text = PrometheusScrapingHandler.create();
        return ctx -> {
            List<Future<Long>> reads = new ArrayList<>();
            gauges.forEach((name, read) -> reads.add(read.get()
                    .timeout(GAUGE_READ_MS, TimeUnit.MILLISECONDS)
                    .onSuccess(v -> GAUGES.get(name).set(v))));
            Future.join(reads).onComplete(done -> text.handle(ctx));
        };
    }

    /**
     * A Vert.x instance whose metrics go to a new Prometheus registry, which becomes Vert.x's default
     * registry, the one {@code GET /metrics} ({@link PrometheusScrapingHandler#create()}) reads.
     */
    public static Vertx vertx() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MicrometerMetricsOptions options = new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(true)
                .setLabels(EnumSet.of(
                        Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME))
                .setPrometheusOptions(
                        new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true));
        return Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(options))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
    }
}
