package dev.keyless.oidc;

/**
 * Why a token was rejected, one value per check, in check order. Mapped to wire errors by each
 * cloud's endpoint family (AWS: {@code aws.decision.AwsTokenError}; GCP: the gcp family's own enum).
 */
public enum RejectionReason {
    /** Not three base64url parts (JSON serialisation, missing or extra parts): RFC 7515 §7.1. */
    NOT_COMPACT_JWS,
    /** Over 20,000 characters, the AWS WebIdentityToken limit (STS API Reference, AssumeRoleWithWebIdentity). */
    TOO_LARGE,
    MALFORMED_HEADER,
    /** {@code alg} not in the issuer's allow-list (RFC 8725 §3.1); {@code none} and HS* never are. */
    ALG_NOT_ALLOWED,
    /** {@code typ} present and not JWT (RFC 8725 §3.11). */
    TYP_NOT_ALLOWED,
    /** A {@code crit} header we do not understand (RFC 7515 §4.1.11): we understand none. */
    UNKNOWN_CRITICAL_HEADER,
    /** Only when the issuer requires {@code kid}, e.g. GCP (Google STS API, token). */
    MISSING_KID,
    MALFORMED_PAYLOAD,
    UNKNOWN_ISSUER,
    /** No key of the issuer matches the token's {@code kid}, even after a refetch. */
    UNKNOWN_KID,
    /** The issuer's keys could not be fetched and none are cached. */
    KEYS_UNAVAILABLE,
    BAD_SIGNATURE,
    MISSING_EXP,
    MISSING_IAT,
    /** {@code exp}, {@code iat} or {@code nbf} not an integer NumericDate (RFC 7519 §2). */
    INVALID_TIME_CLAIM,
    EXPIRED,
    NOT_YET_VALID,
    ISSUED_IN_FUTURE,
    /** {@code now - iat} beyond the issuer's maximum token age ("Token too old", AWS STS error text). */
    TOO_OLD
}
