package dev.keyless.http;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Set;

/**
 * Requests by route and status, and latency per route (Prometheus text format on /metrics).
 * Every label comes from a fixed set, never from the request as sent: each distinct label value
 * is a series held in memory for the life of the process, so a client inventing methods or paths
 * would otherwise grow the heap without bound. The route is the matched route's template or
 * {@code unmatched}, the method one of RFC 9110's (section 9) or {@code OTHER}, the status one
 * Keyless answered.
 */
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

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    /** {@code route} must be a route template or {@code unmatched}, never the request's path. */
    void record(String route, String method, int status, long nanos) {
        requests.labelValues(route, methodLabel(method), Integer.toString(status)).inc();
        latency.labelValues(route).observe(nanos / 1e9);
    }

    static String methodLabel(String method) {
        return METHODS.contains(method) ? method : "OTHER";
    }
}
