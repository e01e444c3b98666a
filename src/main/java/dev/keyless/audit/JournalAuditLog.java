package dev.keyless.audit;

import dev.keyless.store.Database;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log on SQLite: an event is appended to a journal file with one {@code write(2)} on the
 * request's own thread before the response, and a writer thread moves the journal's events into
 * {@code audit_events} every {@link #INGEST_INTERVAL} (or sooner, when a reader asks) in one
 * transaction.
 *
 * <p>Why not commit each event to SQLite before the response, as {@link GroupCommitAuditLog} does:
 * at a few concurrent clients every request was its own batch, and a SQLite commit in WAL mode
 * costs about seven {@code pwrite(2)} and six {@code fcntl(2)} calls (bench/RESULTS.md, round 3),
 * more than the rest of the audit path together. An append to the journal is one system call.
 *
 * <p>Durability is the same as a SQLite commit with {@code synchronous=NORMAL}, the store's mode:
 * {@code write(2)} has put the bytes in the operating system's page cache before the response, so
 * they survive a crash of this process, not a power loss (sqlite.org/pragma.html#pragma_synchronous
 * says the same of NORMAL). Each journal file is locked ({@code fcntl} record lock, released by the
 * kernel when its process dies); a process that opens the store takes over every journal whose lock
 * it can take — a process that stopped without moving its events — and commits their events, with
 * the file's name in {@code audit_journal_applied} in the same transaction so that a crash after
 * that commit does not insert them twice. A torn last record (CRC-32C, {@link JournalRecords}) is
 * one whose write never completed: its request never got a response.
 *
 * <p>Failures keep the contract that no client holds a response whose decision is not recorded: a
 * journal write that fails is that request's 500; while the store refuses the events (the last
 * move failed) or more than {@code capacity} events wait for it, new events are refused (500), and
 * the waiting ones stay in their journal files, retried every interval and at the next start.
 *
 * <p>A query sees every acknowledged event: {@link #flush()} runs before each ({@link AuditStore}),
 * moving this log's events and waiting for other writers on the same store to move theirs.
 */
final class JournalAuditLog implements AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(JournalAuditLog.class);

    /** How long events gather in the journal before the writer moves them (a query elsewhere waits about this long). */
    static final Duration INGEST_INTERVAL = Duration.ofMillis(20);

    /** How long a query waits for other live writers to commit their journals (they do within an interval). */
    static final Duration OTHER_WRITERS_WAIT = Duration.ofSeconds(1);

    static final String FOLDER = "audit-journal";
    private static final int RECOVERY_BATCH = 500;
    private static final String SUFFIX = ".journal";
    private static final String PREFIX = "audit-";
    /**
     * Names the files of this JVM: its own journals are never opened for recovery, because closing
     * any channel to a file releases every lock the process holds on it (FileChannel, "File locks"),
     * which would let another process take over a live journal. Immutable, so not shared state.
     */
    private static final String JVM_ID = UUID.randomUUID().toString().substring(0, 8);

    private static final Set<StandardOpenOption> CREATE_FOR_WRITING =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY_FILE =
            PosixFilePermissions.fromString("rw-------");

    /** One journal file that holds events not yet committed to the store. */
    private record Segment(Path file, FileChannel channel, List<AuditEvent> events) {}

    private final AuditMetrics metrics;
    private final Path folder;
    /** Whether files can be created owner-only (the data folder's files are 0600, {@code store.Database}). */
    private final boolean posix;
    private final int capacity;
    private final int maxBatch;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);

    /** Guards the current file, its events, the counters and the state below. Held during one write. */
    private final ReentrantLock appendLock = new ReentrantLock();
    private FileChannel current;
    private Path currentFile;
    private List<AuditEvent> pending = new ArrayList<>();
    private int generation;
    /** Events appended and not yet committed to the store, over all segments. */
    private int waiting;
    /** Why the last move to the store failed; null while it works. */
    private String storeFailure;
    private boolean closed;
    private Thread writer;
    /** The writer sleeps until the next event (nothing to move); the next append wakes it. */
    private boolean writerIdle;

    /** Serializes moves to the store (the writer thread, {@link #flush()}, {@link #close()}). */
    private final ReentrantLock ingestLock = new ReentrantLock();
    private final List<Segment> sealed = new ArrayList<>();
    private final List<String> appliedToForget = new ArrayList<>();
    private final AuditWriterConnection writerConnection;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong committedEvents = new AtomicLong();
    private volatile boolean stopping;

    /**
     * Opens the journal folder next to the SQLite file and commits the events of every journal a
     * stopped process left behind; throws {@link AuditStoreException} if they cannot be committed.
     */
    JournalAuditLog(Database database, Path dataFolder, PrometheusRegistry registry, int capacity, int maxBatch) {
        this.writerConnection = new AuditWriterConnection(database);
        this.metrics = new AuditMetrics(registry);
        if (capacity < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("capacity and maxBatch must be 1 or more");
        }
        this.capacity = capacity;
        this.maxBatch = maxBatch;
        this.folder = dataFolder.resolve(FOLDER);
        this.posix = folder.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            createOwnerOnlyFolder(folder);
        } catch (IOException e) {
            throw new AuditStoreException("audit: cannot create the journal folder " + folder + ": " + e.getMessage(), e);
        }
        recoverAbandonedJournals(journalFiles());
    }

    @Override
    public CompletableFuture<Void> append(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        byte[] record = JournalRecords.encode(event);
        appendLock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new AuditStoreException("audit: the log is closed", null));
            }
            if (storeFailure != null) {
                metrics.failed(1);
                return CompletableFuture.failedFuture(new AuditStoreException(
                        "audit: commit failed: " + storeFailure + " (" + waiting + " events wait in the journal)", null));
            }
            if (waiting >= capacity) {
                metrics.failed(1);
                return CompletableFuture.failedFuture(new AuditStoreException(
                        "audit: " + waiting + " events wait for the store; refusing more until they are committed", null));
            }
            try {
                write(record);
            } catch (IOException e) {
                LOG.error("audit: writing the journal {} failed; the request gets 500: {}", currentFileName(), e.toString());
                if (current != null) {
                    sealCurrent(); // its earlier events go to the store; the next event opens a new file
                }
                metrics.failed(1);
                return CompletableFuture.failedFuture(
                        new AuditStoreException("audit: cannot write the journal: " + e.getMessage(), e));
            }
            pending.add(event);
            waiting++;
            if (writer == null) {
                writer = Thread.ofPlatform().name("keyless-audit-writer").daemon(true).start(this::run);
            } else if (writerIdle || pending.size() >= maxBatch) {
                writerIdle = false;
                LockSupport.unpark(writer);
            }
        } finally {
            appendLock.unlock();
        }
        metrics.recorded(event); // outside the lock every append takes: a label lookup and a counter
        return CompletableFuture.completedFuture(null);
    }

    /** Appends {@code record} to the current file, creating it first if there is none. */
    private void write(byte[] record) throws IOException {
        if (current == null) {
            Path file = folder.resolve(PREFIX + JVM_ID + "-" + instance + "-" + (++generation) + SUFFIX);
            FileChannel channel = posix
                    ? FileChannel.open(file, CREATE_FOR_WRITING, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))
                    : FileChannel.open(file, CREATE_FOR_WRITING);
            try {
                channel.lock();
                writeFully(channel, ByteBuffer.wrap(JournalRecords.HEADER));
            } catch (IOException | RuntimeException e) {
                channel.close();
                Files.deleteIfExists(file);
                throw e;
            }
            current = channel;
            currentFile = file;
        }
        long before = current.position();
        try {
            writeFully(current, ByteBuffer.wrap(record));
        } catch (IOException e) {
            // A partial record would hide every record after it from recovery: cut it off.
            try {
                current.truncate(before);
            } catch (IOException cut) {
                e.addSuppressed(cut);
            }
            throw e;
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private String currentFileName() {
        return currentFile == null ? "(none)" : currentFile.getFileName().toString();
    }

    /** Under the append lock: the current file becomes a segment to move; its events go with it. */
    private void sealCurrent() {
        if (pending.isEmpty()) {
            closeQuietly(current);
            deleteQuietly(currentFile);
        } else {
            sealed.add(new Segment(currentFile, current, pending));
            pending = new ArrayList<>();
        }
        current = null;
        currentFile = null;
    }

    /**
     * Makes every event acknowledged so far, by any process on this store, visible to a query that
     * follows: moves this log's events to the store now, commits the journals of processes that
     * stopped, and waits (at most {@link #OTHER_WRITERS_WAIT}) until the journals other live writers
     * hold now are committed and deleted by them — their writers do so within one interval. Only
     * names are listed for that: opening a live journal of this JVM would release its lock. If a
     * store refuses events, they stay in their journals and the query does not see them.
     */
    @Override
    public void flush() {
        ingest();
        List<Path> others = new ArrayList<>();
        for (Path file : journalFiles()) {
            if (!file.getFileName().toString().startsWith(PREFIX + JVM_ID + "-" + instance + "-")) {
                others.add(file);
            }
        }
        if (others.isEmpty()) {
            return;
        }
        ingestLock.lock();
        try {
            recoverAbandonedJournals(others);
        } finally {
            ingestLock.unlock();
        }
        long deadline = System.nanoTime() + OTHER_WRITERS_WAIT.toNanos();
        while (others.stream().anyMatch(Files::exists) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Sleeps until an event arrives, lets events gather for one interval, moves them; repeats. An
     * idle server's writer never wakes (a timer every interval would, 50 times a second).
     */
    private void run() {
        long interval = INGEST_INTERVAL.toNanos();
        while (!stopping) {
            boolean idle;
            appendLock.lock();
            try {
                idle = pending.isEmpty() && sealed.isEmpty();
                writerIdle = idle;
            } finally {
                appendLock.unlock();
            }
            if (idle) {
                LockSupport.park(this); // append() unparks it (a permit given before this park is kept)
                continue;
            }
            LockSupport.parkNanos(this, interval);
            if (!stopping) {
                ingest();
            }
        }
    }

    /** Commits the sealed segments and the current file's events, each file in one transaction. */
    private void ingest() {
        ingestLock.lock();
        try {
            appendLock.lock();
            try {
                if (current != null && !pending.isEmpty()) {
                    sealCurrent();
                }
            } finally {
                appendLock.unlock();
            }
            // sealed is read and changed under the append lock; only this method (under the ingest
            // lock) removes from it, so the segment taken first is still first after its commit.
            while (true) {
                Segment next;
                appendLock.lock();
                try {
                    if (sealed.isEmpty()) {
                        return;
                    }
                    next = sealed.getFirst();
                } finally {
                    appendLock.unlock();
                }
                if (!commit(next)) {
                    return;
                }
                appendLock.lock();
                try {
                    sealed.removeFirst();
                    waiting -= next.events().size();
                    storeFailure = null;
                } finally {
                    appendLock.unlock();
                }
            }
        } finally {
            ingestLock.unlock();
        }
    }

    /** Commits one segment's events with its name, then deletes the file; false if the store refused. */
    private boolean commit(Segment segment) {
        String name = segment.file().getFileName().toString();
        long start = System.nanoTime();
        try {
            writerConnection.inTransaction(c -> {
                writerConnection.insert(segment.events());
                markApplied(c, name);
            });
        } catch (SQLException | RuntimeException e) {
            writerConnection.close();
            String reason = e.getMessage();
            appendLock.lock();
            try {
                if (storeFailure == null) {
                    LOG.error("audit: committing {} events of the journal {} failed; they stay in the journal and new"
                            + " requests get 500 until a retry succeeds: {}", segment.events().size(), name, e.toString());
                }
                storeFailure = reason == null ? e.getClass().getSimpleName() : reason;
            } finally {
                appendLock.unlock();
            }
            return false;
        }
        // Forgotten only now: had the transaction rolled back, their rows would still be there.
        appliedToForget.clear();
        commits.incrementAndGet();
        committedEvents.addAndGet(segment.events().size());
        metrics.committedBatch(segment.events().size(), System.nanoTime() - start);
        if (deleteQuietly(segment.file())) {
            // A file that could not be deleted keeps its name in the store, so no start inserts it again.
            appliedToForget.add(name);
        }
        closeQuietly(segment.channel());
        return true;
    }

    /**
     * Records {@code name} as committed (same transaction as its events) and forgets the names of
     * files already deleted: a row is only needed between a commit and the deletion of its file. The
     * caller empties {@link #appliedToForget} once the transaction has committed.
     */
    private void markApplied(Connection c, String name) throws SQLException {
        forget(c, appliedToForget);
        try (PreparedStatement mark = c.prepareStatement("INSERT INTO audit_journal_applied (journal) VALUES (?)")) {
            mark.setString(1, name);
            mark.executeUpdate();
        }
    }

    /** Deletes the rows of {@code names}: their files are gone, so nothing can insert them twice. */
    private static void forget(Connection c, List<String> names) throws SQLException {
        try (PreparedStatement forget = c.prepareStatement("DELETE FROM audit_journal_applied WHERE journal = ?")) {
            for (String done : names) {
                forget.setString(1, done);
                forget.executeUpdate();
            }
        }
    }

    /**
     * Commits the events of every journal in the folder whose lock can be taken: files of processes
     * that stopped without committing them (killed, or their store refused the events).
     */
    private void recoverAbandonedJournals(List<Path> files) {
        for (Path file : files) {
            if (!file.getFileName().toString().startsWith(PREFIX + JVM_ID + "-")) {
                recover(file);
            }
        }
    }

    /** The journal files in the folder now, by name. */
    private List<Path> journalFiles() {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(folder, PREFIX + "*" + SUFFIX)) {
            listing.forEach(files::add);
        } catch (IOException e) {
            throw new AuditStoreException("audit: cannot list the journal folder " + folder + ": " + e.getMessage(), e);
        }
        files.sort(null);
        return files;
    }

    private void recover(Path file) {
        String name = file.getFileName().toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException ours) {
                return;
            }
            if (lock == null) {
                return; // its process is alive and moves its own events
            }
            writerConnection.inTransaction(c -> {
                if (!alreadyApplied(c, name)) {
                    commitRecovered(c, channel, name);
                }
            });
            Files.deleteIfExists(file);
            appliedToForget.add(name);
        } catch (NoSuchFileException gone) {
            // recovered and deleted by another process meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException("audit: cannot read the journal " + file + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            writerConnection.close();
            throw new AuditStoreException("audit: cannot commit the events of the journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** Inserts a stopped process's journal (read from {@code channel}) and its name, within the caller's transaction. */
    private void commitRecovered(Connection c, FileChannel channel, String name) throws SQLException, IOException {
        // Streamed in batches within one transaction: a large journal needs no more memory than a batch.
        long events = 0;
        List<AuditEvent> batch = new ArrayList<>();
        JournalRecords.Reader reader = new JournalRecords.Reader(Channels.newInputStream(channel));
        for (AuditEvent e = reader.next(); e != null; e = reader.next()) {
            batch.add(e);
            if (batch.size() == RECOVERY_BATCH) {
                writerConnection.insert(batch);
                events += batch.size();
                batch.clear();
            }
        }
        writerConnection.insert(batch);
        events += batch.size();
        markApplied(c, name);
        long unreadable = channel.size() - reader.consumed();
        if (unreadable > 0) {
            LOG.warn("audit: journal {} ends with {} unreadable bytes (a write that never completed: its request got"
                    + " no response); the {} complete events before them are kept", name, unreadable, events);
        }
        if (events > 0) {
            LOG.info("audit: committed {} events from the journal {} of a process that stopped before it did", events,
                    name);
        }
    }

    private static boolean alreadyApplied(Connection c, String name) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM audit_journal_applied WHERE journal = ?")) {
            select.setString(1, name);
            try (var rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    private void createOwnerOnlyFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        try {
            if (posix) {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(folder);
            }
        } catch (FileAlreadyExistsException raced) {
            // another process created it
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("audit: closing a journal failed: {}", e.toString());
        }
    }

    /** Whether {@code file} is gone. */
    private static boolean deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
            return true;
        } catch (IOException e) {
            LOG.warn("audit: cannot delete the committed journal {} (the next start skips it): {}", file, e.toString());
            return false;
        }
    }

    /** How many transactions have committed journal events. */
    long commits() {
        return commits.get();
    }

    /** How many events have been committed to the store. */
    long committedEvents() {
        return committedEvents.get();
    }

    /** The writer thread, once the first event started it (tests). */
    Thread writerThread() {
        appendLock.lock();
        try {
            return writer;
        } finally {
            appendLock.unlock();
        }
    }

    /** The journal folder (tests). */
    Path folder() {
        return folder;
    }

    /**
     * Refuses new events, commits every waiting one, then closes the files; events the store still
     * refuses stay in their journal files for the next start.
     */
    @Override
    public void close() {
        Thread stopped;
        appendLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            stopped = writer;
        } finally {
            appendLock.unlock();
        }
        stopping = true;
        if (stopped != null) {
            LockSupport.unpark(stopped);
            WriterThreads.joinUninterruptibly(stopped);
        }
        ingest();
        ingestLock.lock();
        appendLock.lock();
        try {
            if (current != null) {
                sealCurrent(); // only an empty file is left here: ingest() sealed any with events
            }
            for (Segment s : sealed) {
                LOG.error("audit: {} events stay in the journal {} until the next start commits them",
                        s.events().size(), s.file());
                closeQuietly(s.channel());
            }
            sealed.clear();
            forgetApplied();
            writerConnection.close();
        } finally {
            appendLock.unlock();
            ingestLock.unlock();
        }
    }

    /** Removes the names of deleted files from the store (best effort: a stale name is harmless). */
    private void forgetApplied() {
        if (appliedToForget.isEmpty()) {
            return;
        }
        try {
            forget(writerConnection.get(), appliedToForget);
            appliedToForget.clear();
        } catch (SQLException e) {
            LOG.debug("audit: forgetting committed journal names failed: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return "AuditLog[SQLite, journal " + folder + ", committed every " + INGEST_INTERVAL.toMillis() + " ms]";
    }
}
