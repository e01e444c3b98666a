package dev.keyless.issuer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.testing.KeylessTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue #2 acceptance, over HTTP: each malformed or unauthorised CI API call gets its status and
 * names the field, and none of them mints a token (the server's minted-token counter stays put).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CiApiHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MINTED = Pattern.compile("(?m)^keyless_issuer_tokens_minted_total (\\d+\\.?\\d*)");
    private static final String SECRET = "Bearer dev-secret-change-me";
    private static final String JOB = "{\"project_path\": \"mygroup/myrepo\", \"ref\": \"main\"}";

    private KeylessTestServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        Path dir = Files.createTempDirectory("keyless-ci-api");
        server = KeylessTestServer.startExample(dir);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/ci/id_tokens"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private double minted() throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = MINTED.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private void assertRejected(HttpResponse<String> response, int status, String field) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.has("id_tokens")).isFalse();
        assertThat(body.get("error").asText()).isNotBlank();
        assertThat(body.get("message").asText()).isNotBlank();
        if (field != null) {
            assertThat(body.get("field").asText()).isEqualTo(field);
        }
    }

    @Test
    void postWhenValidThenMintsAndCounterMoves() throws Exception {
        double before = minted();
        var response = post(SECRET, "{\"job\": " + JOB + ", \"id_tokens\": {\"A\": {\"aud\": \"x\"}, \"B\": {\"aud\": [\"y\"]}}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(minted()).isEqualTo(before + 2);
    }

    @Test
    void postWhenWrongSecretThen401AndNothingMinted() throws Exception {
        double before = minted();
        var response = post("Bearer wrong-secret", "{\"job\": " + JOB + ", \"id_tokens\": {\"A\": {\"aud\": \"x\"}}}");
        assertRejected(response, 401, null);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(minted()).isEqualTo(before);
    }

    @Test
    void postWhenProjectOutsideClientGlobsThen403AndNothingMinted() throws Exception {
        double before = minted();
        assertRejected(post(SECRET, "{\"job\": {\"project_path\": \"othergroup/app\", \"ref\": \"main\"}, \"id_tokens\": {\"A\": {\"aud\": \"x\"}}}"),
                403, "job.project_path");
        assertThat(minted()).isEqualTo(before);
    }

    @Test
    void postWhenMissingAudThen400NamingFieldAndNothingMinted() throws Exception {
        double before = minted();
        assertRejected(post(SECRET, "{\"job\": " + JOB + ", \"id_tokens\": {\"A\": {}}}"), 400, "id_tokens.A.aud");
        assertThat(minted()).isEqualTo(before);
    }

    @Test
    void postWhenRefNotStringThen400NamingFieldAndNothingMinted() throws Exception {
        double before = minted();
        assertRejected(post(SECRET, "{\"job\": {\"project_path\": \"mygroup/myrepo\", \"ref\": 42}, \"id_tokens\": {\"A\": {\"aud\": \"x\"}}}"),
                400, "job.ref");
        assertThat(minted()).isEqualTo(before);
    }

    @Test
    void postWhen200AudiencesThen400NamingFieldAndNothingMinted() throws Exception {
        double before = minted();
        StringBuilder auds = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            auds.append(i == 0 ? "" : ",").append("\"aud-").append(i).append('"');
        }
        assertRejected(post(SECRET, "{\"job\": " + JOB + ", \"id_tokens\": {\"A\": {\"aud\": [" + auds + "]}}}"), 400, "id_tokens.A.aud");
        assertThat(minted()).isEqualTo(before);
    }

    @Test
    void postWhen100KibBodyThen413AndNothingMinted() throws Exception {
        double before = minted();
        String big = "{\"job\": " + JOB + ", \"padding\": \"" + "x".repeat(100 * 1024) + "\", \"id_tokens\": {\"A\": {\"aud\": \"x\"}}}";
        var response = post(SECRET, big);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).get("message").asText()).contains("65536");
        assertThat(minted()).isEqualTo(before);
    }
}
