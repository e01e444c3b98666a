package dev.keyless.gcp.clients;

import static dev.keyless.gcp.http.GcpHttp.AUDIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gcloud sent to Keyless for a Google API other than the identity ones (an {@code api_endpoint_overrides}
 * property pointing at it) gets a Google JSON error that says Keyless serves identity only and names
 * the property to change, instead of a bare 404.
 */
class GcloudOtherApisTest {

    @Test
    void projectsListAtKeylessNamesTheEndpointOverride(@TempDir Path dir) {
        Path gcloud = RealClients.gcloud();
        try (KeylessTestServer server = KeylessTestServer.startExample(dir.resolve("server"))) {
            Path home = dir.resolve("home");
            Path cred = CredentialFiles.impersonating(home.resolve("cred"), server.url(),
                    server.mint(AUDIENCE, "mygroup/myrepo", "main"));
            Map<String, String> env = env(home);
            Processes.Result login = run(gcloud, env, "auth", "login", "--cred-file=" + cred);
            assertThat(login.exitCode()).as(login.all()).isZero();

            env.put("CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER", server.url() + "/");
            Processes.Result projects = run(gcloud, env, "projects", "list");

            assertThat(projects.exitCode()).as(projects.all()).isNotZero();
            assertThat(projects.stderr()).contains("NOT_FOUND")
                    .contains("Keyless serves Google's identity APIs only")
                    .contains("api_endpoint_overrides/");
            System.out.println("gcloud projects list at Keyless: " + projects.stderr().strip());
        }
    }

    private static Map<String, String> env(Path home) {
        return new HashMap<>(Map.of(
                "HOME", home.toString(),
                "CLOUDSDK_CONFIG", home.resolve("gcloud").toString(),
                "CLOUDSDK_CORE_DISABLE_PROMPTS", "1",
                "CLOUDSDK_CORE_DISABLE_USAGE_REPORTING", "true",
                "CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK", "true",
                "CLOUDSDK_CORE_CHECK_GCE_METADATA", "false"));
    }

    private static Processes.Result run(Path gcloud, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(gcloud.toString()));
        command.addAll(List.of(args));
        command.add("--verbosity=error");
        return Processes.run(command, env, env.containsKey("HOME") ? Path.of(env.get("HOME")).getParent() : null,
                Duration.ofSeconds(120), null);
    }
}
