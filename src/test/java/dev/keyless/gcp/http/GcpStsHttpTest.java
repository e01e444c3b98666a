package dev.keyless.gcp.http;

import static dev.keyless.gcp.http.GcpHttp.AUDIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.issuer.Audience;
import dev.keyless.issuer.ClaimBuilder;
import dev.keyless.issuer.IssuerSettings;
import dev.keyless.issuer.JobContext;
import dev.keyless.issuer.MintResult;
import dev.keyless.issuer.TokenMinter;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Repo;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/token} and {@code /v1/introspect} on the wire, exact JSON (Google STS API, token). */
class GcpStsHttpTest {

    @TempDir
    static Path dir;
    static KeylessTestServer server;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        server = KeylessTestServer.startExample(dir.resolve("server"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void exchangeWhenJobOfMyrepoThenAccessTokenWithNumericExpiresIn() throws Exception {
        HttpResponse<String> r = GcpHttp.exchange(server.url(), server.mint(AUDIENCE, "mygroup/myrepo", "main") + "\n",
                AUDIENCE);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("access_token").textValue()).startsWith("ya29.");
        assertThat(body.get("issued_token_type").textValue()).isEqualTo("urn:ietf:params:oauth:token-type:access_token");
        assertThat(body.get("token_type").textValue()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").isNumber()).isTrue();
        assertThat(body.get("expires_in").longValue()).isBetween(200L, 300L); // the job token's 5 min, not 1 h
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void exchangeWhenConditionFalseThenUnauthorizedClient() {
        HttpResponse<String> r = GcpHttp.exchange(server.url(), server.mint(AUDIENCE, "othergroup/myrepo", "main"),
                AUDIENCE);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"error\":\"unauthorized_client\",\"error_description\":"
                + "\"The given credential is rejected by the attribute condition.\"}");
    }

    @Test
    void exchangeWhenTokenAudienceIsAnotherThenInvalidGrant() {
        HttpResponse<String> r = GcpHttp.exchange(server.url(),
                server.mint("https://gitlab.example.com", "mygroup/myrepo", "main"), AUDIENCE);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"error\":\"invalid_grant\",\"error_description\":"
                + "\"The audience in ID Token [https://gitlab.example.com] does not match the expected audience.\"}");
    }

    @Test
    void exchangeWhenIssuerIsNotTheProvidersThenInvalidGrant() {
        TokenMinter foreign = new TokenMinter(new ClaimBuilder(IssuerSettings.gitlabDefaults("https://gitlab.example.com")),
                server.keyless().keyRing(), Clock.systemUTC());
        String token = minted(foreign);

        HttpResponse<String> r = GcpHttp.exchange(server.url(), token, AUDIENCE);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"error\":\"invalid_grant\",\"error_description\":"
                + "\"The issuer in ID Token https://gitlab.example.com does not match the expected one in config: "
                + server.url() + ".\"}");
    }

