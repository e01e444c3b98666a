package dev.keyless.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.keyless.store.Database;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit log's behaviour on a real store; run once per store by the subclasses. */
abstract class AuditStoreContract {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123456Z");

    Database database;
    AuditStore store;
    PrometheusRegistry registry;

    /** A fresh, migrated, empty database for one test. */
    abstract Database openDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        database = openDatabase();
        store = new AuditStore(database);
        registry = new PrometheusRegistry();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    /** The store's writer, as {@code AuditLog.open} chooses it for this dialect. */
    AuditLog writer() {
        return AuditLog.open(AuditSettings.defaults(), database, registry);
    }

    static long commits(AuditLog log) {
        return switch (log) {
            case GroupCommitAuditLog g -> g.commits();
            case JournalAuditLog j -> j.commits();
            case DisabledAuditLog d -> 0;
        };
    }

    static long committedEvents(AuditLog log) {
        return switch (log) {
            case GroupCommitAuditLog g -> g.committedEvents();
            case JournalAuditLog j -> j.committedEvents();
            case DisabledAuditLog d -> 0;
        };
    }

    static AuditEvent event(String requestId, Instant time, AuditDecision decision) {
        return AuditEvent.builder(time, requestId, AuditKind.AWS_ASSUME_ROLE_WITH_WEB_IDENTITY, decision)
                .reason(decision == AuditDecision.DENY ? "AccessDenied" : null)
                .subject("project_path:mygroup/myrepo:ref_type:branch:ref:main")
                .role("arn:aws:iam::111122223333:role/gitlab-deployer")
                .build();
    }

    @Test
    void appendAndWaitWhenCommittedThenEveryFieldRoundTrips() {
        AuditEvent full = AuditEvent.builder(T0, "req-1", AuditKind.GCP_TOKEN_EXCHANGE, AuditDecision.DENY)
                .reason("unauthorized_client").message("The given credential is rejected by the attribute condition.")
                .explanation(JsonNodeFactory.instance.objectNode().put("check", "attributeCondition").put("expected", true).put("actual", false))
                .issuer("http://127.0.0.1:8080").subject("project_path:g/p:ref_type:branch:ref:feature")
                .audience("//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/g")
                .role("deployer@my-project.iam.gserviceaccount.com").sessionName("s-1")
                .clientAddress("127.0.0.1").userAgent("gcloud/500.0.0").jti("jti-1").token("eyJ.a.b")
                .build();
        try (AuditLog log = writer()) {
            log.appendAndWait(full);
        }
        assertThat(store.query(AuditQuery.all())).containsExactly(full);
    }

    @Test
    void queryWhenFilteredThenOnlyMatchingEventsNewestFirst() {
        AuditEvent allowed = event("a", T0, AuditDecision.ALLOW);
        AuditEvent denied = event("b", T0.plusSeconds(1), AuditDecision.DENY);
        AuditEvent error = event("c", T0.plusSeconds(2), AuditDecision.ERROR);
        AuditEvent otherRole = AuditEvent.builder(T0.plusSeconds(3), "d", AuditKind.GCP_GENERATE_ACCESS_TOKEN,
                AuditDecision.DENY).role("sa@p.iam.gserviceaccount.com").subject("other").build();
        try (AuditLog log = writer()) {
            List.of(allowed, denied, error, otherRole).forEach(log::appendAndWait);
        }
        assertThat(store.query(AuditQuery.all())).containsExactly(otherRole, error, denied, allowed);
        assertThat(store.query(AuditQuery.all().withDeniedOnly(true))).containsExactly(otherRole, denied);
        assertThat(store.query(AuditQuery.all().withSince(T0.plusSeconds(2)))).containsExactly(otherRole, error);
        assertThat(store.query(AuditQuery.all().withRequestId("b"))).containsExactly(denied);
        assertThat(store.query(AuditQuery.all().withRole("sa@p.iam.gserviceaccount.com")))
                .containsExactly(otherRole);
        assertThat(store.query(AuditQuery.all().withSubject("other"))).containsExactly(otherRole);
        assertThat(store.query(AuditQuery.all().withKind(AuditKind.AWS_ASSUME_ROLE_WITH_WEB_IDENTITY)))
                .containsExactly(error, denied, allowed);
        assertThat(store.query(AuditQuery.all().withLimit(2))).containsExactly(otherRole, error);
        assertThat(store.query(AuditQuery.all().withDeniedOnly(true).withKind(AuditKind.AWS_ASSUME_ROLE_WITH_WEB_IDENTITY)))
                .containsExactly(denied);
        assertThat(store.query(AuditQuery.all().withRequestId("nope"))).isEmpty();
    }

