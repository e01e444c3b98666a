package dev.keyless.config.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.AwsClientEnv;
import dev.keyless.testing.InProcessCli;
import dev.keyless.testing.LauncherServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import dev.keyless.testing.Repo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live keyless.yaml edited under a running {@code keyless serve}, seen through the AWS CLI v1:
 * a feature-branch token the role's trust policy refuses is allowed within 2 s of the edit that
 * allows it, without a restart; then an invalid edit is refused with file:line in the server's
 * log, and the CLI keeps getting credentials under the last valid version.
 */
class ConfigReloadAwsCliTest {
    private static final String MAIN_REF = "project_path:mygroup/myrepo:ref_type:branch:ref:main";
    private static final String FEATURE_REF = "project_path:mygroup/myrepo:ref_type:branch:ref:feature-x";

    @Test
    void aValidEditIsInForceWithinTwoSecondsAndAnInvalidOneIsRefusedWithFileAndLine(@TempDir Path dir)
            throws Exception {
        Path aws = RealClients.awsCliV1();
        String example = Repo.exampleYaml();
        assertThat(example).contains(MAIN_REF);
        try (LauncherServer server = LauncherServer.start(dir.resolve("server"), example)) {
            Path config = server.dir().resolve("keyless.yaml");
            Map<String, String> env = AwsClientEnv.clean(dir.resolve("home"));
            env.put("AWS_ENDPOINT_URL_STS", server.url());
            String before = status(server);

            Processes.Result denied = assume(aws, env, dir, server.mint("sts.amazonaws.com", "mygroup/myrepo", "feature-x"),
                    "denied");
            assertThat(denied.exitCode()).as(denied.all()).isNotZero();
            assertThat(denied.stderr()).contains("AccessDenied");

            // The edit: the role now trusts the feature branch instead of main.
            Files.writeString(config, Files.readString(config).replace(MAIN_REF, FEATURE_REF));
            long edited = System.nanoTime();
            String now = before;
            while (now.equals(before) && System.nanoTime() - edited < Duration.ofSeconds(2).toNanos()) {
                Thread.sleep(50);
                now = status(server);
            }
            long seenMillis = (System.nanoTime() - edited) / 1_000_000;
            // In force within 2 s: the first CLI run starts no later than 2 s after the edit and must be allowed.
            long wait = Duration.ofSeconds(2).toNanos() - (System.nanoTime() - edited);
            assertThat(wait).as("the status took %d ms to change", seenMillis).isPositive();
            Processes.Result allowed = assume(aws, env, dir,
                    server.mint("sts.amazonaws.com", "mygroup/myrepo", "feature-x"), "allowed");
            assertThat(allowed.exitCode()).as(allowed.all()).isZero();
            assertThat(allowed.stdout()).contains("assumed-role/gitlab-deployer/allowed");
            System.out.println("valid edit live after " + seenMillis + " ms; the AWS CLI run that started "
                    + (Duration.ofSeconds(2).toMillis() - wait / 1_000_000) + " ms after the edit got credentials");
            assertThat(server.process().logText()).contains("configuration reloaded from " + config);
            String afterValid = status(server);
            assertThat(afterValid).isNotEqualTo(before).doesNotContain("lastError");

            // An invalid edit: maxSessionDuration out of range on a known line.
            List<String> lines = Files.readAllLines(config);
            int line = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).trim().startsWith("maxSessionDuration:")) {
                    line = i + 1;
                    lines.set(i, lines.get(i).replaceFirst("maxSessionDuration: *[0-9]+", "maxSessionDuration: 60"));
                    break;
                }
            }
            assertThat(line).as("a maxSessionDuration line in the example").isPositive();
            Files.write(config, lines);
            String where = config + ":" + line + ":";
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!server.process().logText().contains(where) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            String log = server.process().logText();
            assertThat(log).as(log).contains(where).contains("configuration refused");
            String refusedLine = log.lines().filter(l -> l.contains(where)).findFirst().orElseThrow();
            System.out.println("invalid edit refused: " + refusedLine.strip());

            Processes.Result still = assume(aws, env, dir, server.mint("sts.amazonaws.com", "mygroup/myrepo", "feature-x"),
                    "still");
            assertThat(still.exitCode()).as(still.all()).isZero();
            assertThat(still.stdout()).contains("assumed-role/gitlab-deployer/still");
            String afterInvalid = status(server);
            assertThat(afterInvalid).contains("\"lastError\"").contains(where)
                    .contains(field(afterValid, "sha256Prefix"));
            System.out.println("status after the refused edit: " + afterInvalid);

            // keyless status, as an operator on the machine runs it.
            InProcessCli.Result cli = InProcessCli.run(server.dir(), java.time.Clock.systemUTC(), "", "status", "--url",
                    server.url());
            assertThat(cli.exitCode()).as(cli.all()).isZero();
            assertThat(cli.out()).contains("version:     sha256 " + field(afterValid, "sha256Prefix"))
                    .contains("last error:").contains(where);
            System.out.println("keyless status:\n" + cli.out());
        }
    }

    private static Processes.Result assume(Path aws, Map<String, String> env, Path dir, String token, String session)
            throws IOException {
        Path tokenFile = Files.writeString(dir.resolve("token-" + session), token);
        return Processes.run(List.of(aws.toString(), "sts", "assume-role-with-web-identity", "--role-arn",
                LauncherServer.EXAMPLE_ROLE_ARN, "--role-session-name", session, "--web-identity-token",
                "file://" + tokenFile, "--output", "json"), env, dir, Duration.ofSeconds(60), null);
    }

    private static String status(LauncherServer server) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + StatusHandler.PATH))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return r.body();
        }
    }

    private static String field(String json, String name) {
        int at = json.indexOf("\"" + name + "\":\"");
        assertThat(at).as(json).isNotNegative();
        int start = at + name.length() + 4;
        return json.substring(start, json.indexOf('"', start));
    }
}
