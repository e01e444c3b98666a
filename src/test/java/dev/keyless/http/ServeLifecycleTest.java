package dev.keyless.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.KeylessProcess;
import dev.keyless.testing.Repo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
}
