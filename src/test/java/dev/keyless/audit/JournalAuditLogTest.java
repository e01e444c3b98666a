package dev.keyless.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyless.store.Database;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite journal's own promises, on a real store and real files: what another process left
 * behind is committed exactly once when the store is opened next, a live process's journal is
 * never taken over, a torn last record is dropped, and a query in this process sees every event
 * acknowledged so far. The crash itself (a real {@code kill -9}) is {@code e2e.CrashDurabilityTest}.
 */
class JournalAuditLogTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123456Z");

    @TempDir
    Path tmp;

    Database database;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + tmp.resolve("keyless.db"),
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        database.close();
    }

    JournalAuditLog journal() {
        return new JournalAuditLog(database, tmp, new PrometheusRegistry(), 10_000, 1_000);
    }

    static AuditEvent event(String requestId, int second) {
        return AuditEvent.builder(T0.plusSeconds(second), requestId, AuditKind.AWS_ASSUME_ROLE_WITH_WEB_IDENTITY,
                        AuditDecision.ALLOW)
                .subject("project_path:mygroup/myrepo:ref_type:branch:ref:main")
                .explanation(checks())
                .role("arn:aws:iam::111122223333:role/gitlab-deployer").build();
    }

    private static ObjectNode checks() {
        ObjectNode explanation = JsonNodeFactory.instance.objectNode();
        explanation.putArray("checks").addObject().put("name", "trust policy").put("passed", true);
        return explanation;
    }

    /** A journal as a process that died would leave it: header, complete records, maybe a torn tail. */
    Path abandonedJournal(String name, List<AuditEvent> events, int tornBytes) throws IOException {
        Path folder = Files.createDirectories(tmp.resolve(JournalAuditLog.FOLDER));
        var bytes = new ByteArrayOutputStream();
        bytes.writeBytes(JournalRecords.HEADER);
        events.forEach(e -> bytes.writeBytes(JournalRecords.encode(e)));
        if (tornBytes > 0) {
            byte[] next = JournalRecords.encode(event("torn", 99));
            bytes.write(next, 0, Math.min(tornBytes, next.length - 1));
        }
        return Files.write(folder.resolve(name), bytes.toByteArray());
    }

    @Test
    void openWhenAStoppedProcessLeftAJournalThenItsEventsAreCommittedOnceAndTheFileRemoved() throws Exception {
        List<AuditEvent> left = List.of(event("a", 1), event("b", 2), event("c", 3));
        Path file = abandonedJournal("audit-deadbeef-00000001-1.journal", left, 37);
        try (JournalAuditLog log = journal()) {
            assertThat(file).doesNotExist();
            assertThat(new AuditStore(database, log).query(AuditQuery.all()))
                    .extracting(AuditEvent::requestId).containsExactly("c", "b", "a");
        }
        assertThat(new AuditStore(database).query(AuditQuery.all())).containsExactlyInAnyOrderElementsOf(left);
        try (JournalAuditLog again = journal()) {
            assertThat(new AuditStore(database, again).query(AuditQuery.all())).hasSize(3);
        }
    }

    @Test
    void openWhenALargeJournalWasLeftThenEveryEventIsCommittedBatchByBatch() throws Exception {
        List<AuditEvent> left = java.util.stream.IntStream.range(0, 1_201).mapToObj(i -> event("r" + i, i)).toList();
        Path file = abandonedJournal("audit-deadbeef-00000002-1.journal", left, 0);
        try (JournalAuditLog log = journal()) {
            assertThat(file).doesNotExist();
            assertThat(new AuditStore(database, log).query(AuditQuery.all().withLimit(5_000))).hasSize(1_201);
        }
    }

    @Test
    void openWhenTheJournalWasCommittedButNotDeletedThenNothingIsInsertedTwice() throws Exception {
        String name = "audit-deadbeef-00000001-7.journal";
        List<AuditEvent> left = List.of(event("a", 1), event("b", 2));
        Path file = abandonedJournal(name, left, 0);
        // The process committed the file's events with its name, then died before deleting it.
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            AuditStore.insertBatch(c, left);
            try (var mark = c.prepareStatement("INSERT INTO audit_journal_applied (journal) VALUES (?)")) {
                mark.setString(1, name);
                mark.executeUpdate();
            }
            c.commit();
        }
        try (JournalAuditLog log = journal()) {
            assertThat(file).doesNotExist();
            assertThat(new AuditStore(database, log).query(AuditQuery.all())).hasSize(2);
        }
        assertThat(count("SELECT COUNT(*) FROM audit_journal_applied")).as("names of deleted files are forgotten")
                .isZero();
    }

    @Test
    void openWhenAnotherLiveProcessHoldsItsJournalThenItIsLeftAlone() throws Exception {
        Path file = abandonedJournal("audit-cafecafe-00000001-1.journal", List.of(event("live", 1)), 0);
        // A second process holding the same kind of lock Java takes (fcntl record lock, POSIX).
        Process holder = new ProcessBuilder("python3", "-c", """
                import fcntl, sys, time
                f = open(sys.argv[1], 'r+')
                fcntl.lockf(f, fcntl.LOCK_EX)
                print('locked', flush=True)
                time.sleep(60)
                """, file.toString()).redirectErrorStream(true).start();
        try {
            assertThat(new String(holder.getInputStream().readNBytes(7))).isEqualTo("locked\n");
            try (JournalAuditLog log = journal()) {
                assertThat(file).exists();
                assertThat(new AuditStore(database, log).query(AuditQuery.all())).isEmpty();
            }
        } finally {
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
        try (JournalAuditLog log = journal()) {
            assertThat(file).as("its process is gone: recovered").doesNotExist();
            assertThat(new AuditStore(database, log).query(AuditQuery.all())).extracting(AuditEvent::requestId)
                    .containsExactly("live");
        }
    }

    @Test
    void queryWhenEventsWereJustAcknowledgedThenTheySeeThemWithoutWaitingForTheWriter() throws Exception {
        try (JournalAuditLog log = journal()) {
            AuditStore store = new AuditStore(database, log);
            for (int i = 0; i < 20; i++) {
                log.appendAndWait(event("r" + i, i));
                assertThat(store.query(AuditQuery.all().withRequestId("r" + i))).hasSize(1);
            }
            try (Stream<Path> files = Files.list(log.folder())) {
                assertThat(files).allSatisfy(f -> assertThat(Files.getPosixFilePermissions(f))
                        .isEqualTo(PosixFilePermissions.fromString("rw-------")));
            }
        }
        assertThat(Files.getPosixFilePermissions(tmp.resolve(JournalAuditLog.FOLDER)))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        try (Stream<Path> files = Files.list(tmp.resolve(JournalAuditLog.FOLDER))) {
            assertThat(files).as("a clean close leaves no journal").isEmpty();
        }
    }

    @Test
    void queryWhenAnotherWriterJustAcknowledgedEventsThenItWaitsForThemAndSeesThem() throws Exception {
        // The server and a `keyless audit` on the same store: two writers, each with its own journal.
        try (JournalAuditLog server = journal(); JournalAuditLog cli = journal()) {
            AuditStore cliStore = new AuditStore(database, cli);
            for (int i = 0; i < 20; i++) {
                server.appendAndWait(event("s" + i, i));
                assertThat(cliStore.query(AuditQuery.all().withRequestId("s" + i)))
                        .as("acknowledged by the other writer just now").hasSize(1);
            }
        }
    }

    @Test
    void appendWhenEventsStopThenTheWriterCommitsThemAndSleepsWithoutATimer() throws Exception {
        try (JournalAuditLog log = journal()) {
            for (int i = 0; i < 50; i++) {
                log.appendAndWait(event("r" + i, i));
            }
            Thread writer = log.writerThread();
            // Committed by the writer itself (no query asked): within a few intervals.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (log.committedEvents() < 50 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(log.committedEvents()).isEqualTo(50);
            while (writer.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(writer.getState()).as("parked without a timeout once nothing waits").isEqualTo(Thread.State.WAITING);
            log.appendAndWait(event("after-idle", 60));
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (log.committedEvents() < 51 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(log.committedEvents()).as("an event after an idle spell wakes the writer").isEqualTo(51);
        }
    }

    @Test
    void appendWhenTheStoreRefusesAndRecoversThenTheAcknowledgedEventIsCommittedLater() throws Exception {
        try (JournalAuditLog log = journal()) {
            exec("ALTER TABLE audit_events RENAME TO audit_events_away");
            log.appendAndWait(event("acknowledged", 1));
            log.flush();
            assertThat(log.append(event("refused", 2))).isCompletedExceptionally();
            exec("ALTER TABLE audit_events_away RENAME TO audit_events");
            log.flush();
            log.appendAndWait(event("after", 3));
            assertThat(new AuditStore(database, log).query(AuditQuery.all())).extracting(AuditEvent::requestId)
                    .containsExactly("after", "acknowledged");
        }
    }

    @Test
    void closeWhenTheStoreStillRefusesThenTheEventsWaitInTheJournalForTheNextStart() throws Exception {
        try (JournalAuditLog log = journal()) {
            exec("ALTER TABLE audit_events RENAME TO audit_events_away");
            log.appendAndWait(event("kept", 1));
        }
        exec("ALTER TABLE audit_events_away RENAME TO audit_events");
        assertThat(count("SELECT COUNT(*) FROM audit_events")).isZero();
        Path left;
        try (Stream<Path> files = Files.list(tmp.resolve(JournalAuditLog.FOLDER))) {
            left = files.collect(onlyElement());
        }
        // The next process has another JVM id in its files' names (this JVM never takes over its own).
        Files.move(left, left.resolveSibling("audit-00000000-00000000-1.journal"));
        try (JournalAuditLog next = journal()) {
            assertThat(new AuditStore(database, next).query(AuditQuery.all())).extracting(AuditEvent::requestId)
                    .containsExactly("kept");
        }
    }

    private static <T> java.util.stream.Collector<T, ?, T> onlyElement() {
        return java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), list -> {
            assertThat(list).hasSize(1);
            return list.getFirst();
        });
    }

    long count(String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
                var rows = c.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    void exec(String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection()) {
            c.createStatement().execute(sql);
        }
    }
}
