package dev.keyless.gcp.http;

import static dev.keyless.gcp.http.GcpHttp.AUDIENCE;
import static dev.keyless.gcp.http.GcpHttp.SA;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.oidc.KeySource;
import dev.keyless.oidc.TrustedIssuer;
import dev.keyless.oidc.Verification;
import dev.keyless.testing.KeylessTestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generateAccessToken, generateIdToken and /tokeninfo on the wire (IAM Credentials API). */
class IamCredentialsHttpTest {

    @TempDir
    static Path dir;
    static KeylessTestServer server;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PERMISSION_DENIED = "{\"error\":{\"code\":403,\"message\":\"Permission "
            + "'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).\",\"status\":"
            + "\"PERMISSION_DENIED\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":"
            + "\"IAM_PERMISSION_DENIED\",\"domain\":\"iam.googleapis.com\",\"metadata\":{\"permission\":"
            + "\"iam.serviceAccounts.getAccessToken\"}}]}}";
    private static final String UNAUTHENTICATED = "{\"error\":{\"code\":401,\"message\":\"Request had invalid "
            + "authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication "
            + "credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.\",\"status\":"
            + "\"UNAUTHENTICATED\"}}";

    @BeforeAll
    static void start() {
        server = KeylessTestServer.startExample(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void generateAccessTokenWhenBoundPrincipalSetThenTokenThatTokeninfoResolves() throws Exception {
        HttpResponse<String> r = GcpHttp.postJson(url(SA, "generateAccessToken"), federated("mygroup/myrepo"),
                "{\"delegates\":null,\"scope\":[\"openid\",\"https://www.googleapis.com/auth/cloud-platform\"],"
                        + "\"lifetime\":\"3600s\"}");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("expireTime").textValue()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        JsonNode info = JSON.readTree(GcpHttp.get(server.url() + "/tokeninfo?access_token="
                + GcpHttp.enc(body.get("accessToken").textValue())).body());
        assertThat(info.get("email").textValue()).isEqualTo(SA);
        assertThat(info.get("scope").textValue()).isEqualTo("openid https://www.googleapis.com/auth/cloud-platform");
        assertThat(info.get("exp").textValue()).isEqualTo(
                Long.toString(Instant.parse(body.get("expireTime").textValue()).getEpochSecond()));
    }

    @Test
    void generateAccessTokenWhenPrincipalHasNoBindingThenPermissionDenied() {
        HttpResponse<String> r = GcpHttp.postJson(url(SA, "generateAccessToken"), federated("mygroup/otherrepo"),
                "{\"scope\":[\"https://www.googleapis.com/auth/cloud-platform\"]}");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).isEqualTo(PERMISSION_DENIED);
    }

    @Test
    void generateAccessTokenWhenServiceAccountUnknownThenPermissionDenied() {
        HttpResponse<String> r = GcpHttp.postJson(url("nobody@my-project.iam.gserviceaccount.com", "generateAccessToken"),
                federated("mygroup/myrepo"), "{\"scope\":[\"https://www.googleapis.com/auth/cloud-platform\"]}");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).isEqualTo(PERMISSION_DENIED);
    }

    @Test
    void generateAccessTokenWhenBearerTamperedThenUnauthenticated() {
        String token = federated("mygroup/myrepo");
        char last = token.charAt(token.length() - 1);
        String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');

        HttpResponse<String> r = GcpHttp.postJson(url(SA, "generateAccessToken"), tampered,
                "{\"scope\":[\"https://www.googleapis.com/auth/cloud-platform\"]}");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).isEqualTo(UNAUTHENTICATED);
    }

    @Test
    void generateAccessTokenWhenNoBearerThenUnauthenticated() {
        HttpResponse<String> r = GcpHttp.postJson(url(SA, "generateAccessToken"), null, "{\"scope\":[\"x\"]}");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).isEqualTo(UNAUTHENTICATED);
    }

    @Test
    void generateAccessTokenWhenLifetimeZeroThenInvalidArgument() {
        HttpResponse<String> r = GcpHttp.postJson(url(SA, "generateAccessToken"), federated("mygroup/myrepo"),
                "{\"scope\":[\"https://www.googleapis.com/auth/cloud-platform\"],\"lifetime\":\"0s\"}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"error\":{\"code\":400,\"message\":\"Lifetime of access token must be "
                + "larger then zero.\",\"status\":\"INVALID_ARGUMENT\"}}");
    }

    @Test
    void generateIdTokenWhenBoundThenJwtVerifiableThroughTheServiceAccountIssuersKeys() throws Exception {
        HttpResponse<String> r = GcpHttp.postJson(url(SA, "generateIdToken"), federated("mygroup/myrepo"),
                "{\"audience\":\"https://api.example.com\",\"includeEmail\":true}");

        assertThat(r.statusCode()).isEqualTo(200);
        String jwt = JSON.readTree(r.body()).get("token").textValue();
        String saIssuer = server.url() + "/sa";
        TrustedIssuer trusted = TrustedIssuer.forGcp(saIssuer, new KeySource.Supplied(
                () -> server.keyless().serviceAccountKeys().publicJwksJson()));
        Verification v = server.keyless().verifier().verify(jwt, iss -> iss.equals(saIssuer)
                ? java.util.Optional.of(trusted) : java.util.Optional.empty());
        assertThat(v).isInstanceOf(Verification.Verified.class);
        var claims = ((Verification.Verified) v).token();
        assertThat(claims.issuer()).isEqualTo(saIssuer);
        assertThat(claims.audiences()).containsExactly("https://api.example.com");
        assertThat(claims.claims()).containsEntry("email", SA).containsEntry("email_verified", true);
        assertThat(claims.subject()).matches("[0-9]{21}").isEqualTo(claims.claims().get("azp"));
    }

    @Test
    void tokeninfoWhenFederatedTokenThenInvalidToken() {
        HttpResponse<String> r = GcpHttp.get(server.url() + "/tokeninfo?access_token="
                + GcpHttp.enc(federated("mygroup/myrepo")));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"error\":\"invalid_token\",\"error_description\":\"Invalid Value\"}");
    }

    private static String url(String account, String method) {
        return server.url() + "/v1/projects/-/serviceAccounts/" + account + ":" + method;
    }

    private static String federated(String projectPath) {
        try {
            HttpResponse<String> r = GcpHttp.exchange(server.url(), server.mint(AUDIENCE, projectPath, "main"), AUDIENCE);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return JSON.readTree(r.body()).get("access_token").textValue();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