    @Test
    void queryWhenRequestIdPartThenExactCaseSensitiveContainsMatchesOnly() {
        AuditEvent one = event("3f2a9c1e-0000-4000-8000-000000000001", T0, AuditDecision.ALLOW);
        AuditEvent two = event("3f2a9c1e-0000-4000-8000-000000000002", T0.plusSeconds(1), AuditDecision.DENY);
        AuditEvent other = event("3f2b0000-0000-4000-8000-000000000003", T0.plusSeconds(2), AuditDecision.DENY);
        AuditEvent wildcard = event("3f2_%-literal", T0.plusSeconds(3), AuditDecision.DENY);
        try (AuditLog log = writer()) {
            List.of(one, two, other, wildcard).forEach(log::appendAndWait);
        }
        assertThat(store.query(AuditQuery.all().withRequestIdPart("3f2a"))).containsExactly(two, one);
        assertThat(store.query(AuditQuery.all().withRequestIdPart("3f2"))).containsExactly(wildcard, other, two, one);
        assertThat(store.query(AuditQuery.all().withRequestIdPart("3f2a9c1e-0000-4000-8000-000000000002")))
                .containsExactly(two);
        assertThat(store.query(AuditQuery.all().withRequestIdPart("3F2A"))).isEmpty();
        assertThat(store.query(AuditQuery.all().withRequestIdPart("3f2_"))).containsExactly(wildcard);
        assertThat(store.query(AuditQuery.all().withRequestIdPart("3f2%"))).isEmpty();
        // A part from the middle or the end (time-ordered ids share their start).
        assertThat(store.query(AuditQuery.all().withRequestIdPart("000000000002"))).containsExactly(two);
        assertThat(store.query(AuditQuery.all().withRequestIdPart("-4000-8000-"))).containsExactly(other, two, one);
        assertThat(store.query(AuditQuery.all().withRequestIdPart("_%-lit"))).containsExactly(wildcard);
        assertThat(store.query(AuditQuery.all().withRequestIdPart("-LITERAL"))).isEmpty();
    }

