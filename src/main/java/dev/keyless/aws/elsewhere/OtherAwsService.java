package dev.keyless.aws.elsewhere;

import dev.keyless.http.HttpCall;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which AWS service a SigV4-signed request is for, and the wire protocol its error must use. Pure.
 *
 * <p>The service is the fourth component of the credential scope,
 * {@code AKID/DATE/REGION/SERVICE/aws4_request} (SigV4a drops the region:
 * {@code AKID/DATE/SERVICE/aws4_request}), from the {@code Authorization} header or the presigned
 * {@code X-Amz-Credential} query parameter (IAM User Guide, Signature Version 4).
 *
 * @param signingName the scope's service, e.g. {@code s3}
 * @param protocol    the error shape its clients parse
 */
public record OtherAwsService(String signingName, Protocol protocol) {

    /** The services Keyless answers itself; requests for them go on to routing. */
    static final Set<String> SERVED = Set.of("sts", "iam");

    /** The error shapes of the AWS protocols (botocore's parsers, one per protocol). */
    public enum Protocol {
        /** Amazon S3: {@code <Error><Code>…</Code><Message>…</Message><RequestId>…</RequestId></Error>}. */
        S3_XML,
        /** Amazon EC2: {@code <Response><Errors><Error>…</Error></Errors><RequestID>…</RequestID></Response>}. */
        EC2_XML,
        /** awsQuery and restXml other than S3: {@code <ErrorResponse><Error><Type/><Code/><Message/></Error>…}. */
        QUERY_XML,
        /** awsJson 1.0/1.1 ({@code X-Amz-Target}) and restJson: {@code {"__type", "message"}}, {@code x-amzn-ErrorType}. */
        JSON
    }

    /** restXml services other than S3, whose errors are the awsQuery {@code ErrorResponse}. */
    private static final Set<String> REST_XML = Set.of("route53", "cloudfront");

    /**
     * The endpoint variable of a service is {@code AWS_ENDPOINT_URL_} + its SDK service id in upper case,
     * spaces as underscores (AWS SDKs and Tools Reference Guide, service-specific endpoints). The id is
     * the signing name for most services; these are the common ones where it is not.
     */
    private static final Map<String, String> SERVICE_IDS = Map.ofEntries(
            Map.entry("apigateway", "API_GATEWAY"),
            Map.entry("application-autoscaling", "APPLICATION_AUTO_SCALING"),
            Map.entry("autoscaling", "AUTO_SCALING"),
            Map.entry("cognito-idp", "COGNITO_IDENTITY_PROVIDER"),
            Map.entry("elasticbeanstalk", "ELASTIC_BEANSTALK"),
            Map.entry("elasticloadbalancing", "ELASTIC_LOAD_BALANCING_V2"),
            Map.entry("email", "SES"),
            Map.entry("es", "OPENSEARCH"),
            Map.entry("events", "EVENTBRIDGE"),
            Map.entry("logs", "CLOUDWATCH_LOGS"),
            Map.entry("monitoring", "CLOUDWATCH"),
            Map.entry("route53", "ROUTE_53"),
            Map.entry("secretsmanager", "SECRETS_MANAGER"),
            Map.entry("states", "SFN"));

    /** The service a signed request is for, when it is one Keyless does not serve; else empty. */
    public static Optional<OtherAwsService> of(HttpCall head) {
        return signingName(head).filter(s -> !SERVED.contains(s)).map(s -> new OtherAwsService(s, protocol(s, head)));
    }

    /** {@code AWS_ENDPOINT_URL_S3} for {@code s3}. */
    public String endpointVariable() {
        String id = SERVICE_IDS.getOrDefault(signingName, signingName.toUpperCase(Locale.ROOT).replace('-', '_'));
        return "AWS_ENDPOINT_URL_" + id.replaceAll("[^A-Z0-9_]", "_");
    }

    static Optional<String> signingName(HttpCall head) {
        Optional<String> credential = head.header("Authorization")
                .filter(a -> a.startsWith("AWS4-"))
                .flatMap(OtherAwsService::credentialOfHeader)
                .or(() -> head.queryParam("X-Amz-Credential"));
        return credential.flatMap(OtherAwsService::serviceOfScope);
    }

    private static Optional<String> credentialOfHeader(String authorization) {
        int at = authorization.indexOf("Credential=");
        if (at < 0) {
            return Optional.empty();
        }
        int start = at + "Credential=".length();
        int end = authorization.indexOf(',', start);
        return Optional.of(authorization.substring(start, end < 0 ? authorization.length() : end).trim());
    }

    /** {@code AKID/DATE/REGION/SERVICE/aws4_request} or, SigV4a, {@code AKID/DATE/SERVICE/aws4_request}. */
    static Optional<String> serviceOfScope(String credential) {
        String[] parts = credential.split("/", -1);
        if (parts.length < 4 || !parts[parts.length - 1].equals("aws4_request")) {
            return Optional.empty();
        }
        String service = parts[parts.length - 2];
        // A signing name is short and plain (botocore's signingName values); anything else is not
        // echoed back into an error message.
        return service.matches("[a-z0-9][a-z0-9-]{0,62}") ? Optional.of(service) : Optional.empty();
    }

    private static Protocol protocol(String service, HttpCall head) {
        if (service.startsWith("s3")) {
            return Protocol.S3_XML;
        }
        if (service.equals("ec2")) {
            return Protocol.EC2_XML;
        }
        String contentType = head.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (head.header("X-Amz-Target").isPresent() || contentType.startsWith("application/x-amz-json")) {
            return Protocol.JSON;
        }
        if (contentType.startsWith("application/x-www-form-urlencoded") || head.queryParam("Action").isPresent()
                || REST_XML.contains(service)) {
            return Protocol.QUERY_XML;
        }
        return Protocol.JSON;
    }
}
