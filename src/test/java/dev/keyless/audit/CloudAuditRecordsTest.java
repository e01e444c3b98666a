package dev.keyless.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The pure mapping of audit events to CloudTrail records and Cloud Audit Logs entries. */
class CloudAuditRecordsTest {
    private static final Instant T = Instant.parse("2026-03-01T12:00:00.123456Z");

    @Test
    void cloudTrailWhenGetCallerIdentityThenAssumedRoleIdentityAndNoParameters() {
        AuditEvent e = AuditEvent.builder(T, "r-1", AuditKind.AWS_GET_CALLER_IDENTITY, AuditDecision.ALLOW)
                .role("arn:aws:sts::111122223333:assumed-role/gitlab-deployer/s1").sessionName("s1")
                .clientAddress("127.0.0.1").userAgent("aws-cli/2.27.0").build();

        ObjectNode r = CloudAuditRecords.cloudTrail(e).orElseThrow();

        assertThat(r.get("eventName").asText()).isEqualTo("GetCallerIdentity");
        assertThat(r.at("/userIdentity/type").asText()).isEqualTo("AssumedRole");
        assertThat(r.at("/userIdentity/arn").asText()).isEqualTo("arn:aws:sts::111122223333:assumed-role/gitlab-deployer/s1");
        assertThat(r.get("recipientAccountId").asText()).isEqualTo("111122223333");
        assertThat(r.get("requestParameters").isNull()).isTrue();
        assertThat(r.get("eventTime").asText()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(r.get("eventID").asText()).isEqualTo(CloudAuditRecords.cloudTrail(e).orElseThrow().get("eventID").asText());
    }

    @Test
    void recordsWhenOtherCloudsOrNonCallEventsThenNone() {
        for (AuditKind kind : AuditKind.values()) {
            AuditEvent e = AuditEvent.builder(T, "r", kind, AuditDecision.ALLOW).build();
            boolean aws = kind.name().startsWith("AWS_");
            boolean gcpCall = kind == AuditKind.GCP_TOKEN_EXCHANGE || kind == AuditKind.GCP_GENERATE_ACCESS_TOKEN
                    || kind == AuditKind.GCP_GENERATE_ID_TOKEN;
            assertThat(CloudAuditRecords.cloudTrail(e).isPresent()).as("cloudtrail of %s", kind).isEqualTo(aws);
            assertThat(CloudAuditRecords.gcpLogEntry(e).isPresent()).as("gcp of %s", kind).isEqualTo(gcpCall);
        }
    }

    @Test
    void gcpLogEntryWhenGenerateIdTokenDeniedThenIamCredentialsShapeWithPermissionDenied() {
        AuditEvent e = AuditEvent.builder(T, "r-2", AuditKind.GCP_GENERATE_ID_TOKEN, AuditDecision.DENY)
                .reason("PERMISSION_DENIED").message("Permission 'iam.serviceAccounts.getOpenIdToken' denied")
                .role("deployer@my-project.iam.gserviceaccount.com").subject("project_path:g/p:ref_type:branch:ref:main")
                .build();

        ObjectNode entry = CloudAuditRecords.gcpLogEntry(e).orElseThrow();

        assertThat(entry.at("/protoPayload/methodName").asText()).isEqualTo("GenerateIdToken");
        assertThat(entry.at("/protoPayload/request/@type").asText())
                .isEqualTo("type.googleapis.com/google.iam.credentials.v1.GenerateIdTokenRequest");
        assertThat(entry.at("/protoPayload/status/code").asInt()).isEqualTo(7);
        assertThat(entry.at("/resource/labels/project_id").asText()).isEqualTo("my-project");
        assertThat(entry.get("logName").asText()).isEqualTo("projects/my-project/logs/cloudaudit.googleapis.com%2Fdata_access");
        assertThat(entry.get("timestamp").asText()).isEqualTo("2026-03-01T12:00:00.123456Z");
        assertThat(entry.get("severity").asText()).isEqualTo("ERROR");
    }

    @Test
    void rpcCodeWhenWireReasonsThenGoogleRpcCodes() {
        assertThat(CloudAuditRecords.rpcCode("unauthorized_client")).isEqualTo(3);
        assertThat(CloudAuditRecords.rpcCode("invalid_grant")).isEqualTo(3);
        assertThat(CloudAuditRecords.rpcCode("PERMISSION_DENIED")).isEqualTo(7);
        assertThat(CloudAuditRecords.rpcCode("UNAUTHENTICATED")).isEqualTo(16);
        assertThat(CloudAuditRecords.rpcCode("NOT_FOUND")).isEqualTo(5);
        assertThat(CloudAuditRecords.rpcCode(null)).isEqualTo(2);
    }
}
