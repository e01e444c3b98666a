package dev.keyless.gcp.http;

import static dev.keyless.gcp.http.GcpHttp.AUDIENCE;
import static dev.keyless.gcp.http.GcpHttp.SA;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.oidc.JwksCache;
import dev.keyless.oidc.KeySource;
import dev.keyless.oidc.TokenVerifier;
import dev.keyless.oidc.TrustedIssuer;
import dev.keyless.oidc.Verification;
import dev.keyless.oidc.VerifierMetrics;
import dev.keyless.testing.LauncherServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A service-account ID token ({@code generateIdToken}, with an audience the caller chooses) must
 * not pass for a CI job token: it is issued by {@code <issuer>/sa} with its own keys and its own
 * discovery, as Google issues them from accounts.google.com. Sent to the example configuration's
 * {@code keyless serve} in its own process with the launcher's default JVM options:
 * AssumeRoleWithWebIdentity on the role that trusts the CI issuer and the GCP exchange of the pool
 * that trusts it both refuse it, and nothing is granted (the audit log in the store); it verifies
 * only through the service-account issuer's discovery.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceAccountIdTokenIssuerHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE_ARN = "arn:aws:iam::111122223333:role/gitlab-deployer";
    private LauncherServer server;

    @BeforeAll
    void start() throws Exception {
        server = LauncherServer.startExample(Files.createTempDirectory("keyless-sa-issuer"));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** An ID token of the example's deployer SA, minted by a job the bindings allow, for {@code audience}. */
    private String idToken(String audience) throws Exception {
        HttpResponse<String> exchanged = GcpHttp.exchange(server.url(), server.mint(AUDIENCE, "mygroup/myrepo", "main"),
                AUDIENCE);
        assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
        String federated = JSON.readTree(exchanged.body()).get("access_token").textValue();
        HttpResponse<String> r = GcpHttp.postJson(server.url() + "/v1/projects/-/serviceAccounts/" + SA + ":generateIdToken",
                federated, JSON.writeValueAsString(Map.of("audience", audience, "includeEmail", true)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("token").textValue();
    }

    private static JsonNode part(String jwt, int index) throws Exception {
        return JSON.readTree(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
    }

    @Test
    void assumeRoleWithWebIdentityWhenServiceAccountIdTokenThenRefusedAndNoCredentials() throws Exception {
        String token = idToken("sts.amazonaws.com"); // the audience the CI-trusting provider accepts
        long minted = server.mintedSoFar();

        HttpResponse<String> r = GcpHttp.postForm(server.url() + "/", Map.of("Action", "AssumeRoleWithWebIdentity",
                "Version", "2011-06-15", "RoleArn", ROLE_ARN, "RoleSessionName", "sa-token", "WebIdentityToken", token));

        System.out.println("[item 10] SA ID token (iss " + part(token, 1).get("iss").textValue() + ") at AssumeRoleWithWebIdentity -> "
                + r.statusCode() + " " + r.body().replaceAll("\\s+", " "));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("<Code>InvalidIdentityToken</Code>")
                .contains("<Message>No OpenIDConnect provider found in your account for " + server.url() + "/sa</Message>")
                .doesNotContain("<Credentials>");
        assertThat(server.mintedSoFar()).as("grants in the audit log").isEqualTo(minted);
    }

    @Test
    void gcpExchangeWhenServiceAccountIdTokenForThePoolThenRefused() throws Exception {
        String token = idToken(AUDIENCE);
        long minted = server.mintedSoFar();

        HttpResponse<String> r = GcpHttp.exchange(server.url(), token, AUDIENCE);

        System.out.println("[item 10] SA ID token at the pool's token exchange -> " + r.statusCode() + " " + r.body());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"error\":\"invalid_grant\",\"error_description\":\"The issuer in ID Token "
                + server.url() + "/sa does not match the expected one in config: " + server.url() + ".\"}");
        assertThat(server.mintedSoFar()).as("grants in the audit log").isEqualTo(minted);
    }

    @Test
    void serviceAccountIdTokenWhenVerifiedThroughItsIssuersDiscoveryThenVerifiedWithOwnKeys() throws Exception {
        String saIssuer = server.url() + "/sa";
        String token = idToken("https://api.example.com");
        JsonNode discovery = JSON.readTree(GcpHttp.get(saIssuer + "/.well-known/openid-configuration").body());
        JsonNode saKeys = JSON.readTree(GcpHttp.get(discovery.get("jwks_uri").textValue()).body());
        JsonNode ciKeys = JSON.readTree(GcpHttp.get(server.url() + "/oauth/discovery/keys").body());

        Verification v;
        try (JwksCache cache = new JwksCache(JwksCache.Settings.defaults(), Clock.systemUTC(), VerifierMetrics.unregistered())) {
            TrustedIssuer sa = TrustedIssuer.forGcp(saIssuer, new KeySource.Discovery(URI.create(saIssuer)));
            v = new TokenVerifier(cache, Clock.systemUTC(), VerifierMetrics.unregistered())
                    .verify(token, iss -> iss.equals(saIssuer) ? Optional.of(sa) : Optional.empty());
        }

        assertThat(discovery.get("issuer").textValue()).isEqualTo(saIssuer);
        assertThat(discovery.get("jwks_uri").textValue()).isEqualTo(saIssuer + "/oauth/discovery/keys");
        assertThat(v).isInstanceOfSatisfying(Verification.Verified.class, ok -> {
            assertThat(ok.token().issuer()).isEqualTo(saIssuer);
            assertThat(ok.token().claims()).containsEntry("email", SA);
        });
        String kid = part(token, 0).get("kid").textValue();
        Set<String> ciKids = new HashSet<>();
        ciKeys.get("keys").forEach(k -> ciKids.add(k.get("kid").textValue()));
        Set<String> saKids = new HashSet<>();
        saKeys.get("keys").forEach(k -> saKids.add(k.get("kid").textValue()));
        System.out.println("SA token kid " + kid + "; SA JWKS " + saKids + "; CI JWKS " + ciKids);
        assertThat(saKids).contains(kid).doesNotContainAnyElementsOf(ciKids);
        assertThat(ciKids).doesNotContain(kid);
    }
}
