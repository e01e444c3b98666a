package dev.keyless.aws.sts.http;

import dev.keyless.aws.sts.StsError;
import dev.keyless.aws.sts.StsFailure;
import dev.keyless.aws.sts.StsXmlRenderer;
import dev.keyless.http.ErrorRenderer;
import dev.keyless.http.HttpReply;
import dev.keyless.http.RequestContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Every error of the AWS endpoint family, whoever produced it (an action's refusal, a failed audit
 * write, or the server's own 404/405/413/500): an awsQuery {@code ErrorResponse} (Type, Code,
 * Message, RequestId) as {@code text/xml} with {@code x-amzn-RequestId}, the only error format AWS
 * SDKs parse for STS (AWS STS API reference, "Common Errors").
 */
public final class AwsErrorRenderer implements ErrorRenderer {
    private final StsXmlRenderer xml = new StsXmlRenderer();

    public HttpReply render(StsFailure failure, String requestId) {
        return reply(failure.error().httpStatus(), xml.error(failure, requestId), requestId);
    }

    /** A rendered body (success or error) with the family's content type and request id header. */
    HttpReply reply(int status, String body, String requestId) {
        return new HttpReply(status, StsXmlRenderer.CONTENT_TYPE, Map.of(StsXmlRenderer.REQUEST_ID_HEADER, requestId),
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public HttpReply render(Kind kind, String message, RequestContext context) {
        StsFailure failure = switch (kind) {
            case NOT_FOUND -> new StsFailure(StsError.NOT_FOUND, message);
            case METHOD_NOT_ALLOWED -> new StsFailure(StsError.METHOD_NOT_ALLOWED, message);
            case PAYLOAD_TOO_LARGE -> new StsFailure(StsError.REQUEST_ENTITY_TOO_LARGE, message);
            case INTERNAL -> new StsFailure(StsError.INTERNAL_FAILURE, message);
        };
        return render(failure, context.requestId());
    }
}
