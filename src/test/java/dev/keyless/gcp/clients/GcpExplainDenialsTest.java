package dev.keyless.gcp.clients;

import static dev.keyless.gcp.http.GcpHttp.AUDIENCE;
import static dev.keyless.gcp.http.GcpHttp.SA;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.gcp.http.GcpHttp;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import dev.keyless.testing.Repo;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project's {@code explainDenials} (development only): gcloud's own error output names the
 * check that refused an exchange and why, and an IAM Credentials refusal says which binding was
 * missing; Google's code, status and shape are unchanged. Off (the example config), the wire
 * carries Google's wording alone.
 */
class GcpExplainDenialsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private KeylessTestServer server(boolean explain) {
        String yaml = Repo.exampleYaml();
        assertThat(yaml).contains("      explainDenials: false\n");
        return KeylessTestServer.start(dir.resolve(explain ? "explained" : "plain"),
                explain ? yaml.replace("      explainDenials: false\n", "      explainDenials: true\n") : yaml,
                Clock.systemUTC(), Map.of());
    }

    @Test
    void gcloudLoginWhenConditionFalseAndExplainDenialsThenErrorNamesConditionAndWhy(@TempDir Path home) {
        Path gcloud = RealClients.gcloud();
        try (KeylessTestServer server = server(true)) {
            Path cred = CredentialFiles.federatedOnly(home.resolve("cred"), server.url(),
                    server.mint(AUDIENCE, "othergroup/myrepo", "main"));

            Processes.Result login = Processes.run(List.of(gcloud.toString(), "auth", "login", "--cred-file=" + cred,
                    "--verbosity=error"), Map.of("HOME", home.toString(), "CLOUDSDK_CONFIG", home.resolve("gcloud").toString(),
                    "CLOUDSDK_CORE_DISABLE_PROMPTS", "1", "CLOUDSDK_CORE_DISABLE_USAGE_REPORTING", "true",
                    "CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK", "true", "CLOUDSDK_CORE_CHECK_GCE_METADATA", "false"),
                    home, Duration.ofSeconds(120), null);

            assertThat(login.exitCode()).as(login.all()).isNotZero();
            assertThat(login.all()).contains("unauthorized_client")
                    .contains("The given credential is rejected by the attribute condition. (Keyless: attribute condition:")
                    .contains("assertion.namespace_path == \"mygroup\"");
        }
    }

    @Test
    void wireWhenExplainDenialsOnOrOffThenSameCodeAndShapeExplanationOnlyWhenOn() throws Exception {
        for (boolean explain : List.of(true, false)) {
            try (KeylessTestServer server = server(explain)) {
                HttpResponse<String> exchange = GcpHttp.exchange(server.url(),
                        server.mint(AUDIENCE, "othergroup/myrepo", "main"), AUDIENCE);
                assertThat(exchange.statusCode()).isEqualTo(400);
                JsonNode oauth = JSON.readTree(exchange.body());
                assertThat(oauth.get("error").asText()).isEqualTo("unauthorized_client");
                assertThat(oauth.properties()).hasSize(2);
                String description = oauth.get("error_description").asText();
                assertThat(description).startsWith("The given credential is rejected by the attribute condition.");
                if (explain) {
                    assertThat(description).contains("(Keyless: attribute condition: ");
                } else {
                    assertThat(description).isEqualTo("The given credential is rejected by the attribute condition.");
                }

                // Allowed exchange, but mygroup/otherrepo holds no binding on the deployer account.
                String federated = JSON.readTree(GcpHttp.exchange(server.url(),
                        server.mint(AUDIENCE, "mygroup/otherrepo", "main"), AUDIENCE).body()).get("access_token").asText();
                HttpResponse<String> impersonate = GcpHttp.postJson(server.url() + "/v1/projects/-/serviceAccounts/" + SA
                        + ":generateAccessToken", federated, "{\"scope\":[\"https://www.googleapis.com/auth/cloud-platform\"]}");
                assertThat(impersonate.statusCode()).isEqualTo(403);
                JsonNode rpc = JSON.readTree(impersonate.body()).get("error");
                assertThat(rpc.get("status").asText()).isEqualTo("PERMISSION_DENIED");
                assertThat(rpc.get("code").asInt()).isEqualTo(403);
                String message = rpc.get("message").asText();
                assertThat(message).startsWith("Permission 'iam.serviceAccounts.getAccessToken' denied on resource "
                        + "(or it may not exist).");
                if (explain) {
                    assertThat(message).contains("(Keyless: service account binding: expected a binding on " + SA)
                            .contains("mygroup/otherrepo");
                } else {
                    assertThat(message).doesNotContain("Keyless");
                }
            }
        }
    }
}
