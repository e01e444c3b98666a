package dev.keyless.audit;

import dev.keyless.store.Database;
import dev.keyless.store.Dialect;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Where handlers record their decisions. An event is durable when its future completes (committed
 * to the store, or on SQLite written to the journal the store is filled from); a handler calls
 * {@link #appendAndWait} before sending its response, and answers 500 when it throws, so no client
 * ever holds a response whose decision is not recorded.
 */
public sealed interface AuditLog extends AutoCloseable permits GroupCommitAuditLog, JournalAuditLog, DisabledAuditLog {

    /**
     * Records {@code event}; the future completes once it is durable (the transaction holding it
     * committed, or its journal record written), or fails with {@link AuditStoreException}. Blocks
     * while the group-commit queue is full (back-pressure: events are never dropped); the journal
     * refuses instead while too many events wait for the store.
     */
    CompletableFuture<Void> append(AuditEvent event);

    /** Appends and blocks until the event is durable; throws {@link AuditStoreException} if not. */
    default void appendAndWait(AuditEvent event) {
        appendAllAndWait(java.util.List.of(event));
    }

    /** Appends several events (one group commit in practice) and blocks until all are durable. */
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

    /**
     * Makes every event appended so far visible to queries before returning (the journal moves
     * them to the store now); a no-op where an acknowledged event is already in the store.
     */
    default void flush() {}

    /** Commits everything already queued, then stops; later appends fail. */
    @Override
    void close();

    /**
     * The writer for {@code settings}, with its metrics on {@code registry}: on SQLite a journal
     * next to the database file (one write per event, committed to the store in batches); on
     * PostgreSQL a group-commit writer (a commit is a round trip to a server that other nodes
     * read too); or the disabled log. Opening a SQLite journal first commits the events a stopped
     * process left in its journals. Retention is separate ({@link AuditRetention}).
     */
    static AuditLog open(AuditSettings settings, Database database, PrometheusRegistry registry) {
        if (!settings.enabled()) {
            return disabled();
        }
        if (database.dialect() == Dialect.SQLITE && database.dataFolder().isPresent()) {
            return new JournalAuditLog(database, database.dataFolder().orElseThrow(), registry,
                    settings.queueCapacity(), settings.maxBatch());
        }
        return new GroupCommitAuditLog(database, registry, settings.queueCapacity(), settings.maxBatch());
    }

    /** {@code audit.enabled: false}: nothing is stored and every append completes at once. */
    static AuditLog disabled() {
        return new DisabledAuditLog();
    }
}
