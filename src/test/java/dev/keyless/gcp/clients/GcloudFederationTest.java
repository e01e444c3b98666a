package dev.keyless.gcp.clients;

import static dev.keyless.gcp.http.GcpHttp.AUDIENCE;
import static dev.keyless.gcp.http.GcpHttp.SA;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.gcp.http.GcpHttp;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
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
 * The unmodified gcloud (Cloud SDK 528, google-auth 2.39 inside) against Keyless over
 * http://127.0.0.1 (google-auth for Python does not validate URLs). Each test has its own HOME and
 * CLOUDSDK_CONFIG; gcloud is slow to start, so each test makes two calls at most.
 */
class GcloudFederationTest {

    @TempDir
    static Path dir;
    static KeylessTestServer server;
    static Path gcloud;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        gcloud = RealClients.gcloud();
        server = KeylessTestServer.startExample(dir.resolve("server"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void printAccessTokenWhenImpersonatingThenTokeninfoNamesServiceAccount(@TempDir Path home) throws Exception {
        Path cred = CredentialFiles.impersonating(home.resolve("cred"), server.url(),
                server.mint(AUDIENCE, "mygroup/myrepo", "main"));

        Processes.Result login = gcloud(home, "auth", "login", "--cred-file=" + cred);
        assertThat(login.exitCode()).as(login.all()).isZero();
        Processes.Result print = gcloud(home, "auth", "print-access-token");

        assertThat(print.exitCode()).as(print.all()).isZero();
        String token = print.stdout().strip();
        assertThat(token).startsWith("ya29.");
        var info = JSON.readTree(GcpHttp.get(server.url() + "/tokeninfo?access_token=" + GcpHttp.enc(token)).body());
        assertThat(info.get("email").textValue()).isEqualTo(SA);
    }

    @Test
    void loginWhenNoImpersonationThenAccountIsPrincipal(@TempDir Path home) {
        Path cred = CredentialFiles.federatedOnly(home.resolve("cred"), server.url(),
                server.mint(AUDIENCE, "mygroup/myrepo", "main"));

        Processes.Result login = gcloud(home, "auth", "login", "--cred-file=" + cred);
        assertThat(login.exitCode()).as(login.all()).isZero();
        Processes.Result account = gcloud(home, "config", "get", "account");

        assertThat(account.exitCode()).as(account.all()).isZero();
        assertThat(account.stdout().strip()).isEqualTo("principal://iam.googleapis.com/projects/123456789012/locations/"
                + "global/workloadIdentityPools/gitlab-pool/subject/project_path:mygroup/myrepo:ref_type:branch:ref:main");
    }

    @Test
    void loginWhenConditionFalseThenUnauthorizedClientSurfaced(@TempDir Path home) {
        Path cred = CredentialFiles.federatedOnly(home.resolve("cred"), server.url(),
                server.mint(AUDIENCE, "othergroup/myrepo", "main"));

        Processes.Result login = gcloud(home, "auth", "login", "--cred-file=" + cred);

        assertThat(login.exitCode()).as(login.all()).isNotZero();
        assertThat(login.all()).contains("unauthorized_client")
                .contains("The given credential is rejected by the attribute condition.");
    }

    @Test
    void printAccessTokenWhenPrincipalHasNoBindingThenPermissionDeniedSurfaced(@TempDir Path home) {
        Path cred = CredentialFiles.impersonating(home.resolve("cred"), server.url(),
                server.mint(AUDIENCE, "mygroup/otherrepo", "main"));

        Processes.Result login = gcloud(home, "auth", "login", "--cred-file=" + cred);
        assertThat(login.exitCode()).as(login.all()).isZero(); // with impersonation login makes no call
        Processes.Result print = gcloud(home, "auth", "print-access-token");

        assertThat(print.exitCode()).as(print.all()).isNotZero();
        // google-auth for Python wraps the body as RefreshError("Unable to acquire impersonated credentials", body);
        // gcloud prints the tuple's repr, so the quotes around the permission come out escaped.
        assertThat(print.all()).contains("Unable to acquire impersonated credentials")
                .contains("\"code\":403").contains("\"status\":\"PERMISSION_DENIED\"")
                .contains("\"reason\":\"IAM_PERMISSION_DENIED\"")
                .contains("Permission \\'iam.serviceAccounts.getAccessToken\\' denied on resource (or it may not exist).");
    }

    private static Processes.Result gcloud(Path home, String... args) {
        List<String> command = new ArrayList<>(List.of(gcloud.toString()));
        command.addAll(List.of(args));
        command.add("--verbosity=error");
        return Processes.run(command, Map.of(
                "HOME", home.toString(),
                "CLOUDSDK_CONFIG", home.resolve("gcloud").toString(),
                "CLOUDSDK_CORE_DISABLE_PROMPTS", "1",
                "CLOUDSDK_CORE_DISABLE_USAGE_REPORTING", "true",
                "CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK", "true",
                "CLOUDSDK_CORE_CHECK_GCE_METADATA", "false"), home, Duration.ofSeconds(120), null);
    }
}
