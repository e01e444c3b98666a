package dev.keyless.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.KeylessProcess;
import dev.keyless.testing.Repo;
import dev.keyless.testing.TestCertificate;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `keyless serve` as users run it — health, metrics, and a graceful SIGTERM. */
class ServeLifecycleTest {
    @TempDir
    Path dir;

    @Test
    void serveWhenSigtermThenStopsGracefullyAfterServingHealthAndMetrics() throws Exception {
        int port = KeylessProcess.freePort();
        String yaml = Repo.exampleYaml().replace("127.0.0.1:8080", "127.0.0.1:" + port);
        Path config = dir.resolve("keyless.yaml");
        Files.writeString(config, yaml);
        HttpClient http = HttpClient.newHttpClient();
        KeylessProcess node = KeylessProcess.start(config, port, Map.of());
        try {
            var health = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            var ready = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            var metrics = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body())
                    .containsPattern("keyless_http_requests_total\\{method=\"GET\",route=\"/readyz\",status=\"200\"} 1\\.0")
                    .contains("keyless_http_request_duration_seconds_bucket{route=\"/healthz\"");
            var missing = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/nope")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("No Keyless endpoint at /nope");
        } finally {
            node.stop();
        }
        assertThat(node.logText()).contains("shutting down: finishing requests in flight")
                .contains("stopped: server closed, audit log flushed, store closed");
        assertThat(Files.exists(dir.resolve("keyless-data/keyless.db"))).isTrue();
    }

    @Test
    void serveWhenLoggingLevelWarnThenInfoMilestonesQuietButAccessLogKept() throws Exception {
        int port = KeylessProcess.freePort();
        String yaml = Repo.exampleYaml().replace("127.0.0.1:8080", "127.0.0.1:" + port)
                .replace("  level: INFO", "  level: WARN");
        assertThat(yaml).contains("level: WARN");
        Path config = dir.resolve("keyless.yaml");
        Files.writeString(config, yaml);
        KeylessProcess node = KeylessProcess.start(config, port, Map.of());
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.url() + "/readyz")).build(),
                    HttpResponse.BodyHandlers.discarding());
        } finally {
            node.stop();
        }
        assertThat(node.logText()).contains("GET /readyz -> 200").doesNotContain("shutting down");
    }

    /**
     * The HTTP server is built on another thread while the store opens: what goes wrong there (a TLS
     * key file without a key) is reported as it was on the main thread, one line naming the setting,
     * exit 2, no stack trace, nothing served.
     */
    @Test
    void serveWhenTheTlsKeyFileHoldsNoKeyThenOneLineNamingTheSettingAndExit2() throws Exception {
        int port = KeylessProcess.freePort();
        TestCertificate certificate = TestCertificate.create(dir);
        Path notAKey = dir.resolve("not-a-key.pem");
        Files.copy(certificate.certificatePem(), notAKey);
        Path config = dir.resolve("keyless.yaml");
        String yaml = Repo.exampleYaml().replace("127.0.0.1:8080", "127.0.0.1:" + port).replaceFirst("\nserver:\n",
                "\nserver:\n  tls: {certificate: " + certificate.certificatePem() + ", privateKey: " + notAKey + "}\n");
        assertThat(yaml).contains("privateKey: " + notAKey);
        Files.writeString(config, yaml);
        String text = serveUntilItExits(config, 2);
        List<String> lines = text.lines().filter(l -> !l.startsWith("WARNING: ")).filter(l -> l.startsWith("keyless")).toList();
        assertThat(lines).as(text).singleElement().satisfies(line -> assertThat(line)
                .startsWith("keyless: cannot start: server.tls: cannot read privateKey " + notAKey)
                .contains("BEGIN PRIVATE KEY"));
        assertThat(text).doesNotContain("keyless: serving").doesNotContain("\tat ");
    }

    @Test
    void serveWhenThePortIsInUseThenOneLineNamingAddressAndConfigKeyAndExitsWithoutReady() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Path config = dir.resolve("keyless.yaml");
            Files.writeString(config, Repo.exampleYaml().replace("127.0.0.1:8080", "127.0.0.1:" + port));
            String text = serveUntilItExits(config, 2);
            // The JVM's own sun.misc.Unsafe deprecation notices (from a dependency) are not Keyless output.
            List<String> lines = text.lines().filter(l -> !l.startsWith("WARNING: ")).toList();
            assertThat(text).doesNotContain("— ready in").doesNotContain("keyless: serving").doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(lines).containsExactly("keyless serve: cannot listen on 127.0.0.1:" + port + ": Address already in use"
                    + " (set by server.listen in " + config + "; pick a free port there, or pass --listen HOST:PORT)");
        }
    }

    /**
     * Runs {@code keyless serve} on {@code config} in its own JVM and returns its output once it has
     * exited with {@code exitCode}: it must exit, not keep running while serving nothing.
     */
    private String serveUntilItExits(Path config, int exitCode) throws Exception {
        Path out = dir.resolve("serve.out");
        Process p = new ProcessBuilder(KeylessProcess.javaCommand("serve", "--config", config.toString()))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean exited = p.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly().waitFor();
        }
        String text = Files.readString(out);
        assertThat(exited).as("serve must exit, not keep running while serving nothing; output:%n%s", text).isTrue();
        assertThat(p.exitValue()).as(text).isEqualTo(exitCode);
        return text;
    }
}
