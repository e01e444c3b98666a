package dev.keyless.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.keyless.testing.TestCertificate;
import dev.keyless.testing.TestClock;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key endpoints over https: the JDK trust store by default, or only the CA
 * certificates of a provider's pinned file. The endpoint here has a self-signed certificate.
 */
class PinnedCaTest {
    private static final RSAKey KEY = TestTokens.rsa("k1");

    @TempDir
    Path dir;
    private HttpsServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private TestCertificate certificate;
    private final TestClock clock = new TestClock(Instant.ofEpochSecond(1_750_000_000L));

    @BeforeEach
    void start() throws Exception {
        certificate = TestCertificate.create(dir.resolve("tls"));
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certificate.serverKeyStore())) {
            keyStore.load(in, TestCertificate.PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, TestCertificate.PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        byte[] jwks = TestTokens.jwks(KEY).getBytes(StandardCharsets.UTF_8);
        server.createContext("/jwks", exchange -> {
            requests.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Verification verify(TrustedIssuer issuer) {
        JwksCache.Settings settings = JwksCache.Settings.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
        try (JwksCache cache = new JwksCache(settings, clock, VerifierMetrics.unregistered())) {
            TokenVerifier verifier = new TokenVerifier(cache, clock, VerifierMetrics.unregistered());
            String token = TestTokens.sign(TestTokens.header("RS256", "k1"), TestTokens.claims(clock.instant().getEpochSecond()), KEY);
            return verifier.verify(token, iss -> iss.equals(TestTokens.ISSUER) ? Optional.of(issuer) : Optional.empty());
        }
    }

    private URI jwksUrl() {
        return URI.create("https://localhost:" + server.getAddress().getPort() + "/jwks");
    }

    @Test
    void verifyWhenSelfSignedEndpointAndNoPinnedCaThenKeysUnavailable() {
        Verification v = verify(TrustedIssuer.forAws(TestTokens.ISSUER, new KeySource.JwksUrl(jwksUrl())));
        assertThat(v).isInstanceOf(Verification.Rejected.class);
        assertThat(((Verification.Rejected) v).reason()).isEqualTo(RejectionReason.KEYS_UNAVAILABLE);
        assertThat(requests).as("the TLS handshake fails before any request").hasValue(0);
    }

    @Test
    void verifyWhenSelfSignedEndpointAndItsCaPinnedThenVerified() {
        Verification v = verify(TrustedIssuer.forAws(TestTokens.ISSUER, new KeySource.JwksUrl(jwksUrl()))
                .withPinnedCaFile(certificate.certificatePem()));
        assertThat(v).isInstanceOf(Verification.Verified.class);
        assertThat(requests).hasValue(1);
    }

    @Test
    void verifyWhenAnotherCaPinnedThenKeysUnavailable() throws Exception {
        TestCertificate other = TestCertificate.create(dir.resolve("other"));
        Verification v = verify(TrustedIssuer.forAws(TestTokens.ISSUER, new KeySource.JwksUrl(jwksUrl()))
                .withPinnedCaFile(other.certificatePem()));
        assertThat(((Verification.Rejected) v).reason()).isEqualTo(RejectionReason.KEYS_UNAVAILABLE);
    }
}
