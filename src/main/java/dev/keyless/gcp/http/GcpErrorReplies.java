package dev.keyless.gcp.http;

import dev.keyless.gcp.sts.GoogleError;
import dev.keyless.gcp.sts.GoogleRpcError;
import dev.keyless.gcp.sts.StsError;
import dev.keyless.http.ErrorReplies;
import dev.keyless.http.HttpReply;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP layer's own errors on the GCP paths, in the shape Google's clients parse there: OAuth
 * error JSON ({@code error}, {@code error_description}) on the STS paths {@code /v1/token},
 * {@code /v1/introspect} and {@code /tokeninfo}; google.rpc.Status JSON on every other
 * {@code /v1/} path (IAM Credentials, and the IAM API). The HTTP status is the failure's own.
 */
public final class GcpErrorReplies implements ErrorReplies {

    @Override
    public Optional<HttpReply> reply(Failure failure, String method, String path, String requestId) {
        GoogleError error;
        if (path.startsWith("/v1/token") || path.startsWith("/v1/introspect") || path.startsWith("/tokeninfo")) {
            error = switch (failure) {
                case NOT_FOUND -> StsError.NOT_FOUND.with(path);
                case METHOD_NOT_ALLOWED -> StsError.METHOD_NOT_ALLOWED.with(method);
                case PAYLOAD_TOO_LARGE -> StsError.BODY_TOO_LARGE.with();
                case INTERNAL -> StsError.INTERNAL.with(requestId);
            };
        } else if (path.startsWith("/v1/")) {
            error = switch (failure) {
                case NOT_FOUND -> GoogleRpcError.methodNotFound();
                case METHOD_NOT_ALLOWED -> GoogleRpcError.methodNotAllowed(method);
                case PAYLOAD_TOO_LARGE -> GoogleRpcError.bodyTooLarge();
                case INTERNAL -> GoogleRpcError.internal(requestId);
            };
        } else {
            return Optional.empty();
        }
        int status = switch (failure) {
            case NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case PAYLOAD_TOO_LARGE -> 413;
            case INTERNAL -> 500;
        };
        return Optional.of(new HttpReply(status, "application/json; charset=UTF-8", Map.of("Cache-Control", "no-store"),
                error.toJson()));
    }
}
