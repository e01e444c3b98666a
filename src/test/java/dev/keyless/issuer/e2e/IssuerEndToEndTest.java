package dev.keyless.issuer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tokens minted by `keyless token`, by `keyless ci tokens` and by the CI API
 * verify with independent verifiers that know only the discovery URL (npm jose, PyJWT), and keep
 * verifying through the remote JWKS after a rotation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IssuerEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUD = "sts.amazonaws.com";
    private static final String MAIN_SUB = "project_path:mygroup/myrepo:ref_type:branch:ref:main";

    private Path dir;
    private KeylessTestServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("keyless-issuer-e2e");
        server = KeylessTestServer.startExample(dir.resolve("server"));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private String cliToken(String... extra) {
        List<String> args = new ArrayList<>(List.of("token", "--config", server.configFile().toString(), "--aud", AUD,
                "--project-path", "mygroup/myrepo", "--ref", "main"));
        args.addAll(List.of(extra));
        var run = IssuerClients.cli(server.dir(), Map.of(), args.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isZero();
        return run.out().trim();
    }

    private String ciFileToken() throws Exception {
        Path repo = dir.resolve("checkout");
        Files.createDirectories(repo);
        Files.writeString(repo.resolve(".gitlab-ci.yml"), """
                deploy:
                  id_tokens:
                    AWS_ID_TOKEN:
                      aud: $AUDIENCE
                  script: [aws sts get-caller-identity]
                """);
        for (List<String> git : List.of(List.of("git", "init", "-q", "-b", "main"),
                List.of("git", "remote", "add", "origin", "git@gitlab.example.com:mygroup/myrepo.git"),
                List.of("git", "-c", "user.email=t@example.com", "-c", "user.name=t", "add", "."),
                List.of("git", "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "ci"))) {
            var r = Processes.run(git, Map.of("HOME", dir.toString()), repo, Duration.ofSeconds(30), null);
            assertThat(r.exitCode()).as(r.all()).isZero();
        }
        var run = IssuerClients.cli(repo, Map.of(), "ci", "tokens", "--job", "deploy", "--variable", "AUDIENCE=" + AUD,
                "--config", server.configFile().toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("export AWS_ID_TOKEN='");
        return run.out().trim().replaceAll("^export AWS_ID_TOKEN='(.*)'$", "$1");
    }

    private String ciApiToken() throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/ci/id_tokens"))
                .header("Authorization", "Bearer dev-secret-change-me")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"job": {"project_path": "mygroup/myrepo", "ref": "main", "ref_type": "branch"},
                         "id_tokens": {"AWS_ID_TOKEN": {"aud": "sts.amazonaws.com"}}}""")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("id_tokens").get("AWS_ID_TOKEN").textValue();
    }

    @Test
    void tokensFromCliCiFileAndCiApiWhenVerifiedByJoseAndPyJwtThenAllValid() throws Exception {
        List<String> tokens = List.of(cliToken(), ciFileToken(), ciApiToken());
        for (List<JsonNode> results : List.of(IssuerClients.verifyWithJose(server.url(), AUD, tokens),
                IssuerClients.verifyWithPyJwt(server.url(), AUD, tokens))) {
            assertThat(results).allSatisfy(r -> {
                assertThat(r.get("ok").asBoolean()).as(r.toString()).isTrue();
                assertThat(r.get("sub").asText()).isEqualTo(MAIN_SUB);
            });
        }
    }

    @Test
    void tokenWhenWrongAudienceOrTamperedThenIndependentVerifiersReject() throws Exception {
        String token = cliToken();
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("mygroup/myrepo", "mygroup/other");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "." + parts[2];
        List<JsonNode> jose = IssuerClients.verifyWithJose(server.url(), "someone-else", List.of(token));
        assertThat(jose.get(0).get("code").asText()).isEqualTo("ERR_JWT_CLAIM_VALIDATION_FAILED");
        List<JsonNode> joseTampered = IssuerClients.verifyWithJose(server.url(), AUD, List.of(tampered));
        assertThat(joseTampered.get(0).get("code").asText()).isEqualTo("ERR_JWS_SIGNATURE_VERIFICATION_FAILED");
        List<JsonNode> py = IssuerClients.verifyWithPyJwt(server.url(), AUD, List.of(tampered));
        assertThat(py.get(0).get("code").asText()).isEqualTo("InvalidSignatureError");
        List<JsonNode> pyAudience = IssuerClients.verifyWithPyJwt(server.url(), "someone-else", List.of(token));
        assertThat(pyAudience.get(0).get("code").asText()).isEqualTo("InvalidAudienceError");
    }

    @Test
    void rotateWhenTokenMintedBeforeThenStillVerifiesRemotelyAndNewTokensCarryNewKid() throws Exception {
        String before = cliToken();
        String kidBefore = kid(before);
        var rotate = IssuerClients.cli(server.dir(), Map.of(), "keys", "rotate", "--now", "--config", server.configFile().toString());
        assertThat(rotate.exit()).as(rotate.err()).isZero();
        server.keyless().keyRing().refresh();
        String after = cliToken();
        assertThat(kid(after)).isNotEqualTo(kidBefore);
        JsonNode jwks = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(server.url() + "/oauth/discovery/keys")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        List<String> kids = new ArrayList<>();
        jwks.get("keys").forEach(k -> kids.add(k.get("kid").asText()));
        assertThat(kids).contains(kidBefore, kid(after));
        for (JsonNode r : IssuerClients.verifyWithJose(server.url(), AUD, List.of(before, after))) {
            assertThat(r.get("ok").asBoolean()).as(r.toString()).isTrue();
        }
        var list = IssuerClients.cli(server.dir(), Map.of(), "keys", "list", "--config", server.configFile().toString());
        assertThat(list.out()).contains(kidBefore).contains(kid(after)).contains("retired").contains("active");
    }

    private static String kid(String token) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[0])).get("kid").asText();
    }
}
