package dev.keyless.gcp.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.KeylessProcess;
import dev.keyless.testing.Processes;
import dev.keyless.testing.ReadmeBlocks;
import dev.keyless.testing.RealClients;
import dev.keyless.testing.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's GCP runbook, followed literally: the gcloud commands that create a pool, an OIDC provider,
 * a service account and its {@code principalSet://} binding against {@code keyless serve}, then, in the
 * same shell, the {@code gcloud auth login --cred-file} flow that uses what they created. The blocks run in
 * bash in a folder holding the example keyless.yaml and a {@code ./keyless} of this build; only the port
 * and {@code /tmp/} are replaced. The bound repository gets a service-account token; another repository
 * of the same group gets Google's {@code PERMISSION_DENIED}.
 */
class GcpReadmeRunbookTest {
    private static final String MARK = "@@cred-file@@";

    @Test
    void theReadmeRunbookCreatesTrustThatItsCredFileFlowThenUses(@TempDir Path dir) throws IOException {
        Path gcloud = RealClients.gcloud();
        Path work = dir.resolve("repo");
        int port = KeylessProcess.freePort();
        Files.createDirectories(work.resolve("tmp"));
        Files.writeString(work.resolve("keyless.yaml"), Repo.exampleYaml().replace("127.0.0.1:8080", "127.0.0.1:" + port));
        ReadmeBlocks.launcher(work);
        List<String> blocks = ReadmeBlocks.after("<!-- gcp-runbook:", 2);
        assertThat(blocks.get(1)).contains("gcloud auth login --cred-file=");
        try (KeylessProcess server = KeylessProcess.start(work.resolve("keyless.yaml"), port, Map.of())) {
            Processes.Result run = bash(gcloud, work, dir.resolve("home"), port, blocks.get(0) + "\necho " + MARK
                    + "\necho " + MARK + " >&2\n" + blocks.get(1));
            String[] out = run.stdout().split(MARK, 2);
            String[] err = run.stderr().split(MARK, 2);
            assertThat(out).as(run.all()).hasSize(2);
            assertThat(err[0]).as(run.all()).contains("Created workload identity pool [ci-pool].")
                    .contains("Created workload identity pool provider [gitlab-provider].")
                    .contains("Created service account [gitlab-deployer].")
                    .contains("Updated IAM policy for serviceAccount [gitlab-deployer@my-project.iam.gserviceaccount.com].");
            assertThat(run.exitCode()).as(run.all()).isZero();
            String token = out[1].strip().lines().reduce((a, b) -> b).orElse("");
            assertThat(token).as(run.all()).startsWith("ya29.");

            // The README's refusal: another repository logs in, but the policy binds mygroup/myrepo only.
            Processes.Result other = bash(gcloud, work, dir.resolve("home-other"), port,
                    blocks.get(1).replace("--project-path mygroup/myrepo", "--project-path mygroup/otherrepo"));
            assertThat(other.exitCode()).as(other.all()).isNotZero();
            assertThat(other.all()).contains("PERMISSION_DENIED")
                    .contains("Permission \\'iam.serviceAccounts.getAccessToken\\' denied on resource (or it may not exist).");
            System.out.println("README GCP runbook: mygroup/myrepo token " + token.substring(0, 5) + "… (exit "
                    + run.exitCode() + "); mygroup/otherrepo exit " + other.exitCode());
        }
    }

    /** bash with gcloud kept hermetic: no metadata server, no usage reporting, no update check. */
    private static Processes.Result bash(Path gcloud, Path work, Path home, int port, String script) throws IOException {
        Files.createDirectories(home);
        Map<String, String> env = new HashMap<>(Map.of(
                "HOME", home.toString(),
                "TMPDIR", work.resolve("tmp").toString(),
                "PATH", gcloud.getParent() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "CLOUDSDK_CORE_DISABLE_PROMPTS", "1",
                "CLOUDSDK_CORE_DISABLE_USAGE_REPORTING", "true",
                "CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK", "true",
                "CLOUDSDK_CORE_CHECK_GCE_METADATA", "false",
                "GCE_METADATA_ROOT", "127.0.0.1:9"));
        String text = script.replace("127.0.0.1:8080", "127.0.0.1:" + port).replace("/tmp/", work.resolve("tmp") + "/");
        return Processes.run(List.of("bash", "-c", text), env, work, Duration.ofSeconds(300), null);
    }
}
