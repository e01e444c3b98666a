package dev.keyless.aws.sts.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.http.AccessLog;
import dev.keyless.http.HttpMetrics;
import dev.keyless.http.KeylessHttpServer;
import dev.keyless.http.Route;
import dev.keyless.http.Routes;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import dev.keyless.testing.Repo;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The errors the server makes itself on the AWS path {@code /} (404, 405, 413, 500, and a failed
 * audit write) are awsQuery XML that real botocore reads as AWS errors, code and request id
 * included: boto3 itself where it can send the request, else botocore's own awsQuery parser on a
 * raw reply. With CI=true a missing python3/boto3 fails the test.
 */
class AwsErrorsBotocoreTest {
    @TempDir
    static Path dir;
    static KeylessTestServer server;
    /** The same STS and family renderer, with an audit log that cannot write and a handler that throws. */
    static KeylessHttpServer broken;
    static String brokenUrl;

    @BeforeAll
    static void start() {
        server = KeylessTestServer.startExample(dir.resolve("server"));
        AwsStsHandler sts = server.keyless().awsStsHandler(event -> {
            throw new IllegalStateException("audit store unavailable");
        });
        Routes routes = new Routes(List.of(new Route("POST", "/", Route.Access.PUBLIC, call -> {
            if (new String(call.body(), java.nio.charset.StandardCharsets.UTF_8).contains("RoleSessionName=boom")) {
                throw new IllegalStateException("a bug in a handler");
            }
            return sts.handle(call);
        })), List.of(new Routes.ErrorFamily("/", new AwsErrorRenderer()),
                // A family path with no route at all: the router's own 404.
                new Routes.ErrorFamily("/sts/*", new AwsErrorRenderer())));
        int port = freePort();
        broken = new KeylessHttpServer("127.0.0.1", port, 65536, new AccessLog(), Optional.empty(), Clock.systemUTC())
                .start(routes, new HttpMetrics(new PrometheusRegistry()));
        brokenUrl = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() {
        broken.close();
        server.close();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode botocore(String... args) throws IOException {
        String python = RealClients.python().toString();
        var probe = Processes.run(List.of(python, "-c", "import boto3, botocore"), Map.of(), null, Duration.ofSeconds(60), null);
        if (probe.exitCode() != 0) {
            RealClients.missing("boto3 for " + python);
        }
        List<String> command = new ArrayList<>(List.of(python, Repo.root().resolve("src/test/resources/clients/aws_error.py").toString()));
        command.addAll(List.of(args));
        // From here a failure of the script is a test failure, never a skip.
        var run = Processes.run(command, Map.of("AWS_ACCESS_KEY_ID", "x", "AWS_SECRET_ACCESS_KEY", "x"), null,
                Duration.ofSeconds(90), null);
        assertThat(run.exitCode()).as("aws_error.py: " + run.stderr()).isZero();
        return new ObjectMapper().readTree(run.stdout());
    }

    private static void assertAwsError(JsonNode r, int status, String code) {
        assertThat(r.get("status").asInt()).as(r.toString()).isEqualTo(status);
        assertThat(r.get("code").asText()).as(r.toString()).isEqualTo(code);
        assertThat(r.get("requestId").asText()).as(r.toString()).matches("[0-9a-f-]{36}");
        assertThat(r.get("message").asText()).as(r.toString()).isNotBlank();
    }

    @Test
    void boto3WhenBodyOverTheLimitThen413RequestEntityTooLarge() throws IOException {
        JsonNode r = botocore("boto3", server.url(), "x".repeat(70_000), "big");

        assertAwsError(r, 413, "RequestEntityTooLarge");
        assertThat(r.get("message").asText()).contains("the limit is 65536 bytes");
    }

    @Test
    void botocoreWhenMethodNotAllowedOnTheAwsPathThen405MethodNotAllowed() throws IOException {
        JsonNode r = botocore("raw", server.url(), "PUT", "/", "Action=GetCallerIdentity&Version=2011-06-15");

        assertAwsError(r, 405, "MethodNotAllowed");
        assertThat(r.get("contentType").asText()).isEqualTo("text/xml");
    }

    @Test
    void botocoreWhenPostBodyNotPercentEncodedThen404MalformedQueryString() throws IOException {
        JsonNode r = botocore("raw", server.url(), "POST", "/", "Action=%zz&Version=2011-06-15");

        assertAwsError(r, 404, "MalformedQueryString");
    }

    @Test
    void boto3WhenNoRouteUnderAnAwsFamilyPathThen404NotFound() throws IOException {
        JsonNode r = botocore("boto3", brokenUrl + "/sts/regional", "t.o.k", "nowhere");

        assertAwsError(r, 404, "NotFound");
        assertThat(r.get("message").asText()).isEqualTo("No Keyless endpoint at /sts/regional");
    }

    @Test
    void getWhenPathOutsideEveryFamilyThenKeylessJsonStays() throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.url() + "/nope")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error\":\"not_found\",\"message\":\"No Keyless endpoint at /nope\"}");
    }

    @Test
    void boto3WhenAuditWriteFailsThen500InternalFailureAndNoCredentials() throws IOException {
        JsonNode r = botocore("boto3", brokenUrl, server.mint("sts.amazonaws.com", "mygroup/myrepo", "main"), "ok");

        assertAwsError(r, 500, "InternalFailure");
    }

    @Test
    void boto3WhenHandlerThrowsThen500InternalFailureWithTheRequestId() throws IOException {
        JsonNode r = botocore("boto3", brokenUrl, server.mint("sts.amazonaws.com", "mygroup/myrepo", "main"), "boom");

        assertAwsError(r, 500, "InternalFailure");
        assertThat(r.get("message").asText()).isEqualTo("Internal error; request id " + r.get("requestId").asText());
    }
}
