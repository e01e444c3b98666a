package dev.keyless.audit;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code audit:} section of {@code keyless.yaml}.
 *
 * @param enabled false stores nothing ({@code audit.enabled: false})
 * @param retention events older than this are purged daily
 * @param queueCapacity events waiting for the writer before appends block (back-pressure)
 * @param maxBatch most events committed in one transaction
 */
public record AuditSettings(boolean enabled, Duration retention, int queueCapacity, int maxBatch) {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);

    public AuditSettings {
        Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("audit.retention must be positive, was " + retention);
        }
        if (queueCapacity < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("audit queue capacity and batch size must be 1 or more");
        }
    }

    public static AuditSettings defaults() {
        return new AuditSettings(true, DEFAULT_RETENTION, 10_000, 1_000);
    }

    public AuditSettings withEnabled(boolean value) {
        return new AuditSettings(value, retention, queueCapacity, maxBatch);
    }

    public AuditSettings withRetention(Duration value) {
        return new AuditSettings(enabled, value, queueCapacity, maxBatch);
    }
}
