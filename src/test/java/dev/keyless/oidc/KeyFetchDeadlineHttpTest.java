package dev.keyless.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.TestClock;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A foreign issuer whose discovery and key endpoints drip one byte every 1.5 s (its ~150-byte
 * discovery document alone would take minutes). With {@code jwksFetchTimeout: 2s} the whole fetch
 * is cut at 2 s; while it runs, requests are answered from the last good keys; and however many
 * requests arrive, one fetch at a time reaches the issuer.
 */
class KeyFetchDeadlineHttpTest {
    private static final Duration DRIP = Duration.ofMillis(1500);
    private static final RSAKey KEY = TestTokens.rsa("k1");

    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(Instant.now());
    private final HttpClient http = HttpClient.newHttpClient();
    private final ExecutorService pool = Executors.newFixedThreadPool(6);
    private FakeIssuer warm;
    private FakeIssuer cold;
    private KeylessTestServer server;

    @BeforeEach
    void start() throws Exception {
        warm = new FakeIssuer();
        cold = new FakeIssuer();
        warm.serve(TestTokens.jwks(KEY));
        cold.serve(TestTokens.jwks(KEY));
        server = KeylessTestServer.start(dir, ForeignIssuerSts.yaml(List.of(warm.url(), cold.url()), Map.of(),
                "  jwksFetchTimeout: 2s\n  jwksCacheTtl: 1m"), clock, Map.of());
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        server.close();
        warm.close();
        cold.close();
    }

    private record Timed(HttpResponse<String> response, long millis) {}

    /** Six requests at once, each with its own fresh token; their answers and how long each took. */
    private List<Timed> concurrently(FakeIssuer issuer, String roleArn) throws Exception {
        List<Future<Timed>> futures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String token = ForeignIssuerSts.token(issuer.url(), clock.instant(), KEY, "k1");
            futures.add(pool.submit(() -> {
                long start = System.nanoTime();
                HttpResponse<String> r = ForeignIssuerSts.assume(http, server.url(), roleArn, token);
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
        HttpResponse<String> first = ForeignIssuerSts.assume(http, server.url(), ForeignIssuerSts.roleArn(0),
                ForeignIssuerSts.token(warm.url(), clock.instant(), KEY, "k1"));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        warm.drip(DRIP);
        clock.advance(Duration.ofMinutes(2)); // past the 1 m TTL: a refetch is due

        List<Timed> answers = concurrently(warm, ForeignIssuerSts.roleArn(0));

        long slowest = answers.stream().mapToLong(Timed::millis).max().orElseThrow();
        System.out.println("stale keys while the endpoint drips: 6 requests, slowest " + slowest
                + " ms, issuer connections at once " + warm.maxConcurrent());
        for (Timed t : answers) {
            assertThat(t.response().statusCode()).as(t.response().body()).isEqualTo(200);
            assertThat(t.response().body()).contains("<AccessKeyId>");
        }
        assertThat(slowest).isLessThan(1_000);
        assertThat(warm.maxConcurrent()).isEqualTo(1);
    }

    @Test
    void assumeWhenNoKeysYetAndEndpointDripsThenIdpCommunicationErrorWithinDeadline() throws Exception {
        cold.drip(DRIP);

        List<Timed> answers = concurrently(cold, ForeignIssuerSts.roleArn(1));

        long slowest = answers.stream().mapToLong(Timed::millis).max().orElseThrow();
        System.out.println("cold cache, dripping endpoint: 6 requests, slowest " + slowest + " ms (deadline 2000 ms),"
                + " issuer connections at once " + cold.maxConcurrent() + ", requests seen " + cold.requests());
        for (Timed t : answers) {
            assertThat(t.response().statusCode()).as(t.response().body()).isEqualTo(400);
            assertThat(ForeignIssuerSts.code(t.response())).isEqualTo("IDPCommunicationError");
            assertThat(t.response().body()).doesNotContain("<Credentials>");
        }
        assertThat(slowest).isLessThan(4_000);
        assertThat(cold.maxConcurrent()).isEqualTo(1);
        assertThat(cold.jwksRequests()).isZero();
    }
}
