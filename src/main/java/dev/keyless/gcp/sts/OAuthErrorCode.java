package dev.keyless.gcp.sts;

/** The OAuth 2.0 error codes GCP STS returns (RFC 6749 §5.2, RFC 8693 §2.2.2; Google STS API, token). */
public enum OAuthErrorCode {
    INVALID_REQUEST("invalid_request"),
    INVALID_GRANT("invalid_grant"),
    UNAUTHORIZED_CLIENT("unauthorized_client"),
    UNSUPPORTED_GRANT_TYPE("unsupported_grant_type"),
    INVALID_TARGET("invalid_target");

    private final String wire;

    OAuthErrorCode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
