package dev.keyless.config;

import java.time.Duration;
import java.util.Objects;

/** {@code audit:} whether events are recorded, and how long they are kept (age-based retention). */
public record AuditConfig(boolean enabled, Duration retention) {

    public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);

    public AuditConfig {
        Objects.requireNonNull(retention, "retention");
    }
}
