package dev.keyless.gcp.http;

import dev.keyless.gcp.sts.GoogleError;
import dev.keyless.gcp.sts.GoogleRpcError;
import dev.keyless.gcp.sts.StsError;
import dev.keyless.http.ErrorRenderer;
import dev.keyless.http.HttpReply;
import dev.keyless.http.RequestContext;
import java.util.Map;
import java.util.Optional;

/**
 * The server's own errors (404, 405, 413, 500) on the GCP paths, in the shape Google's clients
 * parse there: OAuth error JSON ({@code error}, {@code error_description}; RFC 6749 §5.2) on the
 * STS paths, google.rpc.Status JSON ({@code {"error": {code, message, status}}}; Google Cloud APIs,
 * "Errors") on the IAM Credentials and IAM paths. The HTTP status is the failure's own.
 */
public final class GcpErrorRenderer implements ErrorRenderer {
    /** {@code /v1/token}, {@code /v1/introspect}, {@code /tokeninfo}. */
    public static final GcpErrorRenderer OAUTH = new GcpErrorRenderer(true);
    /** Every other {@code /v1/} path. */
    public static final GcpErrorRenderer RPC = new GcpErrorRenderer(false);

    private final boolean oauth;

    private GcpErrorRenderer(boolean oauth) {
        this.oauth = oauth;
    }

    @Override
    public HttpReply render(Kind kind, String message, RequestContext context) {
        String sentence = message.endsWith(".") ? message : message + "."; // Google's messages are sentences
        GoogleError error = oauth ? switch (kind) {
            case NOT_FOUND -> StsError.NOT_FOUND.with(sentence);
            case METHOD_NOT_ALLOWED -> StsError.METHOD_NOT_ALLOWED.with(sentence);
            case PAYLOAD_TOO_LARGE -> StsError.BODY_TOO_LARGE.with(sentence);
            case INTERNAL -> StsError.INTERNAL.with(sentence);
        } : new GoogleRpcError(kind.status(), switch (kind) {
            case NOT_FOUND -> "NOT_FOUND";
            case METHOD_NOT_ALLOWED -> "UNIMPLEMENTED";
            case PAYLOAD_TOO_LARGE -> "INVALID_ARGUMENT";
            case INTERNAL -> "INTERNAL";
        }, sentence, Optional.empty());
        return new HttpReply(kind.status(), "application/json; charset=UTF-8", Map.of("Cache-Control", "no-store"),
                error.toJson());
    }
}
