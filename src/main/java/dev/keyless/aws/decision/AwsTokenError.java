package dev.keyless.aws.decision;

import dev.keyless.aws.sts.StsError;
import dev.keyless.aws.sts.StsFailure;
import dev.keyless.oidc.RejectionReason;
import dev.keyless.oidc.TokenFacts;
import java.util.function.Function;

/**
 * How AWS STS words a rejected web identity token: the wire error and its message. Messages marked
 * "observed" are verbatim from real AWS (quoted in public SDK issues); the others are ours, since
 * AWS's are not published, and keep AWS's code and status.
 */
public enum AwsTokenError {
    /** Observed (aws-sdk-java-v2#5709, mozilla-aws-cli#146). */
    EXPIRED(StsError.EXPIRED_TOKEN_EXCEPTION, f -> "Token expired: current date/time " + f.now()
            + " must be before the expiration date/time " + f.exp()),
    TOO_OLD(StsError.EXPIRED_TOKEN_EXCEPTION, f -> "Token too old: " + (f.iat() == null ? "" : String.valueOf(f.now() - f.iat()))),
    /** An unreachable IdP is IDPCommunicationError, which SDKs retry; message observed. */
    KEYS_UNAVAILABLE(StsError.IDP_COMMUNICATION_ERROR, f -> AwsTokenError.KEY_RETRIEVAL_MESSAGE),
    UNKNOWN_KID(StsError.INVALID_IDENTITY_TOKEN, f -> AwsTokenError.KEY_RETRIEVAL_MESSAGE),
    /** Observed; the issuer printed verbatim, trailing slash included (mozilla-aws-cli#127). */
    UNKNOWN_ISSUER(StsError.INVALID_IDENTITY_TOKEN, f -> noProviderMessage(f.issuer())),
    NOT_YET_VALID(StsError.INVALID_IDENTITY_TOKEN, f -> "Token is not valid yet"),
    ISSUED_IN_FUTURE(StsError.INVALID_IDENTITY_TOKEN, f -> "Token issued in the future"),
    MISSING_EXP(StsError.INVALID_IDENTITY_TOKEN, f -> "Token has no exp claim"),
    MISSING_IAT(StsError.INVALID_IDENTITY_TOKEN, f -> "Token has no iat claim"),
    INVALID_TIME_CLAIM(StsError.INVALID_IDENTITY_TOKEN, f -> "Token timestamps must be integer values"),
    ALG_NOT_ALLOWED(StsError.INVALID_IDENTITY_TOKEN, f -> "Token signature algorithm is not supported"),
    BAD_SIGNATURE(StsError.INVALID_IDENTITY_TOKEN, f -> "Token signature could not be verified"),
    MALFORMED(StsError.INVALID_IDENTITY_TOKEN, f -> "Token is malformed"),
    /** After verification: the decision's own token checks. */
    INCORRECT_AUDIENCE(StsError.INVALID_IDENTITY_TOKEN, f -> "Incorrect token audience"),
    NO_SUB(StsError.INVALID_IDENTITY_TOKEN, f -> "Token has no sub claim");

    /** Observed, two spaces after the comma (aws-sdk-rust#827). */
    public static final String KEY_RETRIEVAL_MESSAGE = "Couldn't retrieve verification key from your identity provider,"
            + "  please reference AssumeRoleWithWebIdentity documentation for requirements";

    private final StsError error;
    private final Function<TokenFacts, String> message;

    AwsTokenError(StsError error, Function<TokenFacts, String> message) {
        this.error = error;
        this.message = message;
    }

    public StsError error() {
        return error;
    }

    /** The wire failure, its message filled from what the (possibly unverified) token said. */
    public StsFailure failure(TokenFacts facts) {
        return new StsFailure(error, message.apply(facts));
    }

    public static AwsTokenError of(RejectionReason reason) {
        return switch (reason) {
            case EXPIRED -> EXPIRED;
            case TOO_OLD -> TOO_OLD;
            case KEYS_UNAVAILABLE -> KEYS_UNAVAILABLE;
            case UNKNOWN_KID -> UNKNOWN_KID;
            case UNKNOWN_ISSUER -> UNKNOWN_ISSUER;
            case NOT_YET_VALID -> NOT_YET_VALID;
            case ISSUED_IN_FUTURE -> ISSUED_IN_FUTURE;
            case MISSING_EXP -> MISSING_EXP;
            case MISSING_IAT -> MISSING_IAT;
            case INVALID_TIME_CLAIM -> INVALID_TIME_CLAIM;
            case ALG_NOT_ALLOWED -> ALG_NOT_ALLOWED;
            case BAD_SIGNATURE -> BAD_SIGNATURE;
            case NOT_COMPACT_JWS, TOO_LARGE, MALFORMED_HEADER, MALFORMED_PAYLOAD, TYP_NOT_ALLOWED,
                    UNKNOWN_CRITICAL_HEADER, MISSING_KID -> MALFORMED;
        };
    }

    public static String noProviderMessage(String issuer) {
        return "No OpenIDConnect provider found in your account for " + issuer;
    }
}