    @Test
    void appendWhenTwoThousandConcurrentCallersThenFewCommitsAndEveryRowStored() throws Exception {
        int callers = 2_000;
        var start = new CountDownLatch(1);
        List<CompletableFuture<Void>> acknowledged = new ArrayList<>();
        try (AuditLog log = writer();
                var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < callers; i++) {
                AuditEvent e = event("req-" + i, T0.plusMillis(i), AuditDecision.ALLOW);
                acknowledged.add(CompletableFuture.runAsync(() -> {
                    awaitQuietly(start);
                    log.appendAndWait(e);
                }, threads));
            }
            start.countDown();
            CompletableFuture.allOf(acknowledged.toArray(CompletableFuture[]::new)).get();
            log.flush(); // what AuditStore.query does first; count() reads the table directly
            assertThat(count()).as("rows stored once every append returned").isEqualTo(callers);
            assertThat(committedEvents(log)).isEqualTo(callers);
            assertThat(commits(log)).isLessThan(callers / 10);
            assertThat(metricsText()).contains("keyless_audit_events_total{decision=\"ALLOW\","
                    + "kind=\"AWS_ASSUME_ROLE_WITH_WEB_IDENTITY\",reason=\"\"} 2000")
                    .contains("keyless_audit_batch_size_count " + commits(log) + "\n");
        }
    }

    @Test
    void appendWhenCommitFailsThenLaterAppendsThrowAndNothingIsCommitted() throws Exception {
        exec("DROP TABLE audit_events");
        try (AuditLog log = writer()) {
            CompletableFuture<Void> first = log.append(event("x", T0, AuditDecision.ALLOW));
            log.flush();
            if (log instanceof GroupCommitAuditLog) {
                // Acknowledged means committed: the first event fails with its commit.
                assertThatThrownBy(first::get).isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(AuditStoreException.class)
                        .cause().hasMessageStartingWith("audit: commit failed");
            }
            // The journal acknowledged the first (it is in its file); once the store refused it,
            // every later event is refused, as with a commit per batch.
            assertThatThrownBy(() -> log.appendAndWait(event("y", T0, AuditDecision.DENY)))
                    .isInstanceOf(AuditStoreException.class).hasMessageStartingWith("audit: commit failed");
            assertThat(commits(log)).isZero();
        }
    }

    @Test
    void appendWhenClosedThenFailsAndCloseCommittedWhatWasQueued() throws Exception {
        AuditLog log = writer();
        List<CompletableFuture<Void>> queued = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            queued.add(log.append(event("q-" + i, T0, AuditDecision.ALLOW)));
        }
        log.close();
        assertThat(queued).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(count()).isEqualTo(50);
        assertThatThrownBy(() -> log.appendAndWait(event("late", T0, AuditDecision.ALLOW)))
                .isInstanceOf(AuditStoreException.class).hasMessage("audit: the log is closed");
    }

    @Test
    void storeWhenEventQuotesATokenThenOnlyTheRedactionIsStored() throws Exception {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
        try (AuditLog log = writer()) {
            log.appendAndWait(AuditEvent.builder(T0, "r", AuditKind.CI_API, AuditDecision.DENY)
                    .message("bad token " + jwt).explanation(JsonNodeFactory.instance.objectNode().put("token", jwt)).build());
        }
        try (Connection c = database.dataSource().getConnection();
                var rows = c.createStatement().executeQuery("SELECT message, explanation FROM audit_events")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("bad token [REDACTED:jwt]").doesNotContain("eyJ");
            assertThat(rows.getString(2)).isEqualTo("{\"token\":\"[REDACTED:jwt]\"}");
        }
    }

    @Test
    void purgeNowWhenEventsOlderThanRetentionThenOnlyThoseDeleted() throws SQLException {
        try (AuditLog log = writer()) {
            log.appendAndWait(event("old", T0.minus(Duration.ofDays(31)), AuditDecision.ALLOW));
            log.appendAndWait(event("edge", T0.minus(Duration.ofDays(30)), AuditDecision.ALLOW));
            log.appendAndWait(event("new", T0.minus(Duration.ofDays(1)), AuditDecision.ALLOW));
        }
        var retention = new AuditRetention(store, Duration.ofDays(30), Clock.fixed(T0, ZoneOffset.UTC));
        assertThat(retention.purgeNow()).isEqualTo(1);
        assertThat(store.query(AuditQuery.all())).extracting(AuditEvent::requestId).containsExactly("new", "edge");
        assertThat(store.deleteOlderThan(T0)).isEqualTo(2);
        assertThat(count()).isZero();
    }

    String metricsText() throws java.io.IOException {
        var out = new java.io.ByteArrayOutputStream();
        io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    long count() throws SQLException {
        try (Connection c = database.dataSource().getConnection();
                var rows = c.createStatement().executeQuery("SELECT COUNT(*) FROM audit_events")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    void exec(String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection()) {
            c.createStatement().execute(sql);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
