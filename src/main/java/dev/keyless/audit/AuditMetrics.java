package dev.keyless.audit;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Objects;

/**
 * Prometheus metrics of the audit writer: committed events by kind, decision
 * and reason (reason codes are a small closed set of wire codes, so the label stays bounded), the
 * size of each group commit and how long each commit took.
 */
final class AuditMetrics {
    private final Counter events;
    private final Counter failedEvents;
    private final Histogram batchSize;
    private final Histogram commitSeconds;

    AuditMetrics(PrometheusRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        events = Counter.builder().name("keyless_audit_events_total")
                .help("Audit events committed, by kind, decision and reason code")
                .labelNames("kind", "decision", "reason").register(registry);
        failedEvents = Counter.builder().name("keyless_audit_failed_events_total")
                .help("Audit events whose commit failed (their requests were answered 500)")
                .register(registry);
        batchSize = Histogram.builder().name("keyless_audit_batch_size")
                .help("Events per group commit")
                .classicUpperBounds(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000).register(registry);
        commitSeconds = Histogram.builder().name("keyless_audit_commit_seconds")
                .help("Time to insert and commit one batch")
                .register(registry);
    }

    void committed(List<AuditEvent> batch, long nanos) {
        batchSize.observe(batch.size());
        commitSeconds.observe(nanos / 1e9);
        for (AuditEvent e : batch) {
            events.labelValues(e.kind().name(), e.decision().name(), e.reason() == null ? "" : e.reason()).inc();
        }
    }

    void failed(int count) {
        failedEvents.inc(count);
    }
}
