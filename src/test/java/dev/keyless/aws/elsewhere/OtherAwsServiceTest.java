package dev.keyless.aws.elsewhere;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.aws.elsewhere.OtherAwsService.Protocol;
import dev.keyless.http.HttpCall;
import dev.keyless.http.HttpReply;
import dev.keyless.http.RequestContext;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class OtherAwsServiceTest {

    private static HttpCall call(String method, String query, Map<String, String> headers) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.put(k, List.of(v)));
        return new HttpCall(method, "/", query, h, null, Map.of(), new RequestContext("req-1", "127.0.0.1", "", false));
    }

    private static String auth(String service) {
        return "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20260101/us-east-1/" + service
                + "/aws4_request, SignedHeaders=host;x-amz-date, Signature=00";
    }

    @Test
    void stsAndIamGoOnToRouting() {
        assertThat(OtherAwsService.of(call("POST", "", Map.of("Authorization", auth("sts"))))).isEmpty();
        assertThat(OtherAwsService.of(call("POST", "", Map.of("Authorization", auth("iam"))))).isEmpty();
        assertThat(OtherAwsService.of(call("POST", "Action=AssumeRoleWithWebIdentity", Map.of()))).isEmpty();
        assertThat(OtherAwsService.of(call("GET", "X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fsts%2Faws4_request", Map.of())))
                .isEmpty();
    }

    @Test
    void theScopeNamesTheServiceAndTheRequestItsProtocol() {
        assertThat(OtherAwsService.of(call("GET", "", Map.of("Authorization", auth("s3")))))
                .contains(new OtherAwsService("s3", Protocol.S3_XML));
        assertThat(OtherAwsService.of(call("GET", "X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fs3%2Faws4_request", Map.of())))
                .contains(new OtherAwsService("s3", Protocol.S3_XML));
        // SigV4a: no region in the scope
        assertThat(OtherAwsService.of(call("GET", "", Map.of("Authorization",
                "AWS4-ECDSA-P256-SHA256 Credential=AKID/20260101/s3/aws4_request, SignedHeaders=host, Signature=00"))))
                .contains(new OtherAwsService("s3", Protocol.S3_XML));
        assertThat(OtherAwsService.of(call("POST", "", Map.of("Authorization", auth("ec2"),
                "Content-Type", "application/x-www-form-urlencoded")))).contains(new OtherAwsService("ec2", Protocol.EC2_XML));
        assertThat(OtherAwsService.of(call("POST", "", Map.of("Authorization", auth("sns"),
                "Content-Type", "application/x-www-form-urlencoded; charset=utf-8"))))
                .contains(new OtherAwsService("sns", Protocol.QUERY_XML));
        assertThat(OtherAwsService.of(call("POST", "", Map.of("Authorization", auth("dynamodb"),
                "X-Amz-Target", "DynamoDB_20120810.ListTables", "Content-Type", "application/x-amz-json-1.0"))))
                .contains(new OtherAwsService("dynamodb", Protocol.JSON));
        assertThat(OtherAwsService.of(call("GET", "", Map.of("Authorization", auth("lambda")))))
                .contains(new OtherAwsService("lambda", Protocol.JSON));
        assertThat(OtherAwsService.of(call("GET", "", Map.of("Authorization", auth("route53")))))
                .contains(new OtherAwsService("route53", Protocol.QUERY_XML));
    }

    @Test
    void endpointVariablesFollowTheSdkServiceId() {
        assertThat(new OtherAwsService("s3", Protocol.S3_XML).endpointVariable()).isEqualTo("AWS_ENDPOINT_URL_S3");
        assertThat(new OtherAwsService("monitoring", Protocol.QUERY_XML).endpointVariable()).isEqualTo("AWS_ENDPOINT_URL_CLOUDWATCH");
        assertThat(new OtherAwsService("logs", Protocol.JSON).endpointVariable()).isEqualTo("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS");
        assertThat(new OtherAwsService("cognito-identity", Protocol.JSON).endpointVariable())
                .isEqualTo("AWS_ENDPOINT_URL_COGNITO_IDENTITY");
    }

    @Test
    void unsignedOrMalformedScopesAreNotAnswered() {
        assertThat(OtherAwsService.of(call("GET", "", Map.of()))).isEmpty();
        assertThat(OtherAwsService.of(call("GET", "", Map.of("Authorization", "Bearer abc")))).isEmpty();
        assertThat(OtherAwsService.of(call("GET", "", Map.of("Authorization",
                "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/other, Signature=00")))).isEmpty();
        // A service name that is not a plain signing name is never echoed into a reply.
        assertThat(OtherAwsService.of(call("GET", "", Map.of("Authorization", auth("s3<script>"))))).isEmpty();
    }

    @Test
    void s3GetsS3sErrorDocument() {
        HttpReply reply = new OtherAwsServices().answer(call("GET", "", Map.of("Authorization", auth("s3")))).orElseThrow();
        assertThat(reply.status()).isEqualTo(501);
        assertThat(reply.headers()).containsEntry("x-amz-request-id", "req-1");
        assertThat(new String(reply.body(), StandardCharsets.UTF_8)).startsWith("<?xml")
                .contains("<Error><Code>NotImplemented</Code><Message>Keyless serves identity only")
                .contains("AWS_ENDPOINT_URL_S3").contains("<RequestId>req-1</RequestId>");
    }

    /** Whatever arrives in the Authorization header, the screen answers or passes without throwing, and echoes no markup. */
    @Property(tries = 300)
    void anyAuthorizationIsHandled(@ForAll String authorization) {
        Optional<HttpReply> reply = new OtherAwsServices().answer(call("GET", "", Map.of("Authorization", "AWS4-" + authorization)));
        reply.ifPresent(r -> assertThat(new String(r.body(), StandardCharsets.UTF_8).chars().filter(c -> c == '<').count())
                .isLessThanOrEqualTo(20));
    }
}
