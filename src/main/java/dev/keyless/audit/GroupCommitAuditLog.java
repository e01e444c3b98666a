package dev.keyless.audit;

import dev.keyless.store.Database;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit writer on PostgreSQL ({@link AuditLog#open}; SQLite uses {@link JournalAuditLog}): one
 * platform thread drains a bounded queue and commits everything waiting (up to {@code maxBatch})
 * in one transaction (one multi-row INSERT, or a batched INSERT for large batches), then completes
 * the futures of that batch. Concurrent requests thus share one commit (group commit) instead of
 * paying one round trip and WAL flush each, and a request is released only after its event is
 * durable: a PostgreSQL commit returns after the WAL is flushed (synchronous_commit=on, the
 * default), durable against a process crash and power loss, and visible to every node at once.
 *
 * <p>A platform thread, not a virtual one: the JDBC driver blocks in synchronized sections, which
 * would pin a carrier thread anyway.
 */
final class GroupCommitAuditLog implements AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitAuditLog.class);

    private record Pending(AuditEvent event, CompletableFuture<Void> done) {}

    /** Queued by {@link #close()}: everything before it is committed, then the writer stops. */
    private static final Pending STOP = new Pending(null, null);

    private final Database database;
    private final AuditMetrics metrics;
    private final int maxBatch;
    private final BlockingQueue<Pending> queue;
    private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong committedEvents = new AtomicLong();
    private final Thread writer;
    private boolean closed;
    /** The writer thread's own connection (auto-commit on between batches) and INSERTs by row count. */
    private final AuditWriterConnection writerConnection;

    GroupCommitAuditLog(Database database, PrometheusRegistry registry, int queueCapacity, int maxBatch) {
        this.database = Objects.requireNonNull(database, "database");
        this.writerConnection = new AuditWriterConnection(database);
        this.metrics = new AuditMetrics(registry);
        if (queueCapacity < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("queueCapacity and maxBatch must be 1 or more");
        }
        this.maxBatch = maxBatch;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.writer = Thread.ofPlatform().name("keyless-audit-writer").daemon(false).unstarted(this::run);
        writer.start();
    }

    @Override
    public CompletableFuture<Void> append(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        var pending = new Pending(event, new CompletableFuture<>());
        // The read lock lets appends run concurrently but never interleave with close(): an event
        // queued after STOP would never be completed.
        closing.readLock().lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(
                        new AuditStoreException("audit: the log is closed", null));
            }
            queue.put(pending);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new AuditStoreException("audit: interrupted while queueing", e));
        } finally {
            closing.readLock().unlock();
        }
        return pending.done();
    }

    /** How many transactions the writer has committed (each holds one batch). */
    long commits() {
        return commits.get();
    }

    /** How many events the writer has committed. */
    long committedEvents() {
        return committedEvents.get();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                // Only close() stops the writer; an interrupt from elsewhere must not lose events.
                continue;
            }
            queue.drainTo(batch, maxBatch - 1);
            // By identity: ArrayList.remove would call the record's equals, comparing whole events.
            stopping = batch.removeIf(p -> p == STOP);
            if (!batch.isEmpty()) {
                commit(batch);
            }
            batch.clear();
        }
        writerConnection.close();
    }

    private void commit(List<Pending> batch) {
        List<AuditEvent> events = batch.stream().map(Pending::event).toList();
        long start = System.nanoTime();
        try {
            insert(events);
        } catch (SQLException | RuntimeException e) {
            // The connection may be what failed (a PostgreSQL restart): the next batch opens another.
            writerConnection.close();
            LOG.error("audit: commit of {} events failed; their requests get 500: {}", events.size(), e.toString());
            metrics.failed(events.size());
            var failure = new AuditStoreException("audit: commit failed: " + e.getMessage(), e);
            batch.forEach(p -> p.done().completeExceptionally(failure));
            return;
        }
        commits.incrementAndGet();
        committedEvents.addAndGet(events.size());
        metrics.committed(events, System.nanoTime() - start);
        batch.forEach(p -> p.done().complete(null));
    }

    /**
     * Commits {@code events} in one transaction. Up to {@link AuditStore#MAX_ROWS_PER_INSERT} events
     * are one multi-row INSERT in auto-commit mode: one statement is one transaction, atomic, and
     * committed when it returns, without the BEGIN and COMMIT round trips of an explicit transaction
     * (sqlite-jdbc also begins the next transaction at each commit, and the pool ends it again when
     * the connection is returned: two more lock cycles per batch). Larger batches use an explicit
     * transaction with a batched INSERT. The writer keeps its connection and statements (preparing
     * the INSERT was a measurable share of each commit's CPU; bench/RESULTS.md).
     */
    private void insert(List<AuditEvent> events) throws SQLException {
        if (events.size() <= AuditStore.MAX_ROWS_PER_INSERT) {
            writerConnection.insert(events);
            return;
        }
        writerConnection.inTransaction(c -> AuditStore.insertBatch(c, events));
    }

    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            closing.writeLock().unlock();
        }
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(STOP);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        WriterThreads.joinUninterruptibly(writer);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "AuditLog[" + database.dialect() + ", group commit, max batch " + maxBatch + "]";
    }
}
