package dev.keyless.audit;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** The log of {@code audit.enabled: false}: accepts and forgets. */
final class DisabledAuditLog implements AuditLog {
    @Override
    public CompletableFuture<Void> append(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
        // Nothing queued, nothing to stop.
    }

    @Override
    public String toString() {
        return "AuditLog[disabled]";
    }
}
