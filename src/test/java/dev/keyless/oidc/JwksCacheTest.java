package dev.keyless.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import dev.keyless.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Key-endpoint behaviour against a real HTTP server. */
class JwksCacheTest {

    private static final long START = 1_750_000_000L;
    private static final RSAKey OLD = TestTokens.rsa("old");
    private static final RSAKey NEW = TestTokens.rsa("new");

    private FakeJwksServer server;
    private TestClock clock;
    private VerifierMetrics metrics;
    private JwksCache cache;
    private TokenVerifier verifier;
    private IssuerLookup lookup;

    @BeforeEach
    void start() throws Exception {
        server = new FakeJwksServer();
        server.serve(TestTokens.jwks(OLD));
        clock = new TestClock(Instant.ofEpochSecond(START));
        metrics = VerifierMetrics.unregistered();
        JwksCache.Settings settings = JwksCache.Settings.defaults()
                .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(300)).withFetchDeadline(Duration.ofSeconds(1));
        cache = new JwksCache(settings, clock, metrics);
        verifier = new TokenVerifier(cache, clock, metrics);
        TrustedIssuer issuer = TrustedIssuer.forAws(TestTokens.ISSUER, new KeySource.JwksUrl(server.url()));
        lookup = iss -> iss.equals(TestTokens.ISSUER) ? Optional.of(issuer) : Optional.empty();
    }

    @AfterEach
    void stop() {
        cache.close();
        server.close();
    }

    private String token(RSAKey key, String kid) {
        return TestTokens.sign(TestTokens.header("RS256", kid), TestTokens.claims(clock.instant().getEpochSecond()), key);
    }

    private RejectionReason reasonOf(Verification v) {
        assertThat(v).isInstanceOf(Verification.Rejected.class);
        return ((Verification.Rejected) v).reason();
    }

    @Test
    void verifyWhenKeysCachedThenOneFetchAndCacheHits() {
        for (int i = 0; i < 5; i++) {
            assertThat(verifier.verify(token(OLD, "old"), lookup)).isInstanceOf(Verification.Verified.class);
        }
        assertThat(server.requests()).isEqualTo(1);
        assertThat(metrics.jwksFetches(TestTokens.ISSUER, "success")).isEqualTo(1);
        assertThat(metrics.cacheHits(TestTokens.ISSUER)).isEqualTo(4);
    }

    @Test
    void verifyWhenIssuerRotatesThenFirstTokenWithNewKidVerifies() {
        assertThat(verifier.verify(token(OLD, "old"), lookup)).isInstanceOf(Verification.Verified.class);
        server.serve(TestTokens.jwks(OLD, NEW));

        Verification v = verifier.verify(token(NEW, "new"), lookup);

        assertThat(v).isInstanceOfSatisfying(Verification.Verified.class, ok -> assertThat(ok.keyId()).isEqualTo("new"));
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void verifyWhen1000RandomUnknownKidsThenAtMostAHandfulOfFetches() {
        assertThat(verifier.verify(token(OLD, "old"), lookup)).isInstanceOf(Verification.Verified.class);
        for (int i = 0; i < 1_000; i++) {
            clock.advance(Duration.ofMillis(50));
            assertThat(reasonOf(verifier.verify(token(OLD, UUID.randomUUID().toString()), lookup)))
                    .isEqualTo(RejectionReason.UNKNOWN_KID);
        }
        // 50 s of attack with a 30 s cooldown: one initial fetch plus at most two refetches.
        assertThat(server.requests()).isBetween(2, 3);
    }

    @Test
    void verifyWhenEndpointDownThenCachedKeysVerifyAndUnknownKidIsKeysUnavailable() {
        assertThat(verifier.verify(token(OLD, "old"), lookup)).isInstanceOf(Verification.Verified.class);
        server.fail(503);
        clock.advance(Duration.ofMinutes(10));

        assertThat(verifier.verify(token(OLD, "old"), lookup)).isInstanceOf(Verification.Verified.class);
        assertThat(reasonOf(verifier.verify(token(NEW, "new"), lookup))).isEqualTo(RejectionReason.KEYS_UNAVAILABLE);
        assertThat(metrics.jwksFetches(TestTokens.ISSUER, "failure")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void verifyWhenEndpointNeverAnswersThenTimeoutAndKeysUnavailable() {
        server.stall();

        assertThat(reasonOf(verifier.verify(token(OLD, "old"), lookup))).isEqualTo(RejectionReason.KEYS_UNAVAILABLE);
        assertThat(metrics.jwksFetches(TestTokens.ISSUER, "timeout")).isEqualTo(1);
    }

    @Test
    void verifyWhenJwksOversizedThenRefused() {
        server.serve("{\"keys\":[],\"pad\":\"" + "x".repeat(60 * 1024) + "\"}");

        assertThat(reasonOf(verifier.verify(token(OLD, "old"), lookup))).isEqualTo(RejectionReason.KEYS_UNAVAILABLE);
        assertThat(metrics.jwksFetches(TestTokens.ISSUER, "too_large")).isEqualTo(1);
    }

    @Test
    void verifyWhenManyConcurrentRequestsOnColdCacheThenOneFetch() throws Exception {
        int threads = 16;
        CountDownLatch allStarted = new CountDownLatch(threads);
        server.holdUntil(allStarted);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Verification>> results = new ArrayList<>();
            String token = token(OLD, "old");
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    allStarted.countDown();
                    return verifier.verify(token, lookup);
                }));
            }
            for (Future<Verification> f : results) {
                assertThat(f.get()).isInstanceOf(Verification.Verified.class);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void verifyWhenPastTtlAndEndpointUpThenKeysRefetched() throws Exception {
        assertThat(verifier.verify(token(OLD, "old"), lookup)).isInstanceOf(Verification.Verified.class);
        clock.advance(Duration.ofMinutes(6));
        assertThat(verifier.verify(token(OLD, "old"), lookup)).isInstanceOf(Verification.Verified.class);
        // Past the TTL the last good keys answer at once and the refetch runs in the background.
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.requests() < 2 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(server.requests()).isEqualTo(2);
    }
}
