package dev.keyless.issuer;

/** Error codes of the CI API's JSON errors {@code {"error","message","field"}}. */
enum CiError {
    UNAUTHORIZED(401, "unauthorized"),
    FORBIDDEN(403, "forbidden"),
    INVALID_REQUEST(400, "invalid_request"),
    REQUEST_TOO_LARGE(413, "request_too_large");

    final int status;
    final String code;

    CiError(int status, String code) {
        this.status = status;
        this.code = code;
    }
}
