package dev.keyless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.KeylessProcess;
import dev.keyless.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keyless serve} prints the findings of {@code keyless lint} when it starts, and still serves. */
class ServeLintAtStartTest {
    @TempDir
    Path dir;

    @Test
    void serveWhenRoleHasNoSubConditionThenLintErrorPrintedAtStartAndServerRuns() throws Exception {
        int port = KeylessProcess.freePort();
        String subLine = "                    \"127.0.0.1:8080:sub\": project_path:mygroup/myrepo:ref_type:branch:ref:main\n";
        String example = Repo.exampleYaml();
        assertThat(example).contains(subLine);
        Path config = Files.writeString(dir.resolve("keyless.yaml"),
                example.replace(subLine, "").replace("127.0.0.1:8080", "127.0.0.1:" + port));

        try (KeylessProcess node = KeylessProcess.start(config, port, Map.of())) {
            String log = node.logTextOnce("keyless: serving", Duration.ofSeconds(30));
            assertThat(log).contains("ERROR no-sub-condition: statement #0: role gitlab-deployer allows any identity")
                    .contains("keyless serve: lint: 1 error(s), 0 warning(s) in ")
                    .contains("(serving anyway; keyless lint --config ");
            assertThat(node.isAlive()).isTrue();
            assertThat(log.indexOf("no-sub-condition")).as("findings come before the ready line")
                    .isLessThan(log.indexOf("keyless: serving"));
        }
    }

    @Test
    void serveWhenExampleConfigThenNoLintLine() throws Exception {
        int port = KeylessProcess.freePort();
        Path config = Files.writeString(dir.resolve("keyless.yaml"),
                Repo.exampleYaml().replace("127.0.0.1:8080", "127.0.0.1:" + port));

        try (KeylessProcess node = KeylessProcess.start(config, port, Map.of())) {
            assertThat(node.logTextOnce("keyless: serving", Duration.ofSeconds(30))).contains("keyless: serving").doesNotContain("lint:").doesNotContain(" ERROR ");
        }
    }

    @Test
    void serveWhenListenFlagMovesThePortButNotPublicUrlThenWarnedNamingBoth() throws Exception {
        int port = KeylessProcess.freePort();
        // The config keeps 127.0.0.1:8080 everywhere; only --listen (KeylessProcess passes it) moves the socket.
        Path config = Files.writeString(dir.resolve("keyless.yaml"), Repo.exampleYaml());

        try (KeylessProcess node = KeylessProcess.start(config, port, Map.of())) {
            String log = node.logTextOnce("keyless: serving", Duration.ofSeconds(30));
            System.out.println(log.lines().filter(l -> l.contains("warning:")).findFirst().orElse("(no warning)"));
            assertThat(log).contains("keyless serve: warning: --listen 127.0.0.1:" + port
                    + " but server.publicUrl is http://127.0.0.1:8080 (issuer http://127.0.0.1:8080): discovery and every"
                    + " token name port 8080; change server.listen in ");
        }
    }
}
