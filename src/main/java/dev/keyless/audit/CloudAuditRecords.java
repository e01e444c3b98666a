package dev.keyless.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Audit events in the clouds' own log formats, so a SIEM pipeline built for AWS CloudTrail or
 * Google Cloud Audit Logs ingests Keyless's decisions unchanged. Pure: an event in, a JSON record
 * out (empty for an event the format has no record for: a CloudTrail record for an AWS call, a
 * LogEntry for a GCP STS or IAM Credentials call). Only fields the event holds are written; a
 * field Keyless does not know (an AWS role id, an access key id) is left out rather than invented.
 *
 * <p>CloudTrail: the record of an {@code AssumeRoleWithWebIdentity} as shown in the IAM User Guide,
 * "Logging IAM and AWS STS API calls with AWS CloudTrail", example OIDC AWS STS API event
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html), and the record
 * fields of the CloudTrail User Guide, "CloudTrail record contents"
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html):
 * {@code errorCode} and {@code errorMessage} on a failure, {@code responseElements} null then.
 *
 * <p>Cloud Audit Logs: a {@code LogEntry} whose {@code protoPayload} is a
 * {@code google.cloud.audit.AuditLog}, as in "Example logs for Workload Identity Federation"
 * (https://cloud.google.com/iam/docs/audit-logging/examples-workload-identity) for ExchangeToken and
 * GenerateAccessToken, with {@code status} (a google.rpc.Status) and {@code requestMetadata} for a
 * refusal as in "Example logs for Workforce Identity Federation"
 * (https://cloud.google.com/iam/docs/audit-logging/examples-workforce-identity), and the field
 * reference of "AuditLog" (https://cloud.google.com/logging/docs/reference/audit/auditlog/rest/Shared.Types/AuditLog).
 */
public final class CloudAuditRecords {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** {@code arn:aws:iam::ACCOUNT:role/PATH/NAME}. */
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):role/(?:.*/)?([^/]+)");
    /** {@code arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION}. */
    private static final Pattern ASSUMED_ROLE_ARN = Pattern.compile("arn:aws:sts::(\\d{12}):assumed-role/.+");
    private static final Pattern SA_EMAIL = Pattern.compile("[^@]+@([a-z][a-z0-9-]+)\\.iam\\.gserviceaccount\\.com");
    private static final String GCP_AUDIENCE_PREFIX = "//iam.googleapis.com/";
    /**
     * Keyless serves STS for every region alike; CloudTrail records calls to the global endpoint
     * (sts.amazonaws.com) in us-east-1 (IAM User Guide, "Managing AWS STS in an AWS Region").
     */
    static final String AWS_REGION = "us-east-1";

    private CloudAuditRecords() {}

    /** The CloudTrail record of an AWS call; empty for other kinds of event. */
    public static Optional<ObjectNode> cloudTrail(AuditEvent e) {
        String eventName = switch (e.kind()) {
            case AWS_ASSUME_ROLE_WITH_WEB_IDENTITY -> "AssumeRoleWithWebIdentity";
            case AWS_GET_CALLER_IDENTITY -> "GetCallerIdentity";
            default -> null;
        };
        if (eventName == null) {
            return Optional.empty();
        }
        boolean web = e.kind() == AuditKind.AWS_ASSUME_ROLE_WITH_WEB_IDENTITY;
        Optional<String> account = account(e.role());
        Optional<String> provider = web ? account.flatMap(a -> providerArn(a, e.issuer())) : Optional.empty();
        ObjectNode r = JSON.objectNode();
        r.put("eventVersion", "1.08");
        ObjectNode identity = r.putObject("userIdentity");
        if (web) {
            identity.put("type", "WebIdentityUser");
            if (provider.isPresent() && e.audience() != null && e.subject() != null) {
                identity.put("principalId", provider.get() + ":" + e.audience() + ":" + e.subject());
            }
            putIfSet(identity, "userName", e.subject());
            provider.ifPresent(p -> identity.put("identityProvider", p));
        } else {
            identity.put("type", "AssumedRole");
            putIfSet(identity, "arn", e.role());
            account.ifPresent(a -> identity.put("accountId", a));
        }
        r.put("eventTime", DateTimeFormatter.ISO_INSTANT.format(e.time().truncatedTo(ChronoUnit.SECONDS)));
        r.put("eventSource", "sts.amazonaws.com");
        r.put("eventName", eventName);
        r.put("awsRegion", AWS_REGION);
        putIfSet(r, "sourceIPAddress", e.clientAddress());
        putIfSet(r, "userAgent", e.userAgent());
        boolean failed = e.decision() != AuditDecision.ALLOW;
        if (failed) {
            putIfSet(r, "errorCode", e.reason());
            putIfSet(r, "errorMessage", e.message());
        }
        if (web) {
            ObjectNode request = r.putObject("requestParameters");
            putIfSet(request, "roleArn", e.role());
            putIfSet(request, "roleSessionName", e.sessionName());
        } else {
            r.putNull("requestParameters");
        }
        if (failed || !web) {
            r.putNull("responseElements");
        } else {
            ObjectNode response = r.putObject("responseElements");
            putIfSet(response, "subjectFromWebIdentityToken", e.subject());
            assumedRoleArn(e.role(), e.sessionName())
                    .ifPresent(arn -> response.putObject("assumedRoleUser").put("arn", arn));
            provider.ifPresent(p -> response.put("provider", p));
            putIfSet(response, "audience", e.audience());
        }
        r.put("requestID", e.requestId());
        r.put("eventID", eventId(e));
        r.put("readOnly", true);
        if (web && e.role() != null && account.isPresent()) {
            r.putArray("resources").addObject().put("accountId", account.get()).put("type", "AWS::IAM::Role")
                    .put("ARN", e.role());
        }
        r.put("eventType", "AwsApiCall");
        r.put("managementEvent", true);
        account.ifPresent(a -> r.put("recipientAccountId", a));
        r.put("eventCategory", "Management");
        return Optional.of(r);
    }

    /** The Cloud Audit Logs LogEntry of a GCP STS or IAM Credentials call; empty for other kinds. */
    public static Optional<ObjectNode> gcpLogEntry(AuditEvent e) {
        boolean exchange = e.kind() == AuditKind.GCP_TOKEN_EXCHANGE;
        String method = switch (e.kind()) {
            case GCP_TOKEN_EXCHANGE -> "google.identity.sts.v1.SecurityTokenService.ExchangeToken";
            case GCP_GENERATE_ACCESS_TOKEN -> "GenerateAccessToken";
            case GCP_GENERATE_ID_TOKEN -> "GenerateIdToken";
            default -> null;
        };
        if (method == null) {
            return Optional.empty();
        }
        String service = exchange ? "sts.googleapis.com" : "iamcredentials.googleapis.com";
        Optional<String> providerName = exchange ? providerResourceName(e.audience()) : Optional.empty();
        Optional<String> saProject = exchange ? Optional.empty() : serviceAccountProject(e.role());
        String project = exchange ? providerName.map(n -> n.split("/")[1]).orElse("-") : saProject.orElse("-");
        ObjectNode entry = JSON.objectNode();
        entry.put("logName", "projects/" + project + "/logs/cloudaudit.googleapis.com%2Fdata_access");
        ObjectNode payload = entry.putObject("protoPayload");
        payload.put("@type", "type.googleapis.com/google.cloud.audit.AuditLog");
        if (e.decision() != AuditDecision.ALLOW) {
            ObjectNode status = payload.putObject("status").put("code", rpcCode(e.reason()));
            putIfSet(status, "message", e.message());
        }
        ObjectNode authentication = payload.putObject("authenticationInfo");
        // ExchangeToken: the subject of the IdP token; IAM Credentials: the federated principal.
        String principalSubject = exchange ? e.subject() : principalOf(e);
        putIfSet(authentication, "principalSubject", principalSubject);
        ObjectNode metadata = payload.putObject("requestMetadata");
        putIfSet(metadata, "callerIp", e.clientAddress());
        putIfSet(metadata, "callerSuppliedUserAgent", e.userAgent());
        metadata.putObject("requestAttributes").put("time", DateTimeFormatter.ISO_INSTANT.format(e.time()));
        metadata.putObject("destinationAttributes");
        payload.put("serviceName", service);
        payload.put("methodName", method);
        ObjectNode request = JSON.objectNode();
        if (exchange) {
            providerName.ifPresent(n -> payload.put("resourceName", n));
            request.put("@type", "type.googleapis.com/google.identity.sts.v1.ExchangeTokenRequest");
            putIfSet(request, "audience", e.audience());
            request.put("grantType", "urn:ietf:params:oauth:grant-type:token-exchange");
        } else if (e.role() != null) {
            String name = "projects/-/serviceAccounts/" + e.role();
            payload.put("resourceName", name);
            request.put("@type", "type.googleapis.com/google.iam.credentials.v1."
                    + (e.kind() == AuditKind.GCP_GENERATE_ID_TOKEN ? "GenerateIdTokenRequest" : "GenerateAccessTokenRequest"));
            request.put("name", name);
        }
        payload.set("request", request);
        if (exchange && e.decision() == AuditDecision.ALLOW && e.role() != null && e.role().startsWith("principal://")) {
            payload.putObject("metadata").put("mapped_principal", e.role());
        }
        entry.put("insertId", e.requestId());
        ObjectNode resource = entry.putObject("resource");
        if (exchange) {
            resource.put("type", "audited_resource");
            resource.putObject("labels").put("service", service).put("method", method);
        } else {
            resource.put("type", "service_account");
            ObjectNode labels = resource.putObject("labels");
            putIfSet(labels, "email_id", e.role());
            saProject.ifPresent(p -> labels.put("project_id", p));
        }
        entry.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(e.time()));
        entry.put("severity", e.decision() == AuditDecision.ALLOW ? "INFO" : "ERROR");
        return Optional.of(entry);
    }

    /** The federated principal that called IAM Credentials: the issuer of a service-account call is the job's, its subject the principal's subject. */
    private static String principalOf(AuditEvent e) {
        if (e.explanation() != null) {
            Matcher m = Pattern.compile("\"(principal://[^\"]+)\"").matcher(e.explanation());
            if (m.find()) {
                return m.group(1);
            }
        }
        return e.subject();
    }

    /**
     * google.rpc.Code of a refusal (googleapis, google/rpc/code.proto): the STS's OAuth errors are
     * bad arguments (3), as Google logs a rejected attribute condition; IAM Credentials' statuses by name.
     */
    static int rpcCode(String reason) {
        if (reason == null) {
            return 2; // UNKNOWN
        }
        return switch (reason) {
            case "PERMISSION_DENIED" -> 7;
            case "UNAUTHENTICATED" -> 16;
            case "NOT_FOUND" -> 5;
            case "INTERNAL", "server_error" -> 13;
            case "UNAVAILABLE", "temporarily_unavailable" -> 14;
            default -> 3; // INVALID_ARGUMENT: invalid_grant, invalid_request, unauthorized_client, invalid_target, …
        };
    }

    private static Optional<String> account(String roleArn) {
        if (roleArn == null) {
            return Optional.empty();
        }
        Matcher role = ROLE_ARN.matcher(roleArn);
        if (role.matches()) {
            return Optional.of(role.group(1));
        }
        Matcher assumed = ASSUMED_ROLE_ARN.matcher(roleArn);
        return assumed.matches() ? Optional.of(assumed.group(1)) : Optional.empty();
    }

    /** IAM names an OIDC provider by its URL without the scheme (IAM User Guide, "Create an OpenID Connect (OIDC) identity provider in IAM"). */
    private static Optional<String> providerArn(String account, String issuer) {
        if (issuer == null) {
            return Optional.empty();
        }
        String host = issuer.replaceFirst("^https?://", "");
        return host.isEmpty() ? Optional.empty() : Optional.of("arn:aws:iam::" + account + ":oidc-provider/" + host);
    }

    private static Optional<String> assumedRoleArn(String roleArn, String session) {
        if (roleArn == null || session == null) {
            return Optional.empty();
        }
        Matcher m = ROLE_ARN.matcher(roleArn);
        return m.matches() ? Optional.of("arn:aws:sts::" + m.group(1) + ":assumed-role/" + m.group(2) + "/" + session)
                : Optional.empty();
    }

    /** {@code projects/N/locations/global/workloadIdentityPools/P/providers/X} from the audience. */
    private static Optional<String> providerResourceName(String audience) {
        if (audience == null) {
            return Optional.empty();
        }
        String name = audience.startsWith(GCP_AUDIENCE_PREFIX) ? audience.substring(GCP_AUDIENCE_PREFIX.length())
                : audience.replaceFirst("^https://iam\\.googleapis\\.com/", "");
        return name.matches("projects/[^/]+/locations/global/workloadIdentityPools/[^/]+/providers/[^/]+")
                ? Optional.of(name) : Optional.empty();
    }

    private static Optional<String> serviceAccountProject(String email) {
        if (email == null) {
            return Optional.empty();
        }
        Matcher m = SA_EMAIL.matcher(email);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** A stable event id: the same event renders with the same id every time it is exported. */
    private static String eventId(AuditEvent e) {
        return UUID.nameUUIDFromBytes((e.requestId() + "|" + e.kind() + "|" + e.time()).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static void putIfSet(ObjectNode node, String name, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(name, value);
        }
    }
}
