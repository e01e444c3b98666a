package dev.keyless.audit;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Prometheus metrics of the audit writer: committed events by kind, decision
 * and reason (reason codes are a small closed set of wire codes, so the label stays bounded), the
 * size of each group commit and how long each commit took.
 */
final class AuditMetrics {
    private static final int MAX_REASONS = 64;
    private static final Pattern REASON_CODE = Pattern.compile("[A-Za-z][A-Za-z0-9_.]{0,63}");
    private final Set<String> reasons = ConcurrentHashMap.newKeySet();
    private final Counter events;
    private final Counter failedEvents;
    private final Histogram batchSize;
    private final Histogram commitSeconds;

    AuditMetrics(PrometheusRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        events = Counter.builder().name("keyless_audit_events_total")
                .help("Audit events recorded (durable before their response), by kind, decision and reason code")
                .labelNames("kind", "decision", "reason").register(registry);
        failedEvents = Counter.builder().name("keyless_audit_failed_events_total")
                .help("Audit events whose commit failed (their requests were answered 500)")
                .register(registry);
        batchSize = Histogram.builder().name("keyless_audit_batch_size")
                .help("Events per commit to the store")
                .classicUpperBounds(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000).register(registry);
        commitSeconds = Histogram.builder().name("keyless_audit_commit_seconds")
                .help("Time to insert and commit one batch")
                .register(registry);
    }

    /** A batch committed: each event counted as recorded, and the batch's size and time. */
    void committed(List<AuditEvent> batch, long nanos) {
        committedBatch(batch.size(), nanos);
        batch.forEach(this::recorded);
    }

    /** One event durable (its request may be answered). */
    void recorded(AuditEvent e) {
        events.labelValues(e.kind().name(), e.decision().name(), reasonLabel(e.reason())).inc();
    }

    /** One transaction of {@code size} events, {@code nanos} long. */
    void committedBatch(int size, long nanos) {
        batchSize.observe(size);
        commitSeconds.observe(nanos / 1e9);
    }

    /**
     * The reason code as a label, bounded whatever a handler puts there: a code is a short wire
     * token, and at most {@value #MAX_REASONS} distinct ones get their own series; anything else
     * counts as {@code OTHER}, so no request can add series without bound.
     */
    private String reasonLabel(String reason) {
        if (reason == null) {
            return "";
        }
        if (reasons.contains(reason)) {
            return reason;
        }
        if (!REASON_CODE.matcher(reason).matches()) {
            return "OTHER";
        }
        synchronized (reasons) {
            if (reasons.size() >= MAX_REASONS) {
                return "OTHER";
            }
            reasons.add(reason);
            return reason;
        }
    }

    void failed(int count) {
        failedEvents.inc(count);
    }
}
