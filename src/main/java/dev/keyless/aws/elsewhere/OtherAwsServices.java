package dev.keyless.aws.elsewhere;

import dev.keyless.http.HttpCall;
import dev.keyless.http.HttpReply;
import dev.keyless.http.Screen;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Answers a request signed for an AWS service Keyless does not serve with that service's own error,
 * saying that Keyless serves identity only and naming the endpoint variable to point the service
 * elsewhere. Without it, {@code aws s3 ls} with {@code AWS_ENDPOINT_URL} at Keyless reached the STS
 * route ({@code GET /}) and printed an STS {@code MissingAction}.
 *
 * <p>Codes: S3's {@code NotImplemented} (501, Amazon S3 API Reference, "Error responses"), the
 * awsQuery common error {@code InvalidAction} (400, STS API Reference, "Common Errors") and the JSON
 * protocols' {@code UnknownOperationException} (400). None of them is retried by the SDKs' standard
 * retry mode, which retries 500, 502, 503 and 504 (AWS SDKs and Tools Reference Guide, retry behavior).
 */
public final class OtherAwsServices implements Screen {

    @Override
    public Optional<HttpReply> answer(HttpCall head) {
        return OtherAwsService.of(head).map(service -> reply(service, head.context().requestId()));
    }

    /** The sentence every shape carries. */
    static String message(OtherAwsService service) {
        String variable = service.endpointVariable();
        return "Keyless serves identity only (AWS STS and IAM), not '" + service.signingName()
                + "'. To use credentials from Keyless with this service, set " + variable
                + " to the service's own endpoint and point AWS_ENDPOINT_URL_STS (rather than AWS_ENDPOINT_URL) at Keyless.";
    }

    static HttpReply reply(OtherAwsService service, String requestId) {
        String message = message(service);
        return switch (service.protocol()) {
            case S3_XML -> xml(501, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NotImplemented</Code><Message>"
                    + escape(message) + "</Message><RequestId>" + escape(requestId) + "</RequestId></Error>",
                    Map.of("x-amz-request-id", requestId, "x-amz-id-2", requestId));
            case EC2_XML -> xml(400, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>InvalidAction</Code>"
                    + "<Message>" + escape(message) + "</Message></Error></Errors><RequestID>" + escape(requestId)
                    + "</RequestID></Response>", Map.of("x-amzn-RequestId", requestId));
            case QUERY_XML -> xml(400, "<ErrorResponse>\n  <Error>\n    <Type>Sender</Type>\n    <Code>InvalidAction</Code>\n"
                    + "    <Message>" + escape(message) + "</Message>\n  </Error>\n  <RequestId>" + escape(requestId)
                    + "</RequestId>\n</ErrorResponse>\n", Map.of("x-amzn-RequestId", requestId));
            case JSON -> new HttpReply(400, "application/x-amz-json-1.1",
                    Map.of("x-amzn-RequestId", requestId, "x-amzn-ErrorType", "UnknownOperationException"),
                    ("{\"__type\":\"UnknownOperationException\",\"message\":\"" + jsonEscape(message) + "\"}")
                            .getBytes(StandardCharsets.UTF_8));
        };
    }

    private static HttpReply xml(int status, String body, Map<String, String> headers) {
        return new HttpReply(status, "application/xml", headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** The message is built from fixed text and a checked signing name; only quotes and backslashes need escaping. */
    private static String jsonEscape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
