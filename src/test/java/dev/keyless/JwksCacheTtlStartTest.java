package dev.keyless;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Repo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every {@code verification.jwksCacheTtl} the config loader accepts (10 s to 1 day) starts a server:
 * the key cache's refresh lead follows a short TTL instead of refusing it at start.
 */
class JwksCacheTtlStartTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "jwksCacheTtl: {0}")
    @ValueSource(strings = {"10s", "30s", "5m"})
    void serveWhenCacheTtlWithinConfigBoundsThenStartsAndAnswers(String ttl) throws Exception {
        String yaml = Repo.exampleYaml().replace("  maxTokenAge: 24h", "  maxTokenAge: 24h\n  jwksCacheTtl: " + ttl);
        assertThat(yaml).contains("jwksCacheTtl: " + ttl);

        try (KeylessTestServer server = KeylessTestServer.start(dir.resolve(ttl), yaml, Clock.systemUTC(), Map.of())) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + "/healthz"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
    }
}
