package dev.keyless.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import dev.keyless.testing.LauncherServer;
import dev.keyless.testing.TestCertificate;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Whoever controls a discovery document must not choose where keys come from: its {@code jwks_uri}
 * must be on the issuer's own origin, and one issuer configured with plain http does not let an
 * https issuer's keys come over http. Each attack token is signed by the attacker's key, which only
 * the foreign {@code jwks_uri} serves; the server ({@code keyless serve} in its own process with the
 * launcher's default JVM options) refuses it without ever fetching there, and grants nothing (the
 * audit log in its store).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwksUriOriginHttpTest {
    private final RSAKey issuerKey = TestTokens.rsa("k1");
    private final RSAKey attackerKey = TestTokens.rsa("k1");
    private final HttpClient http = HttpClient.newHttpClient();
    private FakeIssuer plain;
    private FakeIssuer redirected;
    private FakeIssuer tls;
    private FakeIssuer attacker;
    private LauncherServer server;

    @BeforeAll
    void start() throws Exception {
        Path dir = Files.createTempDirectory("keyless-jwks-origin");
        TestCertificate certificate = TestCertificate.create(dir.resolve("tls"));
        attacker = new FakeIssuer();
        attacker.serve(TestTokens.jwks(attackerKey));
        plain = new FakeIssuer();
        plain.serve(TestTokens.jwks(issuerKey));
        redirected = new FakeIssuer();
        redirected.serve(TestTokens.jwks(issuerKey));
        redirected.jwksUri(attacker.url() + "/jwks");
        tls = new FakeIssuer(certificate);
        tls.serve(TestTokens.jwks(issuerKey));
        tls.jwksUri(attacker.url() + "/jwks"); // https issuer, keys over plain http from elsewhere
        server = LauncherServer.start(dir.resolve("server"), ForeignIssuerSts.yaml(
                List.of(plain.url(), redirected.url(), tls.url()),
                Map.of(tls.url(), certificate.certificatePem().toString()), "  jwksRefetchCooldown: 1s"));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        for (FakeIssuer f : List.of(plain, redirected, tls, attacker)) {
            f.close();
        }
    }

    private HttpResponse<String> assume(FakeIssuer issuer, int role, RSAKey key) throws Exception {
        HttpResponse<String> r = null;
        // A server just started on a loaded machine may time out before it reaches the issuer at all
        // (its TLS and HTTP client classes loading): that refusal proves nothing, so it is tried
        // again after the 1 s refetch cooldown, up to three times.
        for (int i = 0; i < 3 && issuer.requests() == 0; i++) {
            if (i > 0) {
                Thread.sleep(1_100);
            }
            r = ForeignIssuerSts.assume(http, server.url(), ForeignIssuerSts.roleArn(role),
                    ForeignIssuerSts.token(issuer.url(), Instant.now(), key, "k1"));
            if (r.statusCode() == 200) {
                break;
            }
        }
        return r != null ? r : ForeignIssuerSts.assume(http, server.url(), ForeignIssuerSts.roleArn(role),
                ForeignIssuerSts.token(issuer.url(), Instant.now(), key, "k1"));
    }

    @Test
    void assumeWhenJwksUriOnIssuersOriginThenCredentials() throws Exception {
        HttpResponse<String> r = assume(plain, 0, issuerKey);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("<AccessKeyId>");
    }

    @Test
    void assumeWhenDiscoveryPointsJwksUriAtAnotherHostThenRefusedAndNeverFetched() throws Exception {
        long minted = server.mintedSoFar();
        HttpResponse<String> r = assume(redirected, 1, attackerKey);

        System.out.println("[item 14] jwks_uri on another origin -> " + r.statusCode() + " " + ForeignIssuerSts.code(r)
                + ", attacker jwks fetched " + attacker.jwksRequests() + " times");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(ForeignIssuerSts.code(r)).isEqualTo("IDPCommunicationError");
        assertThat(r.body()).doesNotContain("<Credentials>");
        assertThat(redirected.requests()).as("the discovery document was read").isPositive();
        assertThat(attacker.jwksRequests()).isZero();
        assertThat(server.mintedSoFar()).as("sessions in the audit log").isEqualTo(minted);
    }

    @Test
    void assumeWhenHttpsIssuerPointsJwksUriAtPlainHttpThenRefusedAlthoughAnotherIssuerIsHttp() throws Exception {
        long minted = server.mintedSoFar();
        HttpResponse<String> r = assume(tls, 2, attackerKey);

        System.out.println("[item 14] https issuer, jwks_uri over http -> " + r.statusCode() + " " + ForeignIssuerSts.code(r)
                + ", attacker jwks fetched " + attacker.jwksRequests() + " times");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(ForeignIssuerSts.code(r)).isEqualTo("IDPCommunicationError");
        assertThat(r.body()).doesNotContain("<Credentials>");
        assertThat(tls.requests()).as("the discovery document was read over https").isPositive();
        assertThat(attacker.jwksRequests()).isZero();
        assertThat(server.mintedSoFar()).as("sessions in the audit log").isEqualTo(minted);
    }
}
