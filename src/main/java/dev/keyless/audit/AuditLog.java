package dev.keyless.audit;

import dev.keyless.store.Database;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Where handlers record their decisions. An event is durable when its future completes; a handler
 * calls {@link #appendAndWait} before sending its response, and answers 500 when it throws, so no
 * client ever holds a response whose decision is not in the store.
 */
public sealed interface AuditLog extends AutoCloseable permits GroupCommitAuditLog, DisabledAuditLog {

    /**
     * Queues {@code event}; the future completes after the transaction holding it commits, or
     * fails with {@link AuditStoreException}. Blocks while the queue is full (back-pressure:
     * events are never dropped).
     */
    CompletableFuture<Void> append(AuditEvent event);

    /** Appends and blocks until the event is committed; throws {@link AuditStoreException} if not. */
    default void appendAndWait(AuditEvent event) {
        appendAllAndWait(java.util.List.of(event));
    }

    /** Appends several events (one group commit in practice) and blocks until all are committed. */
    default void appendAllAndWait(java.util.List<AuditEvent> events) {
        CompletableFuture<?>[] futures = events.stream().map(this::append).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(futures).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditStoreException("audit: interrupted while waiting for the commit", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuditStoreException failure) {
                throw failure;
            }
            throw new AuditStoreException("audit: event not recorded: " + e.getCause(), e.getCause());
        }
    }

    /** Commits everything already queued, then stops; later appends fail. */
    @Override
    void close();

    /**
     * The writer for {@code settings}: a group-commit writer on {@code database} with its metrics
     * on {@code registry}, or the disabled log. Retention is separate ({@link AuditRetention}).
     */
    static AuditLog open(AuditSettings settings, Database database, PrometheusRegistry registry) {
        if (!settings.enabled()) {
            return disabled();
        }
        return new GroupCommitAuditLog(database, registry, settings.queueCapacity(), settings.maxBatch());
    }

    /** {@code audit.enabled: false}: nothing is stored and every append completes at once. */
    static AuditLog disabled() {
        return new DisabledAuditLog();
    }
}
