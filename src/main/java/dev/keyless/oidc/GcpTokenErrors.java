package dev.keyless.oidc;

/**
 * Google STS wording for token rejections (Google STS API, token errors). All are HTTP 400; a 4xx
 * keeps the Node client from retrying. Messages for format problems are ours: none were observed.
 */
public final class GcpTokenErrors {

    /** {@code {"error": ..., "error_description": ...}}. */
    public record GcpError(String error, String description) {
    }

    public static final String SIGNATURE_MESSAGE = "Unable to verify the ID Token signature.";
    public static final String ISSUER_UNREACHABLE_MESSAGE = "Error connecting to the given credential's issuer.";

    private GcpTokenErrors() {
    }

    /** Same as {@link #of(Verification.Rejected, String)} when the configured issuer is not at hand. */
    public static GcpError of(Verification.Rejected rejected) {
        return of(rejected, "");
    }

    /** {@code configuredIssuer} is the provider's {@code issuerUri}, quoted by the iss-mismatch message. */
    public static GcpError of(Verification.Rejected rejected, String configuredIssuer) {
        TokenFacts f = rejected.facts();
        return switch (rejected.reason()) {
            // One message for every time problem, missing iat printed as null (observed).
            case EXPIRED, TOO_OLD, NOT_YET_VALID, ISSUED_IN_FUTURE, MISSING_EXP, MISSING_IAT, INVALID_TIME_CLAIM ->
                    grant("ID Token issued at " + f.iat() + " is stale to sign-in.");
            case UNKNOWN_KID, KEYS_UNAVAILABLE -> grant(ISSUER_UNREACHABLE_MESSAGE);
            case UNKNOWN_ISSUER -> grant("The issuer in ID Token " + f.issuer()
                    + " does not match the expected one in config: " + configuredIssuer + ".");
            case BAD_SIGNATURE, ALG_NOT_ALLOWED, MISSING_KID, TYP_NOT_ALLOWED, UNKNOWN_CRITICAL_HEADER ->
                    grant(SIGNATURE_MESSAGE);
            case NOT_COMPACT_JWS, TOO_LARGE, MALFORMED_HEADER, MALFORMED_PAYLOAD -> grant("Unable to parse the ID Token.");
        };
    }

    private static GcpError grant(String description) {
        return new GcpError("invalid_grant", description);
    }
}
