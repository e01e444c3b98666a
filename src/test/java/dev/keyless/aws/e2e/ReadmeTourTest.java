package dev.keyless.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.AwsClientEnv;
import dev.keyless.testing.KeylessProcess;
import dev.keyless.testing.Processes;
import dev.keyless.testing.ReadmeBlocks;
import dev.keyless.testing.RealClients;
import dev.keyless.testing.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's tour, followed literally: its shell blocks run in bash, in a folder holding the example
 * keyless.yaml and a {@code ./keyless} that runs this build, against {@code keyless serve} and with
 * the AWS CLI found on PATH. Only the port ({@code 127.0.0.1:8080}) and {@code /tmp/} are replaced,
 * so parallel runs do not collide. The main-branch step is allowed, the feature-branch step denied;
 * and the README's reason for a session name per step holds: with the main step's session name, the
 * CLI's credential cache answers the feature step without asking Keyless.
 */
class ReadmeTourTest {
    private static final String MARK = "@@step-4@@";

    @Test
    void theTourShowsMainAllowedAndTheFeatureBranchDenied(@TempDir Path dir) throws IOException {
        RealClients.awsCliV1();
        Path work = dir.resolve("repo");
        int port = KeylessProcess.freePort();
        Files.createDirectories(work.resolve("tmp"));
        Files.writeString(work.resolve("keyless.yaml"), Repo.exampleYaml().replace("127.0.0.1:8080", "127.0.0.1:" + port));
        ReadmeBlocks.launcher(work);
        List<String> tour = ReadmeBlocks.after("<!-- tour:", 2);
        try (KeylessProcess server = KeylessProcess.start(work.resolve("keyless.yaml"), port, Map.of())) {
            Processes.Result run = bash(work, dir.resolve("home"), port, tour.get(0) + "\necho " + MARK + "\necho " + MARK
                    + " >&2\n" + tour.get(1));
            String[] out = run.stdout().split(MARK, 2);
            String[] err = run.stderr().split(MARK, 2);
            assertThat(out).as(run.all()).hasSize(2);
            assertThat(out[0]).as(run.all()).contains("arn:aws:sts::111122223333:assumed-role/gitlab-deployer/tour-main");
            assertThat(run.exitCode()).as(run.all()).isNotZero();
            assertThat(err[1]).contains("AccessDenied").contains("AssumeRoleWithWebIdentity");
            assertThat(out[1]).doesNotContain("assumed-role");
            System.out.println("README tour, step 4: " + err[1].strip());

            // Why the README gives each step its own session name: the cache is keyed by role and session name.
            Processes.Result cached = bash(work, dir.resolve("home-cached"), port, tour.get(0) + "\n"
                    + tour.get(1).replace("tour-feature-x", "tour-main"));
            assertThat(cached.exitCode()).as("the CLI's cache answers a refused token under a cached session name: %s",
                    cached.all()).isZero();

            // The credential_process example, in a shell of its own (a CI job's), with /tmp/job.jwt from the tour.
            String helper = ReadmeBlocks.after("<!-- credential-process:", 1).get(0);
            assertThat(helper).contains("export AWS_ENDPOINT_URL_STS=http://127.0.0.1:8080");
            assertThat(helper).doesNotContain("/path/to");
            Processes.Result process = bash(work, dir.resolve("home-helper"), port, helper);
            assertThat(process.exitCode()).as(process.all()).isZero();
            assertThat(process.stdout()).contains("arn:aws:sts::111122223333:assumed-role/gitlab-deployer/");
            System.out.println("README credential_process example: " + process.stdout().strip().replaceAll("\\s+", " "));
        }
    }

    private static Processes.Result bash(Path work, Path home, int port, String script) {
        Map<String, String> env = AwsClientEnv.clean(home);
        // The README's shell starts without the region the clean environment sets: the tour exports it itself.
        env.remove("AWS_DEFAULT_REGION");
        env.remove("AWS_REGION");
        String text = script.replace("127.0.0.1:8080", "127.0.0.1:" + port).replace("/tmp/", work.resolve("tmp") + "/");
        return Processes.run(List.of("bash", "-c", text), env, work, Duration.ofSeconds(180), null);
    }
}
