package dev.keyless.audit.e2e;

import static dev.keyless.audit.e2e.E2eClients.AUDIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.gcp.http.GcpHttp;
import dev.keyless.testing.KeylessProcess;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Repo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code logging: {format: json}} {@code keyless serve} writes one JSON line
 * per request carrying the request id, route and status; {@code /metrics} has the audit decisions
 * by kind, decision and reason, and the latency histogram per route.
 */
class LogsAndMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void serveWhenLoggingFormatJsonThenEachAccessLineIsJsonWithRequestIdRouteStatus() throws Exception {
        int port = KeylessProcess.freePort();
        String yaml = Repo.exampleYaml().replace("127.0.0.1:8080", "127.0.0.1:" + port)
                .replace("jdbc:sqlite:./keyless-data/keyless.db", "jdbc:sqlite:./data/keyless.db");
        assertThat(yaml).contains("format: text");
        Path config = Files.writeString(Files.createDirectories(dir.resolve("node")).resolve("keyless.yaml"),
                yaml.replace("format: text", "format: json"));
        List<String> requestIds = new ArrayList<>();
        String log;
        try (KeylessProcess node = KeylessProcess.start(config, port, Map.of())) {
            String token = E2eClients.ciToken(node.url(), "main", "sts.amazonaws.com");
            requestIds.add(E2eClients.assumeRole(http, node.url(), token, "json-log").headers()
                    .firstValue("x-amzn-RequestId").orElseThrow());
            requestIds.add(E2eClients.assumeRole(http, node.url(), "not-a-jwt", "json-log").headers()
                    .firstValue("X-Request-Id").orElseThrow());
            requestIds.add(http.send(HttpRequest.newBuilder(URI.create(node.url() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.discarding()).headers().firstValue("X-Request-Id").orElseThrow());
            // A quote, a backslash or a control character in the request target (java.net.http refuses to
            // send them) never reaches a handler or the log: the server refuses the request line.
            assertThat(rawGet(port, "/no\"such\\path")).startsWith("HTTP/1.1 400");
            assertThat(rawGet(port, "/esc\u001b[31m\u0007")).startsWith("HTTP/1.1 400");
            node.stop();
            log = node.logText();
        }

        List<JsonNode> access = new ArrayList<>();
        for (String line : log.lines().filter(l -> l.contains("\"route\"")).toList()) {
            access.add(JSON.readTree(line)); // throws when a line is not one JSON object
        }
        assertThat(access).isNotEmpty().allSatisfy(a -> {
            assertThat(a.path("requestId").asText()).isNotBlank();
            assertThat(a.path("route").asText()).isNotBlank();
            assertThat(a.path("status").isInt()).isTrue();
        });
        assertThat(access.stream().map(a -> a.get("requestId").asText()).toList()).containsAll(requestIds);
        assertThat(access).anySatisfy(a -> {
            assertThat(a.get("requestId").asText()).isEqualTo(requestIds.get(1));
            assertThat(a.get("status").asInt()).isEqualTo(400);
            assertThat(a.get("method").asText()).isEqualTo("POST");
            assertThat(a.get("ms").isNumber()).isTrue();
            assertThat(a.get("@timestamp").asText()).isNotBlank();
        });
        assertThat(log).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("no\"such");
        // Helidon's own lines (System.Logger) go through the same log: none in java.util.logging's
        // two-line format (a date line naming the logger, then "INFO: ..."), and its INFO lines
        // ("bound for socket", "Started all channels") are below the io.helidon level.
        assertThat(log).doesNotContainPattern("(?m)^[A-Z][a-z]{2} \\d{2}, \\d{4} \\d{1,2}:\\d{2}:\\d{2} [AP]M ")
                .doesNotContain("bound for socket").doesNotContain("Started all channels");
    }

    private static String rawGet(int port, String target) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void metricsWhenExchangesDoneThenAuditDecisionsByKindAndReasonAndLatencyPerRoute() throws Exception {
        try (KeylessTestServer server = KeylessTestServer.startExample(dir.resolve("server"))) {
            E2eClients.assumeRole(http, server.url(), server.mint("sts.amazonaws.com", "mygroup/myrepo", "main"), "metrics");
            E2eClients.assumeRole(http, server.url(), server.mint("sts.amazonaws.com", "mygroup/myrepo", "feature-x"), "metrics");
            GcpHttp.exchange(server.url(), server.mint(AUDIENCE, "othergroup/myrepo", "main"), AUDIENCE);

            String metrics = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();

            assertThat(metrics).containsPattern("keyless_audit_events_total\\{(?=[^}]*decision=\"ALLOW\")"
                    + "(?=[^}]*kind=\"AWS_ASSUME_ROLE_WITH_WEB_IDENTITY\")[^}]*} 1\\.0");
            assertThat(metrics).containsPattern("keyless_audit_events_total\\{(?=[^}]*decision=\"DENY\")"
                    + "(?=[^}]*kind=\"AWS_ASSUME_ROLE_WITH_WEB_IDENTITY\")(?=[^}]*reason=\"AccessDenied\")[^}]*} 1\\.0");
            assertThat(metrics).containsPattern("keyless_audit_events_total\\{(?=[^}]*decision=\"DENY\")"
                    + "(?=[^}]*kind=\"GCP_TOKEN_EXCHANGE\")(?=[^}]*reason=\"unauthorized_client\")[^}]*} 1\\.0");
            assertThat(metrics).containsPattern("keyless_http_request_duration_seconds_bucket\\{[^}]*route=\"[^\"]+\"")
                    .containsPattern("keyless_http_request_duration_seconds_count\\{[^}]*route=\"[^\"]+\"[^}]*} [1-9]");
        }
    }
}
