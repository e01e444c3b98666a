package dev.keyless.audit.e2e;

import static dev.keyless.audit.e2e.E2eClients.AUDIENCE;
import static dev.keyless.audit.e2e.E2eClients.ROLE_ARN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.gcp.http.GcpHttp;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The credential helpers run by real clients. The AWS CLI v1 runs
 * {@code keyless creds aws} as a profile's {@code credential_process}; gcloud runs
 * {@code keyless creds gcp} as an {@code external_account} executable source
 * ({@code GOOGLE_EXTERNAL_ACCOUNT_ALLOW_EXECUTABLES=1}). Keyless runs from a wrapper script on
 * this build's class path.
 */
class CredentialHelpersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static KeylessTestServer server;
    static Path keyless;

    @BeforeAll
    static void start() {
        server = KeylessTestServer.startExample(dir.resolve("server"));
        keyless = E2eClients.keylessWrapper(dir.resolve("bin"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void awsCliWhenProfileUsesCredentialProcessThenGetCallerIdentityIsTheAssumedRole(@TempDir Path home)
            throws Exception {
        Path aws = RealClients.awsCliV1();
        Path tokenFile = Files.writeString(home.resolve("job.jwt"),
                server.mint("sts.amazonaws.com", "mygroup/myrepo", "main") + "\n");
        Map<String, String> env = E2eClients.awsEnv(home);
        Files.writeString(home.resolve(".aws/config"), "[profile p]\nregion = us-east-1\ncredential_process = "
                + keyless + " creds aws --role-arn " + ROLE_ARN + " --token-file " + tokenFile
                + " --endpoint " + server.url() + " --session-name helper\n");
        env.put("AWS_ENDPOINT_URL_STS", server.url());

        Processes.Result r = Processes.run(List.of(aws.toString(), "sts", "get-caller-identity", "--profile", "p",
                "--output", "json"), env, home, Duration.ofSeconds(120), null);

        assertThat(r.exitCode()).as(r.all()).isZero();
        JsonNode identity = JSON.readTree(r.stdout());
        assertThat(identity.get("Arn").asText()).isEqualTo("arn:aws:sts::111122223333:assumed-role/gitlab-deployer/helper");
        assertThat(identity.get("Account").asText()).isEqualTo("111122223333");
    }

    @Test
    void gcloudWhenExecutableSourceThenLoginAndPrintAccessTokenSucceed(@TempDir Path home) throws Exception {
        Path gcloud = RealClients.gcloud();
        Path tokenFile = Files.writeString(home.resolve("job.jwt"), server.mint(AUDIENCE, "mygroup/myrepo", "main") + "\n");
        var cred = JSON.createObjectNode().put("universe_domain", "googleapis.com").put("type", "external_account")
                .put("audience", AUDIENCE).put("subject_token_type", "urn:ietf:params:oauth:token-type:jwt")
                .put("token_url", server.url() + "/v1/token").put("token_info_url", server.url() + "/v1/introspect");
        cred.putObject("credential_source").putObject("executable")
                .put("command", keyless + " creds gcp --token-file " + tokenFile).put("timeout_millis", 30000);
        Path credFile = Files.writeString(home.resolve("cred.json"), cred.toPrettyString());
        Map<String, String> env = E2eClients.gcloudEnv(home);
        env.put("GOOGLE_EXTERNAL_ACCOUNT_ALLOW_EXECUTABLES", "1");

        Processes.Result login = gcloud(gcloud, env, home, "auth", "login", "--cred-file=" + credFile);
        assertThat(login.exitCode()).as(login.all()).isZero();
        Processes.Result print = gcloud(gcloud, env, home, "auth", "print-access-token");

        assertThat(print.exitCode()).as(print.all()).isZero();
        String accessToken = print.stdout().strip();
        // The federated token is Keyless's own: introspection says it is active for the job's principal.
        var introspected = JSON.readTree(GcpHttp.postForm(server.url() + "/v1/introspect",
                Map.of("token", accessToken)).body());
        assertThat(introspected.get("active").asBoolean()).isTrue();
        assertThat(introspected.get("username").asText()).endsWith(
                "/subject/project_path:mygroup/myrepo:ref_type:branch:ref:main");
    }

    private static Processes.Result gcloud(Path gcloud, Map<String, String> env, Path home, String... args) {
        List<String> command = new ArrayList<>(List.of(gcloud.toString()));
        command.addAll(List.of(args));
        command.add("--verbosity=error");
        return Processes.run(command, env, home, Duration.ofSeconds(120), null);
    }
}
