package dev.keyless.audit.e2e;

import static dev.keyless.audit.e2e.E2eClients.AUDIENCE;
import static dev.keyless.audit.e2e.E2eClients.ROLE_ARN;
import static dev.keyless.audit.e2e.E2eClients.SA;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.gcp.http.GcpHttp;
import dev.keyless.testing.InProcessCli;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keyless audit --format cloudtrail} and {@code --format gcp} after real allowed and denied
 * exchanges (AWS CLI v1; the GCP STS and IAM Credentials over the wire) write records whose every
 * field name, at its path, exists with the same JSON type in AWS's and Google's published examples
 * (copied in src/test/resources/cloud-audit-examples with their URLs): the IAM User Guide's
 * AssumeRoleWithWebIdentity CloudTrail record
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html) with the failure
 * fields of "CloudTrail record contents"
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html),
 * and Google's ExchangeToken, GenerateAccessToken and failed STS log entries
 * (https://cloud.google.com/iam/docs/audit-logging/examples-workload-identity,
 * https://cloud.google.com/iam/docs/audit-logging/examples-workforce-identity). The fields a SIEM
 * keys on are present with the values of the exchange.
 */
class CloudAuditFormatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MAIN_SUB = "project_path:mygroup/myrepo:ref_type:branch:ref:main";

    @TempDir
    static Path dir;
    static KeylessTestServer server;

    @BeforeAll
    static void start() {
        server = KeylessTestServer.startExample(dir.resolve("server"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void cloudtrailWhenAwsCliAllowedAndDeniedThenRecordsShapedAsAwsDocumentedExample(@TempDir Path home)
            throws Exception {
        Path aws = RealClients.awsCliV1();
        String allowedId = awsAssume(aws, home, "main", "trail-ok");
        String deniedId = awsAssume(aws, home, "feature-x", "trail-denied");

        List<JsonNode> records = audit("cloudtrail");

        Map<String, Set<String>> documented = shapes("aws-cloudtrail-assume-role-with-web-identity.json",
                "aws-cloudtrail-failed-call-fields.json");
        JsonNode ok = byField(records, "requestID", allowedId);
        JsonNode no = byField(records, "requestID", deniedId);
        for (JsonNode record : List.of(ok, no)) {
            assertFieldsDocumented(record, documented);
            assertThat(record.get("eventSource").asText()).isEqualTo("sts.amazonaws.com");
            assertThat(record.get("eventName").asText()).isEqualTo("AssumeRoleWithWebIdentity");
            assertThat(record.at("/userIdentity/type").asText()).isEqualTo("WebIdentityUser");
            assertThat(record.get("eventTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            assertThat(record.get("eventID").asText()).matches("[0-9a-f-]{36}");
            assertThat(record.at("/requestParameters/roleArn").asText()).isEqualTo(ROLE_ARN);
            assertThat(record.get("sourceIPAddress").asText()).isEqualTo("127.0.0.1");
            assertThat(record.get("userAgent").asText()).startsWith("aws-cli/1.");
            assertThat(record.at("/userIdentity/identityProvider").asText())
                    .isEqualTo("arn:aws:iam::111122223333:oidc-provider/" + server.hostAndPort());
            assertThat(record.get("recipientAccountId").asText()).isEqualTo("111122223333");
        }
        assertThat(ok.has("errorCode")).isFalse();
        assertThat(ok.at("/requestParameters/roleSessionName").asText()).isEqualTo("trail-ok");
        assertThat(ok.at("/responseElements/subjectFromWebIdentityToken").asText()).isEqualTo(MAIN_SUB);
        assertThat(ok.at("/responseElements/assumedRoleUser/arn").asText())
                .isEqualTo("arn:aws:sts::111122223333:assumed-role/gitlab-deployer/trail-ok");
        assertThat(ok.at("/responseElements/audience").asText()).isEqualTo("sts.amazonaws.com");
        assertThat(ok.at("/userIdentity/principalId").asText()).isEqualTo("arn:aws:iam::111122223333:oidc-provider/"
                + server.hostAndPort() + ":sts.amazonaws.com:" + MAIN_SUB);
        assertThat(no.get("errorCode").asText()).isEqualTo("AccessDenied");
        assertThat(no.get("errorMessage").asText()).startsWith("Not authorized to perform sts:AssumeRoleWithWebIdentity");
        assertThat(no.get("responseElements").isNull()).isTrue();
        assertThat(records).as("only AWS events").allSatisfy(r -> assertThat(r.get("eventSource").asText())
                .isEqualTo("sts.amazonaws.com"));
    }

    @Test
    void gcpWhenExchangesAndImpersonationsAllowedAndDeniedThenLogEntriesShapedAsGoogleDocumentedExamples()
            throws Exception {
        HttpResponse<String> allowed = GcpHttp.exchange(server.url(), server.mint(AUDIENCE, "mygroup/myrepo", "main"),
                AUDIENCE);
        HttpResponse<String> denied = GcpHttp.exchange(server.url(), server.mint(AUDIENCE, "othergroup/myrepo", "main"),
                AUDIENCE);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(denied.statusCode()).isEqualTo(400);
        String federated = JSON.readTree(allowed.body()).get("access_token").asText();
        HttpResponse<String> generated = GcpHttp.postJson(server.url() + "/v1/projects/-/serviceAccounts/" + SA
                + ":generateAccessToken", federated, "{\"scope\":[\"https://www.googleapis.com/auth/cloud-platform\"]}");
        String otherRepo = JSON.readTree(GcpHttp.exchange(server.url(), server.mint(AUDIENCE, "mygroup/otherrepo",
                "main"), AUDIENCE).body()).get("access_token").asText();
        HttpResponse<String> refused = GcpHttp.postJson(server.url() + "/v1/projects/-/serviceAccounts/" + SA
                + ":generateAccessToken", otherRepo, "{\"scope\":[\"https://www.googleapis.com/auth/cloud-platform\"]}");
        assertThat(generated.statusCode()).isEqualTo(200);
        assertThat(refused.statusCode()).isEqualTo(403);

        List<JsonNode> entries = audit("gcp");

        Map<String, Set<String>> stsShapes = shapes("gcp-sts-exchange-token.json", "gcp-sts-exchange-token-workforce.json",
                "gcp-sts-failed-attribute-condition.json", "gcp-sts-failed-too-many-groups.json");
        Map<String, Set<String>> iamShapes = shapes("gcp-iamcredentials-generate-access-token.json",
                "gcp-sts-failed-attribute-condition.json", "gcp-sts-failed-too-many-groups.json");
        JsonNode ok = byField(entries, "insertId", requestId(allowed));
        JsonNode no = byField(entries, "insertId", requestId(denied));
        JsonNode iamOk = byField(entries, "insertId", requestId(generated));
        JsonNode iamNo = byField(entries, "insertId", requestId(refused));
        String provider = AUDIENCE.substring("//iam.googleapis.com/".length());
        for (JsonNode entry : List.of(ok, no)) {
            assertFieldsDocumented(entry, stsShapes);
            assertThat(entry.at("/protoPayload/@type").asText()).isEqualTo("type.googleapis.com/google.cloud.audit.AuditLog");
            assertThat(entry.at("/protoPayload/serviceName").asText()).isEqualTo("sts.googleapis.com");
            assertThat(entry.at("/protoPayload/methodName").asText())
                    .isEqualTo("google.identity.sts.v1.SecurityTokenService.ExchangeToken");
            assertThat(entry.at("/protoPayload/resourceName").asText()).isEqualTo(provider);
            assertThat(entry.at("/protoPayload/request/audience").asText()).isEqualTo(AUDIENCE);
            assertThat(entry.at("/protoPayload/requestMetadata/callerIp").asText()).isEqualTo("127.0.0.1");
            assertThat(entry.get("logName").asText()).endsWith("/logs/cloudaudit.googleapis.com%2Fdata_access");
        }
        assertThat(ok.at("/protoPayload/authenticationInfo/principalSubject").asText()).isEqualTo(MAIN_SUB);
        assertThat(ok.at("/protoPayload/metadata/mapped_principal").asText()).isEqualTo("principal://iam.googleapis.com/"
                + "projects/123456789012/locations/global/workloadIdentityPools/gitlab-pool/subject/" + MAIN_SUB);
        assertThat(ok.has("status")).isFalse();
        assertThat(ok.get("severity").asText()).isEqualTo("INFO");
        assertThat(no.at("/protoPayload/status/code").isInt()).isTrue();
        assertThat(no.at("/protoPayload/status/code").asInt()).isEqualTo(3);
        assertThat(no.at("/protoPayload/status/message").asText())
                .startsWith("The given credential is rejected by the attribute condition.");
        assertThat(no.get("severity").asText()).isEqualTo("ERROR");
        for (JsonNode entry : List.of(iamOk, iamNo)) {
            assertFieldsDocumented(entry, iamShapes);
            assertThat(entry.at("/protoPayload/serviceName").asText()).isEqualTo("iamcredentials.googleapis.com");
            assertThat(entry.at("/protoPayload/methodName").asText()).isEqualTo("GenerateAccessToken");
            assertThat(entry.at("/protoPayload/request/name").asText()).isEqualTo("projects/-/serviceAccounts/" + SA);
            assertThat(entry.at("/resource/type").asText()).isEqualTo("service_account");
            assertThat(entry.at("/resource/labels/email_id").asText()).isEqualTo(SA);
            assertThat(entry.at("/protoPayload/authenticationInfo/principalSubject").asText()).startsWith("principal://");
        }
        assertThat(iamNo.at("/protoPayload/status/code").asInt()).as("PERMISSION_DENIED").isEqualTo(7);
        assertThat(entries).as("only GCP STS and IAM Credentials events").allSatisfy(e -> assertThat(
                e.at("/protoPayload/serviceName").asText()).isIn("sts.googleapis.com", "iamcredentials.googleapis.com"));
    }

    private static String awsAssume(Path aws, Path home, String ref, String session) {
        Map<String, String> env = E2eClients.awsEnv(home);
        env.put("AWS_ENDPOINT_URL_STS", server.url());
        Processes.Result r = Processes.run(List.of(aws.toString(), "sts", "assume-role-with-web-identity",
                "--role-arn", ROLE_ARN, "--role-session-name", session,
                "--web-identity-token", server.mint("sts.amazonaws.com", "mygroup/myrepo", ref),
                "--output", "json", "--debug"), env, home, Duration.ofSeconds(90), null);
        assertThat(r.exitCode() == 0).as(r.all()).isEqualTo(ref.equals("main"));
        return E2eClients.requestIdFromDebug(r.stderr());
    }

    private static String requestId(HttpResponse<String> response) {
        return response.headers().firstValue("X-Request-Id").orElseThrow();
    }

    private static List<JsonNode> audit(String format) throws Exception {
        InProcessCli.Result r = InProcessCli.run(dir, Clock.systemUTC(), "", "audit", "--config",
                server.configFile().toString(), "--format", format, "--limit", "10000");
        assertThat(r.exitCode()).as(r.all()).isZero();
        List<JsonNode> out = new ArrayList<>();
        for (String line : E2eClients.lines(r.out())) {
            out.add(JSON.readTree(line));
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    private static JsonNode byField(List<JsonNode> records, String field, String value) {
        List<JsonNode> matching = records.stream().filter(r -> r.path(field).asText().equals(value)).toList();
        assertThat(matching).as("records with %s %s", field, value).hasSize(1);
        return matching.get(0);
    }

    /** Every path of {@code record} (arrays as []) exists in the documented examples with the same JSON type. */
    private static void assertFieldsDocumented(JsonNode record, Map<String, Set<String>> documented) {
        Map<String, Set<String>> ours = new TreeMap<>();
        collect(record, "", ours);
        ours.forEach((path, types) -> {
            assertThat(documented).as("field %s is in a documented example", path).containsKey(path);
            assertThat(documented.get(path)).as("JSON type of %s", path).containsAll(types);
        });
    }

    private static Map<String, Set<String>> shapes(String... resources) throws Exception {
        Map<String, Set<String>> out = new TreeMap<>();
        for (String name : resources) {
            try (InputStream in = CloudAuditFormatsTest.class.getResourceAsStream("/cloud-audit-examples/" + name)) {
                assertThat(in).as(name).isNotNull();
                collect(JSON.readTree(in), "", out);
            }
        }
        return out;
    }

    private static void collect(JsonNode node, String path, Map<String, Set<String>> out) {
        if (!path.isEmpty()) {
            out.computeIfAbsent(path, p -> new TreeSet<>()).add(node.getNodeType().name());
        }
        if (node.isObject()) {
            node.properties().forEach(f -> collect(f.getValue(), path + "/" + f.getKey(), out));
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, path + "[]", out));
        }
    }
}
