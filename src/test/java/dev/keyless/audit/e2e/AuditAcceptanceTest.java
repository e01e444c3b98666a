package dev.keyless.audit.e2e;

import static dev.keyless.audit.e2e.E2eClients.AUDIENCE;
import static dev.keyless.audit.e2e.E2eClients.ROLE_ARN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.gcp.http.GcpHttp;
import dev.keyless.testing.InProcessCli;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After real AWS exchanges (AWS CLI v1, incl. a feature-branch denial) and GCP
 * exchanges (the /v1/token API, incl. a condition denial), {@code keyless audit --format json}
 * holds exactly one event per exchange with the right decision, the denial names the condition
 * key, the expected and the actual {@code sub}, and {@code keyless audit --request-id <the
 * RequestId the AWS CLI printed>} prints the full explanation.
 */
class AuditAcceptanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MAIN_SUB = "project_path:mygroup/myrepo:ref_type:branch:ref:main";
    private static final String FEATURE_SUB = "project_path:mygroup/myrepo:ref_type:branch:ref:feature-x";

    @TempDir
    static Path dir;
    static KeylessTestServer server;
    static Path aws;

    @BeforeAll
    static void start() {
        aws = RealClients.awsCliV1();
        server = KeylessTestServer.startExample(dir.resolve("server"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** {@code aws sts assume-role-with-web-identity --debug}: the exit code and the RequestId it logged. */
    private record AwsRun(int exitCode, String requestId, String output) {}

    private AwsRun awsAssume(Path home, String ref) {
        Map<String, String> env = E2eClients.awsEnv(home);
        env.put("AWS_ENDPOINT_URL_STS", server.url());
        Processes.Result r = Processes.run(List.of(aws.toString(), "sts", "assume-role-with-web-identity",
                "--role-arn", ROLE_ARN, "--role-session-name", "audit-" + ref,
                "--web-identity-token", server.mint("sts.amazonaws.com", "mygroup/myrepo", ref),
                "--output", "json", "--debug"), env, home, Duration.ofSeconds(90), null);
        return new AwsRun(r.exitCode(), E2eClients.requestIdFromDebug(r.stderr()), r.all());
    }

    private static String gcpExchange(String project) {
        HttpResponse<String> r = GcpHttp.exchange(server.url(), server.mint(AUDIENCE, project, "main"), AUDIENCE);
        return r.headers().firstValue("X-Request-Id").orElseThrow();
    }

    private static List<JsonNode> auditJson() throws Exception {
        InProcessCli.Result r = InProcessCli.run(dir, Clock.systemUTC(), "", "audit", "--config",
                server.configFile().toString(), "--format", "json", "--limit", "10000");
        assertThat(r.exitCode()).as(r.all()).isZero();
        List<JsonNode> events = new ArrayList<>();
        for (String line : E2eClients.lines(r.out())) {
            events.add(JSON.readTree(line));
        }
        return events;
    }

    private static JsonNode onlyEvent(List<JsonNode> events, String requestId) {
        List<JsonNode> matching = events.stream().filter(e -> e.path("requestId").asText().equals(requestId)).toList();
        assertThat(matching).as("audit events with request id %s", requestId).hasSize(1);
        return matching.get(0);
    }

    @Test
    void auditWhenAwsAndGcpExchangesThenOneEventEachWithDecisionAndDenialNamesKeyExpectedActual(@TempDir Path home)
            throws Exception {
        AwsRun allowed = awsAssume(home, "main");
        AwsRun denied = awsAssume(home, "feature-x");
        String gcpAllowed = gcpExchange("mygroup/myrepo");
        String gcpDenied = gcpExchange("othergroup/myrepo");
        assertThat(allowed.exitCode()).as(allowed.output()).isZero();
        assertThat(denied.exitCode()).isNotZero();
        assertThat(denied.output()).contains("AccessDenied");

        List<JsonNode> events = auditJson();

        JsonNode ok = onlyEvent(events, allowed.requestId());
        assertThat(ok.get("kind").asText()).isEqualTo("AWS_ASSUME_ROLE_WITH_WEB_IDENTITY");
        assertThat(ok.get("decision").asText()).isEqualTo("ALLOW");
        assertThat(ok.get("subject").asText()).isEqualTo(MAIN_SUB);
        JsonNode no = onlyEvent(events, denied.requestId());
        assertThat(no.get("kind").asText()).isEqualTo("AWS_ASSUME_ROLE_WITH_WEB_IDENTITY");
        assertThat(no.get("decision").asText()).isEqualTo("DENY");
        JsonNode failed = failedCondition(no.get("explanation"));
        assertThat(failed.get("key").asText()).isEqualTo(server.hostAndPort() + ":sub");
        assertThat(failed.get("policyValues").toString()).contains(MAIN_SUB);
        assertThat(failed.get("requestValues").toString()).contains(FEATURE_SUB);
        JsonNode gcpOk = onlyEvent(events, gcpAllowed);
        assertThat(gcpOk.get("kind").asText()).isEqualTo("GCP_TOKEN_EXCHANGE");
        assertThat(gcpOk.get("decision").asText()).isEqualTo("ALLOW");
        JsonNode gcpNo = onlyEvent(events, gcpDenied);
        assertThat(gcpNo.get("kind").asText()).isEqualTo("GCP_TOKEN_EXCHANGE");
        assertThat(gcpNo.get("decision").asText()).isEqualTo("DENY");
        assertThat(gcpNo.get("reason").asText()).isEqualTo("unauthorized_client");
        assertThat(gcpNo.at("/explanation/decisiveCheck").asText()).isEqualTo("attribute condition");
        assertThat(gcpNo.at("/explanation/mapping/condition/value").asText()).isEqualTo("false");
    }

    @Test
    void auditRequestIdWhenIdPrintedByAwsCliThenFullExplanation(@TempDir Path home) {
        AwsRun denied = awsAssume(home, "feature-x");

        InProcessCli.Result r = InProcessCli.run(dir, Clock.systemUTC(), "", "audit", "--config",
                server.configFile().toString(), "--request-id", denied.requestId());

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains(denied.requestId()).contains("DENY").contains("explanation:")
                .contains("\"key\" : \"" + server.hostAndPort() + ":sub\"")
                .contains(MAIN_SUB).contains(FEATURE_SUB);
    }

    /** The condition that did not match, in the stored explanation tree of an AWS denial. */
    private static JsonNode failedCondition(JsonNode explanation) {
        for (JsonNode statement : explanation.path("statements")) {
            for (JsonNode condition : statement.path("conditions")) {
                if (!condition.path("result").asBoolean(true)) {
                    return condition;
                }
            }
        }
        throw new AssertionError("no failed condition in " + explanation);
    }
}
