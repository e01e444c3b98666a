package dev.keyless.config.reload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.testing.InProcessCli;
import dev.keyless.testing.KeylessProcess;
import dev.keyless.testing.Repo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /keyless/v1/status} and {@code keyless status} show the lint findings of the config
 * version in service, with file:line, and follow an edit that fixes them.
 */
class StatusLintFindingsTest {
    private static final String SUB_LINE =
            "                    \"127.0.0.1:8080:sub\": project_path:mygroup/myrepo:ref_type:branch:ref:main\n";

    @TempDir
    Path dir;

    @Test
    void statusWhenLiveVersionHasFindingsThenListedWithFileLineAndGoneAfterAFixingEdit() throws Exception {
        int port = KeylessProcess.freePort();
        String good = Repo.exampleYaml().replace("127.0.0.1:8080", "127.0.0.1:" + port);
        String example = Repo.exampleYaml();
        assertThat(example).contains(SUB_LINE);
        Path config = Files.writeString(dir.resolve("keyless.yaml"),
                example.replace(SUB_LINE, "").replace("127.0.0.1:8080", "127.0.0.1:" + port));
        int roleLine = lineOf(Files.readString(config), "gitlab-deployer:");

        try (KeylessProcess node = KeylessProcess.start(config, port, Map.of())) {
            JsonNode before = status(node);
            System.out.println("status with a role lacking a sub condition: " + before);
            assertThat(before.path("lintFindings")).hasSize(1);
            assertThat(before.path("lintFindings").get(0).asText()).startsWith(config + ":" + roleLine
                    + ": aws.accounts.\"111122223333\".roles.gitlab-deployer: ERROR no-sub-condition: ");

            InProcessCli.Result cli = InProcessCli.run(dir, Clock.systemUTC(), "", "status", "--url", node.url());
            System.out.println("keyless status:\n" + cli.out());
            assertThat(cli.exitCode()).as(cli.all()).isZero();
            assertThat(cli.out()).contains("lint:        1 finding(s) in the version in service")
                    .contains("  " + config + ":" + roleLine + ": aws.accounts.\"111122223333\".roles.gitlab-deployer: "
                            + "ERROR no-sub-condition: ");

            Files.writeString(config, good);
            JsonNode after = before;
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (after.path("sha256Prefix").equals(before.path("sha256Prefix")) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                after = status(node);
            }
            System.out.println("status after the fix: " + after);
            assertThat(after.path("sha256Prefix")).isNotEqualTo(before.path("sha256Prefix"));
            assertThat(after.path("lintFindings").isArray()).isTrue();
            assertThat(after.path("lintFindings")).isEmpty();
            assertThat(InProcessCli.run(dir, Clock.systemUTC(), "", "status", "--url", node.url()).out())
                    .contains("lint:        no findings");
        }
    }

    private static JsonNode status(KeylessProcess node) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node.url() + StatusHandler.PATH))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return new ObjectMapper().readTree(r.body());
        }
    }

    private static int lineOf(String text, String needle) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle);
    }
}
