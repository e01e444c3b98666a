package dev.keyless.http;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Requests by route and status, and latency per route (Prometheus text format on /metrics). */
public final class HttpMetrics {
    private final Counter requests;
    private final Histogram latency;

    public HttpMetrics(PrometheusRegistry registry) {
        this.requests = Counter.builder()
                .name("keyless_http_requests_total")
                .help("HTTP requests by route and status")
                .labelNames("route", "method", "status")
                .register(registry);
        this.latency = Histogram.builder()
                .name("keyless_http_request_duration_seconds")
                .help("HTTP request latency by route")
                .labelNames("route")
                .classicOnly()
                .classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)
                .register(registry);
    }

    void record(String route, String method, int status, long nanos) {
        requests.labelValues(route, method, Integer.toString(status)).inc();
        latency.labelValues(route).observe(nanos / 1e9);
    }
}
