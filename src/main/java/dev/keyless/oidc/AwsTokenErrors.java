package dev.keyless.oidc;

/**
 * AWS STS wording for token rejections (STS API Reference, AssumeRoleWithWebIdentity errors; IAM User Guide, OIDC identity providers). Messages marked
 * "observed" are verbatim from real AWS; the others are ours, because AWS's are not
 * documented, and keep AWS's code and status.
 */
public final class AwsTokenErrors {

    /** An AWS query-protocol error: {@code Error/Code}, HTTP status and {@code Error/Message}. */
    public record AwsError(String code, int httpStatus, String message) {
    }

    /** Observed, two spaces after the comma (aws-sdk-rust#827). */
    public static final String KEY_RETRIEVAL_MESSAGE = "Couldn't retrieve verification key from your identity provider,"
            + "  please reference AssumeRoleWithWebIdentity documentation for requirements";

    private AwsTokenErrors() {
    }

    public static AwsError of(Verification.Rejected rejected) {
        TokenFacts f = rejected.facts();
        return switch (rejected.reason()) {
            // Observed (aws-sdk-java-v2#5709, mozilla-aws-cli#146).
            case EXPIRED -> new AwsError("ExpiredTokenException", 400,
                    "Token expired: current date/time " + f.now() + " must be before the expiration date/time " + f.exp());
            case TOO_OLD -> new AwsError("ExpiredTokenException", 400,
                    "Token too old: " + (f.iat() == null ? "" : String.valueOf(f.now() - f.iat())));
            // An unreachable IdP is IDPCommunicationError, retryable [botocore]; message observed.
            case KEYS_UNAVAILABLE -> new AwsError("IDPCommunicationError", 400, KEY_RETRIEVAL_MESSAGE);
            case UNKNOWN_KID -> invalid(KEY_RETRIEVAL_MESSAGE);
            case UNKNOWN_ISSUER -> invalid(noProviderMessage(f.issuer()));
            case NOT_YET_VALID -> invalid("Token is not valid yet");
            case ISSUED_IN_FUTURE -> invalid("Token issued in the future");
            case MISSING_EXP -> invalid("Token has no exp claim");
            case MISSING_IAT -> invalid("Token has no iat claim");
            case INVALID_TIME_CLAIM -> invalid("Token timestamps must be integer values");
            case ALG_NOT_ALLOWED -> invalid("Token signature algorithm is not supported");
            case BAD_SIGNATURE -> invalid("Token signature could not be verified");
            case NOT_COMPACT_JWS, TOO_LARGE, MALFORMED_HEADER, MALFORMED_PAYLOAD, TYP_NOT_ALLOWED,
                    UNKNOWN_CRITICAL_HEADER, MISSING_KID -> invalid("Token is malformed");
        };
    }

    /** Observed; the issuer printed verbatim, trailing slash included (mozilla-aws-cli#127). */
    public static String noProviderMessage(String issuer) {
        return "No OpenIDConnect provider found in your account for " + issuer;
    }

    private static AwsError invalid(String message) {
        return new AwsError("InvalidIdentityToken", 400, message);
    }
}
