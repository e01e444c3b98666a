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
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Over HTTP: each malformed or unauthorised CI API call gets its status and
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
        // The counter is registered at start (0.0 before any mint): a missing line is a failure, not zero.
        assertThat(m.find()).as("keyless_issuer_tokens_minted_total on /metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }

    private void assertRejected(HttpResponse<String> response, int status, String code, String field) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.has("id_tokens")).isFalse();
        assertThat(body.get("error").asText()).isEqualTo(code);
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
    void postWhenWrongSecretThen401WithChallengeAndNothingMinted() throws Exception {
        double before = minted();
        var response = post("Bearer wrong-secret", "{\"job\": " + JOB + ", \"id_tokens\": {\"A\": {\"aud\": \"x\"}}}");
        assertRejected(response, 401, "unauthorized", null);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(minted()).isEqualTo(before);
    }

    static Stream<Arguments> refusedBodies() {
        String audiences = IntStream.range(0, 200).mapToObj(i -> "\"aud-" + i + "\"").collect(Collectors.joining(","));
        return Stream.of(
                Arguments.of("project outside the client's globs",
                        "{\"job\": {\"project_path\": \"othergroup/app\", \"ref\": \"main\"}, \"id_tokens\": {\"A\": {\"aud\": \"x\"}}}",
                        403, "forbidden", "job.project_path"),
                Arguments.of("missing aud", "{\"job\": " + JOB + ", \"id_tokens\": {\"A\": {}}}", 400, "invalid_request", "id_tokens.A.aud"),
                Arguments.of("non-string ref",
                        "{\"job\": {\"project_path\": \"mygroup/myrepo\", \"ref\": 42}, \"id_tokens\": {\"A\": {\"aud\": \"x\"}}}",
                        400, "invalid_request", "job.ref"),
                Arguments.of("200 audiences", "{\"job\": " + JOB + ", \"id_tokens\": {\"A\": {\"aud\": [" + audiences + "]}}}",
                        400, "invalid_request", "id_tokens.A.aud"),
                Arguments.of("unknown top-level key", "{\"job\": " + JOB + ", \"id_tokens\": {\"A\": {\"aud\": \"x\"}}, \"jobs\": {}}",
                        400, "invalid_request", "jobs"),
                Arguments.of("fractional id",
                        "{\"job\": {\"project_path\": \"mygroup/myrepo\", \"ref\": \"main\", \"project_id\": 1.5}, \"id_tokens\": {\"A\": {\"aud\": \"x\"}}}",
                        400, "invalid_request", "job.project_id"),
                Arguments.of("timeout as a string",
                        "{\"job\": {\"project_path\": \"mygroup/myrepo\", \"ref\": \"main\", \"timeout\": \"60\"}, \"id_tokens\": {\"A\": {\"aud\": \"x\"}}}",
                        400, "invalid_request", "job.timeout"),
                Arguments.of("unknown environment key",
                        "{\"job\": {\"project_path\": \"mygroup/myrepo\", \"ref\": \"main\", \"environment\": {\"name\": \"prod\", \"tier\": \"x\"}}, \"id_tokens\": {\"A\": {\"aud\": \"x\"}}}",
                        400, "invalid_request", "job.environment.tier"));
    }

    @ParameterizedTest(name = "{0} -> {2} {3} naming {4}")
    @MethodSource("refusedBodies")
    void postWhenBodyRefusedThenStatusNamesFieldAndNothingMinted(String what, String body, int status, String code,
            String field)
            throws Exception {
        double before = minted();
        assertRejected(post(SECRET, body), status, code, field);
        assertThat(minted()).isEqualTo(before);
    }

    @Test
    void postWhenBodyHasDuplicateKeyThen400NamingTheKeyAndNothingMinted() throws Exception {
        // Read leniently the job would be othergroup/app's (the last "project_path"), authorised by the first.
        double before = minted();
        var response = post(SECRET, "{\"job\": {\"project_path\": \"mygroup/myrepo\", \"ref\": \"main\", "
                + "\"project_path\": \"othergroup/app\"}, \"id_tokens\": {\"A\": {\"aud\": \"x\"}}}");
        assertRejected(response, 400, "invalid_request", null);
        assertThat(JSON.readTree(response.body()).get("message").asText()).contains("duplicate key 'project_path'");
        assertThat(minted()).isEqualTo(before);
    }

    @Test
    void postWhenBodyHasTrailingContentThen400AndNothingMinted() throws Exception {
        double before = minted();
        var response = post(SECRET, "{\"job\": " + JOB + ", \"id_tokens\": {\"A\": {\"aud\": \"x\"}}} {}");
        assertRejected(response, 400, "invalid_request", null);
        assertThat(JSON.readTree(response.body()).get("message").asText()).contains("content after the JSON value");
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

    /** The README's example body, byte for byte, so the documented request stays one that works. */
    @Test
    void readmeExampleMintsWhatTheReadmeSays() throws Exception {
        String readme = Files.readString(dev.keyless.testing.Repo.root().resolve("README.md"));
        int marker = readme.indexOf("<!-- ci-api-example");
        assertThat(marker).as("README CI API example marker").isNotNegative();
        int start = readme.indexOf("<<'JSON'\n", marker) + "<<'JSON'\n".length();
        String body = readme.substring(start, readme.indexOf("\nJSON\n", start));

        var response = post(SECRET, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode tokens = JSON.readTree(response.body()).get("id_tokens");
        assertThat(tokens.properties().stream().map(java.util.Map.Entry::getKey)).containsExactly("AWS_TOKEN", "VAULT_TOKEN");
        JsonNode aws = payload(tokens.get("AWS_TOKEN").asText());
        JsonNode vault = payload(tokens.get("VAULT_TOKEN").asText());
        assertThat(aws.get("aud").isTextual()).as("a string aud stays a string").isTrue();
        assertThat(vault.get("aud").isArray()).as("an array aud stays an array").isTrue();
        assertThat(vault.get("aud")).hasSize(2);
        assertThat(aws.get("exp").asLong() - aws.get("iat").asLong()).as("job.timeout").isEqualTo(900);
        assertThat(aws.get("job_id").asText()).as("an integer id becomes a string claim").isEqualTo("7");
        assertThat(aws.get("environment").asText()).isEqualTo("production");
    }

    private static JsonNode payload(String jwt) throws Exception {
        return JSON.readTree(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }
}
