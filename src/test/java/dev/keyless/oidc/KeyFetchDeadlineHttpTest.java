package dev.keyless.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import dev.keyless.testing.LauncherServer;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A foreign issuer whose discovery and key endpoints drip one byte every 1.5 s (its ~150-byte
 * discovery document alone would take minutes), against {@code keyless serve} in its own process
 * with the launcher's default JVM options. With {@code jwksFetchTimeout: 2s} the whole fetch is cut
 * at 2 s; while it runs, requests are answered from the last good keys; however many requests
 * arrive, one fetch at a time reaches the issuer; and a legitimate AssumeRole of another issuer
 * answers within 1 s during and after the attack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyFetchDeadlineHttpTest {
    private static final Duration DRIP = Duration.ofMillis(1500);
    /** The shortest the config allows: the warm issuer's keys are stale this long after their fetch. */
    private static final Duration TTL = Duration.ofSeconds(10);
    private static final RSAKey KEY = TestTokens.rsa("k1");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ExecutorService pool = Executors.newFixedThreadPool(6);
    private FakeIssuer warm;
    private FakeIssuer cold;
    private FakeIssuer legit;
    private LauncherServer server;
    private long warmFetchedAt;

    @BeforeAll
    void start() throws Exception {
        warm = new FakeIssuer();
        cold = new FakeIssuer();
        legit = new FakeIssuer();
        for (FakeIssuer f : List.of(warm, cold, legit)) {
            f.serve(TestTokens.jwks(KEY));
        }
        server = LauncherServer.start(Files.createTempDirectory("keyless-key-fetch"), ForeignIssuerSts.yaml(
                List.of(warm.url(), cold.url(), legit.url()), Map.of(),
                "  jwksFetchTimeout: 2s\n  jwksCacheTtl: 10s\n  jwksRefetchCooldown: 1s"));
        // The first fetches of a server just started on a loaded machine (its HTTP client's classes
        // loading and compiling) can pass the 2 s deadline: that is the deadline working, so the
        // warm-up tries again after the 1 s cooldown rather than failing here.
        warmFetchedAt = warmUp(() -> assume(warm, 0).statusCode() == 200);
        warmUp(() -> legitAssume().minted());
    }

    /** Up to five tries, a cooldown apart; the time of the successful one. */
    private static long warmUp(java.util.concurrent.Callable<Boolean> attempt) throws Exception {
        for (int i = 0; i < 5; i++) {
            long at = System.nanoTime();
            if (attempt.call()) {
                return at;
            }
            Thread.sleep(1_100);
        }
        throw new AssertionError("no credentials after five tries with endpoints that answer at once");
    }

    @AfterAll
    void stop() {
        pool.shutdownNow();
        if (server != null) {
            server.close();
        }
        for (FakeIssuer f : List.of(warm, cold, legit)) {
            f.close();
        }
    }

    private record Timed(HttpResponse<String> response, long millis) {}

    private HttpResponse<String> assume(FakeIssuer issuer, int role) throws Exception {
        return ForeignIssuerSts.assume(http, server.url(), ForeignIssuerSts.roleArn(role),
                ForeignIssuerSts.token(issuer.url(), Instant.now(), KEY, "k1"));
    }

    private LauncherServer.Legit legitAssume() {
        return server.assumeRoleSettled(ForeignIssuerSts.roleArn(2), () -> ForeignIssuerSts.token(legit.url(), Instant.now(), KEY, "k1"));
    }

    /** Six requests at once, each with its own fresh token; their answers and how long each took. */
    private List<Timed> concurrently(FakeIssuer issuer, int role) throws Exception {
        List<Future<Timed>> futures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            futures.add(pool.submit(() -> {
                long start = System.nanoTime();
                HttpResponse<String> r = assume(issuer, role);
                return new Timed(r, (System.nanoTime() - start) / 1_000_000);
            }));
        }
        List<Timed> out = new ArrayList<>();
        for (Future<Timed> f : futures) {
            out.add(f.get());
        }
        return out;
    }

    @Test
    void assumeWhenKeysStaleAndEndpointDripsThenLastGoodKeysAnswerAtOnce() throws Exception {
        warm.drip(DRIP);
        long staleIn = TTL.toMillis() + 500 - (System.nanoTime() - warmFetchedAt) / 1_000_000;
        if (staleIn > 0) {
            Thread.sleep(staleIn); // past the TTL: a refetch is due
        }
        long minted = server.mintedSoFar();

        List<Timed> answers = concurrently(warm, 0);

        long slowest = answers.stream().mapToLong(Timed::millis).max().orElseThrow();
        System.out.println("[item 8] stale keys while the endpoint drips: 6 requests, slowest " + slowest
                + " ms, issuer connections at once " + warm.maxConcurrent());
        for (Timed t : answers) {
            assertThat(t.response().statusCode()).as(t.response().body()).isEqualTo(200);
            assertThat(t.response().body()).contains("<AccessKeyId>");
        }
        assertThat(server.mintedSoFar()).as("sessions in the audit log").isEqualTo(minted + 6);
        assertThat(slowest).isLessThan(1_000);
        assertThat(warm.maxConcurrent()).isEqualTo(1);
    }

    @Test
    void assumeWhenNoKeysYetAndEndpointDripsThenIdpCommunicationErrorWithinDeadline() throws Exception {
        cold.drip(DRIP);
        List<Timed> answers = new ArrayList<>();

        List<LauncherServer.Legit> during = server.duringAttack(ForeignIssuerSts.roleArn(2),
                () -> ForeignIssuerSts.token(legit.url(), Instant.now(), KEY, "k1"), 200, () -> answers.addAll(concurrently(cold, 1)));
        LauncherServer.Legit after = legitAssume();

        long slowest = answers.stream().mapToLong(Timed::millis).max().orElseThrow();
        System.out.println("[item 8] cold cache, dripping endpoint: 6 requests, slowest " + slowest + " ms (deadline 2000 ms),"
                + " issuer connections at once " + cold.maxConcurrent() + ", requests seen " + cold.requests()
                + "; legit AssumeRole during " + during + ", after " + after);
        for (Timed t : answers) {
            assertThat(t.response().statusCode()).as(t.response().body()).isEqualTo(400);
            assertThat(ForeignIssuerSts.code(t.response())).isEqualTo("IDPCommunicationError");
            assertThat(t.response().body()).doesNotContain("<Credentials>");
        }
        assertThat(server.auditCount("decision = 'ALLOW' AND role = '" + ForeignIssuerSts.roleArn(1) + "'"))
                .as("sessions of the attacked role in the audit log").isZero();
        assertThat(server.auditCount("decision <> 'ALLOW' AND role = '" + ForeignIssuerSts.roleArn(1) + "'")).isEqualTo(6);
        assertThat(slowest).isLessThan(4_000);
        assertThat(cold.maxConcurrent()).isEqualTo(1);
        assertThat(cold.jwksRequests()).isZero();
        assertThat(during).allSatisfy(l -> assertThat(l.mintedWithin(1_000)).as("legit during the attack: %s", l).isTrue());
        assertThat(after.mintedWithin(1_000)).as("legit after the attack: %s", after).isTrue();
    }
}
