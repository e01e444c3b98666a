package dev.keyless.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import dev.keyless.testing.Repo;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "A 60-second tour", run with bash line for line. Three rewrites, all mechanical:
 * {@code 127.0.0.1:8080} becomes the test server's port (the server is the example keyless.yaml,
 * started in-process in the tour's folder, standing in for the first terminal's
 * {@code ./keyless serve}); {@code /tmp/job.jwt} becomes a file in the test's folder (tests must
 * not share /tmp paths); and {@code ./keyless} is, verbatim, an executable in that folder which runs
 * {@code dev.keyless.cli.Main} — the jar's entry point — from the classes this very build compiled.
 * The repository's launcher would instead run a nested {@code mvnw package} (or a stale jar) inside
 * the test run; what the tour exercises, the CLI and the server, is the same code either way.
 */
class ReadmeTourTest {

    static String tourBlock() throws Exception {
        String readme = Files.readString(Repo.root().resolve("README.md"));
        int section = readme.indexOf("## A 60-second tour");
        assertThat(section).as("README section").isNotNegative();
        int start = readme.indexOf("```sh\n", section) + "```sh\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    @Test
    void tourWhenRunWithBashThenGetCallerIdentityPrintsTheAssumedRole(@TempDir Path dir) throws Exception {
        RealClients.awsCliV1();
        String block = tourBlock();
        assertThat(block).contains("./keyless token").contains("aws sts get-caller-identity");
        try (KeylessTestServer server = AwsE2e.exampleServer(dir.resolve("tour"), new ShiftableClock())) {
            Path tour = server.dir();
            launcher(tour.resolve("keyless"));
            String script = "set -euo pipefail\n" + block.replace("127.0.0.1:8080", server.hostAndPort())
                    .replace("/tmp/job.jwt", tour.resolve("job.jwt").toString());
            Map<String, String> env = AwsE2e.cleanEnv(dir.resolve("home"));
            env.remove("AWS_DEFAULT_REGION");
            env.remove("AWS_REGION");

            Processes.Result result = AwsE2e.succeeded(AwsE2e.run(List.of("bash", "-c", script), env, tour));

            assertThat(result.stdout()).contains("\"issuer\":\"" + server.url() + "\"")
                    .contains("\"keys\"")
                    .contains("\"Arn\": \"" + AwsE2e.assumedRoleArn("tour") + "\"")
                    .contains("\"Account\": \"111122223333\"");
        }
    }

    private static void launcher(Path file) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(file, "#!/usr/bin/env bash\nexec '" + java + "' -cp '"
                + String.join(File.pathSeparator, classpath.split(File.pathSeparator)) + "' dev.keyless.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(file, Set.copyOf(PosixFilePermissions.fromString("rwxr-xr-x")));
    }
}
