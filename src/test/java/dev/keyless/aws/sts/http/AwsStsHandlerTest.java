package dev.keyless.aws.sts.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.audit.AuditDecision;
import dev.keyless.audit.AuditEvent;
import dev.keyless.http.HttpCall;
import dev.keyless.http.HttpReply;
import dev.keyless.http.RequestContext;
import dev.keyless.testing.KeylessTestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handler with the example configuration, called in-process: what the audit sink receives for
 * each decision, the request id on the wire, and the awsQuery errors no real client would send.
 */
class AwsStsHandlerTest {
    @TempDir
    static Path dir;
    static KeylessTestServer server;
    static final List<AuditEvent> outcomes = new ArrayList<>();
    static AwsStsHandler handler;

    @BeforeAll
    static void start() {
        server = KeylessTestServer.startExample(dir);
        handler = server.keyless().awsStsHandler(outcomes::add);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpReply post(String requestId, String form) {
        return handler.handle(new HttpCall("POST", "/", "", Map.of("Content-Type",
                List.of("application/x-www-form-urlencoded; charset=utf-8")), form.getBytes(StandardCharsets.UTF_8),
                Map.of(), new RequestContext(requestId, "192.0.2.7", "aws-cli/1.45", false)));
    }

    private static String assume(String token) {
        return "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn="
                + URLEncoder.encode("arn:aws:iam::111122223333:role/gitlab-deployer", StandardCharsets.UTF_8)
                + "&RoleSessionName=unit&WebIdentityToken=" + token;
    }

    /** The one outcome this test's request recorded (the list is shared by the class, so filter by id). */
    private static AuditEvent outcomeOf(String requestId) {
        List<AuditEvent> mine = outcomes.stream().filter(o -> o.requestId().equals(requestId)).toList();
        assertThat(mine).as("audit outcomes recorded for " + requestId).hasSize(1);
        return mine.get(0);
    }

    @Test
    void handleWhenAllowedThenOutcomeCarriesTheAuditFactsAndRequestIdHeader() {
        HttpReply reply = post("req-allow", assume(server.mint("sts.amazonaws.com", "mygroup/myrepo", "main")));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).isEqualTo("text/xml");
        assertThat(reply.headers()).containsEntry("x-amzn-RequestId", "req-allow");
        AuditEvent o = outcomeOf("req-allow");
        assertThat(o.decision()).isEqualTo(AuditDecision.ALLOW);
        assertThat(o.requestId()).isEqualTo("req-allow");
        assertThat(o.kind()).isEqualTo(dev.keyless.audit.AuditKind.AWS_ASSUME_ROLE_WITH_WEB_IDENTITY);
        assertThat(o.issuer()).isEqualTo(server.url());
        assertThat(o.subject()).isEqualTo("project_path:mygroup/myrepo:ref_type:branch:ref:main");
        assertThat(o.audience()).isEqualTo("sts.amazonaws.com");
        assertThat(o.role()).isEqualTo("arn:aws:iam::111122223333:role/gitlab-deployer");
        assertThat(o.sessionName()).isEqualTo("unit");
        assertThat(o.jti()).isNotBlank();
        assertThat(o.tokenSha256()).matches("[0-9a-f]{16}");
        assertThat(new String(reply.body(), StandardCharsets.UTF_8)).containsPattern("<AccessKeyId>ASIA[A-Z0-9]{16}</AccessKeyId>");
        assertThat(o.explanation()).contains("\"decision\":\"Allow\"").doesNotContain("\"check\"");
        assertThat(o.clientAddress()).isEqualTo("192.0.2.7");
    }

    @Test
    void handleWhenTrustPolicyDeniesThenDenyOutcomeWithExplanationAndNoAccessKey() {
        HttpReply reply = post("req-deny", assume(server.mint("sts.amazonaws.com", "mygroup/myrepo", "feature-x")));

        assertThat(reply.status()).isEqualTo(403);
        AuditEvent o = outcomeOf("req-deny");
        assertThat(o.decision()).isEqualTo(AuditDecision.DENY);
        assertThat(o.reason()).isEqualTo("AccessDenied");
        assertThat(o.message()).startsWith("Not authorized to perform sts:AssumeRoleWithWebIdentity (Keyless: ");
        assertThat(o.explanation()).contains("\"decision\":\"ImplicitDeny\"").contains("\"check\":\"trust policy\"");
        assertThat(new String(reply.body(), StandardCharsets.UTF_8)).doesNotContain("AccessKeyId");
    }

    @Test
    void handleWhenActionUnknownThenInvalidActionErrorOutcome() {
        HttpReply reply = post("req-unknown", "Action=AssumeRole&Version=2011-06-15");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(new String(reply.body(), StandardCharsets.UTF_8)).contains("<Code>InvalidAction</Code>")
                .contains("<RequestId>req-unknown</RequestId>");
        assertThat(outcomeOf("req-unknown").decision()).isEqualTo(AuditDecision.ERROR);
    }

    @Test
    void handleWhenSessionPolicyMalformedThenMalformedPolicyDocument() {
        HttpReply reply = post("req-policy", assume(server.mint("sts.amazonaws.com", "mygroup/myrepo", "main"))
                + "&Policy=" + URLEncoder.encode("{\"Version\":\"2012-10-17\"}", StandardCharsets.UTF_8));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(outcomeOf("req-policy").reason()).isEqualTo("MalformedPolicyDocument");
        assertThat(outcomeOf("req-policy").message()).isEqualTo("Missing required field Statement");
    }

    @Test
    void handleWhenSessionPolicyGivenThenPackedPolicySizeInResponse() {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}";
        HttpReply reply = post("req-packed", assume(server.mint("sts.amazonaws.com", "mygroup/myrepo", "main"))
                + "&Policy=" + URLEncoder.encode(policy, StandardCharsets.UTF_8));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(new String(reply.body(), StandardCharsets.UTF_8)).contains("<PackedPolicySize>");
    }
}
