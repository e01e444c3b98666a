package dev.keyless.http;

/**
 * How an endpoint family answers the errors the server itself produces, before or around any
 * handler: its clients parse only their own cloud's error format (awsQuery XML, Google JSON). A
 * family registers one in {@link Routes} for its paths; other paths get {@link #JSON}.
 */
@FunctionalInterface
public interface ErrorRenderer {

    /** The errors the server produces on its own. */
    enum Kind {
        NOT_FOUND(404), METHOD_NOT_ALLOWED(405), PAYLOAD_TOO_LARGE(413), INTERNAL(500);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** @param message a sentence for the caller; never a token or a secret */
    HttpReply render(Kind kind, String message, RequestContext context);

    /** Keyless's own JSON: {@code {"error": "not_found", "message": "…"}}. */
    ErrorRenderer JSON = (kind, message, context) -> HttpReply.json(kind.status(), "{\"error\":\""
            + switch (kind) {
                case NOT_FOUND -> "not_found";
                case METHOD_NOT_ALLOWED -> "method_not_allowed";
                case PAYLOAD_TOO_LARGE -> "payload_too_large";
                case INTERNAL -> "internal_error";
            } + "\",\"message\":\"" + KeylessHttpServer.jsonEscape(message) + "\"}");
}
