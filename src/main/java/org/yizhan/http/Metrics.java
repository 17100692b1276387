package org.yizhan.http;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.EnumSet;

/**
 * Prometheus metrics of one process: Vert.x's own (HTTP requests by route template, method and status,
 * with latency histograms; the database pool's in-use and waiting counts) plus the JVM's. Route
 * templates ({@code /api/v1/stations/:id}), never paths or query strings: a rider's position must not
 * reach a metrics store.
 */
public final class Metrics {

    private Metrics() {
    }

    /**
     * A Vert.x instance whose metrics go to a new Prometheus registry, which becomes Vert.x's default
     * registry, the one {@code GET /metrics} ({@link PrometheusScrapingHandler#create()}) reads.
     */
    public static Vertx vertx() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MicrometerMetricsOptions options = new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
                .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME))
                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true));
        return Vertx.builder().with(new VertxOptions().setMetricsOptions(options))
                .withMetrics(new MicrometerMetricsFactory(registry)).build();
    }
}