    @Test
    void exchangeWhenTokenExpiredThenStaleToSignIn() {
        Instant issued = Instant.now().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        TokenMinter past = new TokenMinter(new ClaimBuilder(server.keyless().issuerSettings()),
                server.keyless().keyRing(), Clock.fixed(issued, ZoneOffset.UTC));

        HttpResponse<String> r = GcpHttp.exchange(server.url(), minted(past), AUDIENCE);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"error\":\"invalid_grant\",\"error_description\":"
                + "\"ID Token issued at " + issued.getEpochSecond() + " is stale to sign-in.\"}");
    }

    @Test
    void exchangeWhenAudienceNamesUnknownProviderThenInvalidTarget() {
        String other = AUDIENCE.replace("/providers/gitlab", "/providers/github");
        HttpResponse<String> r = GcpHttp.exchange(server.url(), server.mint(other, "mygroup/myrepo", "main"), other);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo(INVALID_TARGET);
    }

    @Test
    void exchangeWhenProviderDisabledThenInvalidTarget() throws Exception {
        String yaml = Files.readString(Repo.root().resolve("keyless.yaml")).replace(
                "            gitlab:\n              issuerUri:", "            gitlab:\n              disabled: true\n              issuerUri:");
        assertThat(yaml).contains("disabled: true");
        try (KeylessTestServer disabled = KeylessTestServer.start(dir.resolve("disabled"), yaml, Clock.systemUTC(),
                Map.of())) {
            HttpResponse<String> r = GcpHttp.exchange(disabled.url(), disabled.mint(AUDIENCE, "mygroup/myrepo", "main"),
                    AUDIENCE);

            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).isEqualTo(INVALID_TARGET);
        }
    }

    @Test
    void exchangeWhenJsonBodyHasDuplicateKeyThenInvalidRequestNamingTheKey() throws Exception {
        // Read leniently the second "audience" would win; as in form data, a repeated name is refused.
        String token = server.mint(AUDIENCE, "mygroup/myrepo", "main");
        String other = AUDIENCE.replace("/providers/gitlab", "/providers/github");
        String body = "{\"grantType\":\"urn:ietf:params:oauth:grant-type:token-exchange\","
                + "\"audience\":\"" + AUDIENCE + "\",\"audience\":\"" + other + "\","
                + "\"requestedTokenType\":\"urn:ietf:params:oauth:token-type:access_token\","
                + "\"subjectTokenType\":\"urn:ietf:params:oauth:token-type:jwt\",\"subjectToken\":\"" + token + "\"}";

        HttpResponse<String> r = GcpHttp.postJson(server.url() + "/v1/token", null, body);

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body());
        assertThat(error.get("error").textValue()).isEqualTo("invalid_request");
        assertThat(error.get("error_description").textValue())
                .startsWith("The request body could not be parsed: duplicate key 'audience'");
        assertThat(error.has("access_token")).isFalse();
    }

    @Test
    void exchangeWhenJsonBodyHasTrailingContentThenInvalidRequest() throws Exception {
        String body = "{\"grantType\":\"urn:ietf:params:oauth:grant-type:token-exchange\"} {\"audience\":\"x\"}";

        HttpResponse<String> r = GcpHttp.postJson(server.url() + "/v1/token", null, body);

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body());
        assertThat(error.get("error").textValue()).isEqualTo("invalid_request");
        assertThat(error.get("error_description").textValue())
                .startsWith("The request body could not be parsed: content after the JSON value");
    }

    @Test
    void exchangeWhenGrantTypeUnknownThenUnsupportedGrantType() {
        HttpResponse<String> r = GcpHttp.postForm(server.url() + "/v1/token", Map.of("grant_type", "password"));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"error\":\"unsupported_grant_type\",\"error_description\":"
                + "\"Invalid value for \\\"grant_type\\\".\"}");
    }

    @Test
    void introspectWhenFederatedTokenThenActiveWithPrincipalUsername() throws Exception {
        String accessToken = JSON.readTree(GcpHttp.exchange(server.url(),
                server.mint(AUDIENCE, "mygroup/myrepo", "main"), AUDIENCE).body()).get("access_token").textValue();

        HttpResponse<String> r = GcpHttp.postForm(server.url() + "/v1/introspect", Map.of("token", accessToken,
                "token_type_hint", "urn:ietf:params:oauth:token-type:access_token"));

        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("active").booleanValue()).isTrue();
        assertThat(body.get("username").textValue()).isEqualTo("principal://iam.googleapis.com/projects/123456789012"
                + "/locations/global/workloadIdentityPools/gitlab-pool/subject/"
                + "project_path:mygroup/myrepo:ref_type:branch:ref:main");
        assertThat(body.get("sub").textValue()).isEqualTo("project_path:mygroup/myrepo:ref_type:branch:ref:main");
    }

    @Test
    void introspectWhenTokenTamperedThenInactive() throws Exception {
        String accessToken = JSON.readTree(GcpHttp.exchange(server.url(),
                server.mint(AUDIENCE, "mygroup/myrepo", "main"), AUDIENCE).body()).get("access_token").textValue();
        int mid = accessToken.length() / 2;
        String tampered = accessToken.substring(0, mid) + (accessToken.charAt(mid) == 'A' ? 'B' : 'A')
                + accessToken.substring(mid + 1);

        HttpResponse<String> genuine = GcpHttp.postForm(server.url() + "/v1/introspect", Map.of("token", accessToken));
        HttpResponse<String> r = GcpHttp.postForm(server.url() + "/v1/introspect", Map.of("token", tampered));

        assertThat(JSON.readTree(genuine.body()).get("active").booleanValue()).isTrue();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"active\":false}");
    }

    static final String INVALID_TARGET = "{\"error\":\"invalid_target\",\"error_description\":\"The target service "
            + "indicated by the \\\"audience\\\" parameters is invalid. This might either be because the pool or "
            + "provider is disabled or deleted or because it doesn't exist.\"}";

    private static String minted(TokenMinter minter) {
        MintResult result = minter.mint(JobContext.builder("mygroup/myrepo", "main").build(), Audience.of(AUDIENCE));
        return ((MintResult.Minted) result).token();
    }
}
