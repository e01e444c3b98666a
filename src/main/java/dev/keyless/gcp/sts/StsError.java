package dev.keyless.gcp.sts;

import static dev.keyless.gcp.sts.OAuthErrorCode.INVALID_GRANT;
import static dev.keyless.gcp.sts.OAuthErrorCode.INVALID_REQUEST;
import static dev.keyless.gcp.sts.OAuthErrorCode.INVALID_TARGET;
import static dev.keyless.gcp.sts.OAuthErrorCode.UNAUTHORIZED_CLIENT;
import static dev.keyless.gcp.sts.OAuthErrorCode.UNSUPPORTED_GRANT_TYPE;

import dev.keyless.gcp.mapping.MappingOutcome;
import dev.keyless.oidc.Verification;
import java.util.Locale;
import java.util.Objects;

/**
 * Every OAuth error {@code POST /v1/token} sends, with Google STS's wording. "GCP" texts are
 * Google's own as clients print them (Google's workload identity federation troubleshooting page,
 * GitLab's and CircleCI's documentation, google-github-actions/auth issues); "ours" cover cases
 * whose real text is not known and keep Google's {@code Invalid value for "…".} shape and a 4xx
 * code, so no client retries (RFC 6749 §5.2, RFC 8693 §2.2.2).
 */
public enum StsError {
    /** GCP: expired, not yet valid, too old, or exp/iat missing: one text, a missing iat printed {@code null}. */
    STALE_TOKEN(INVALID_GRANT, "ID Token issued at %s is stale to sign-in."),
    /** GCP (current form): the token's iss is not the provider's issuerUri. */
    ISSUER_MISMATCH(INVALID_GRANT, "The issuer in ID Token %s does not match the expected one in config: %s."),
    /** GCP: bad signature, or a header the provider does not accept (alg, kid, typ, crit). */
    BAD_SIGNATURE(INVALID_GRANT, "Unable to verify the ID Token signature."),
    /** GCP: no key with the token's kid, or the issuer's keys could not be fetched. */
    ISSUER_UNREACHABLE(INVALID_GRANT, "Error connecting to the given credential's issuer."),
    /** Ours: not a compact JWS with JSON header and payload. */
    UNPARSEABLE_TOKEN(INVALID_GRANT, "Unable to parse the ID Token."),
    /** GCP: aud mismatch; a missing aud prints {@code []}. */
    AUDIENCE_MISMATCH(INVALID_GRANT, "The audience in ID Token %s does not match the expected audience."),
    /** GCP: pool or provider disabled, deleted or missing. */
    TARGET_UNAVAILABLE(INVALID_TARGET, "The target service indicated by the \"audience\" parameters is invalid. "
            + "This might either be because the pool or provider is disabled or deleted or because it doesn't exist."),
    /** GCP: attribute condition not true. */
    CONDITION_REJECTED(UNAUTHORIZED_CLIENT, "The given credential is rejected by the attribute condition."),
    /** GCP (google-github-actions/auth#378): a mapped value of the wrong type. */
    MAPPED_NOT_A_STRING(UNAUTHORIZED_CLIENT, "The mapped attribute '%s' must be of type STRING."),
    /** Ours, in the shape of the type error: an expression raised (a missing claim). */
    MAPPED_NOT_EVALUATED(UNAUTHORIZED_CLIENT, "The mapped attribute '%s' could not be evaluated."),
    /** Ours. */
    MAPPED_SUBJECT_EMPTY(UNAUTHORIZED_CLIENT, "The mapped attribute 'google.subject' must not be empty."),
    /** Ours. */
    MAPPED_GROUPS_NOT_A_LIST(UNAUTHORIZED_CLIENT, "The mapped attribute 'google.groups' must be of type LIST of STRING."),
    /** GCP (GitLab's Google Cloud documentation). */
    MAPPED_SUBJECT_TOO_LONG(INVALID_REQUEST, "The size of mapped attribute google.subject exceeds the 127 bytes "
            + "limit. Either modify your attribute mapping or the incoming assertion to produce a mapped attribute "
            + "that is less than 127 bytes."),
    /** Ours, like the other size limit. */
    MAPPED_SIZE_TOO_LARGE(INVALID_REQUEST, "The total size of the mapped attributes exceeds the 8KB limit."),
    /** GCP (google-github-actions/auth#60, #211). */
    INVALID_AUDIENCE_FORMAT(INVALID_REQUEST, "Invalid value for \"audience\". This value should be the full resource "
            + "name of the Identity Provider. See https://cloud.google.com/iam/docs/reference/sts/rest/v1/TopLevel/token "
            + "for the list of possible formats."),
    /** Ours: an unknown grant_type is unsupported_grant_type, not invalid_grant (RFC 6749 §5.2). */
    UNSUPPORTED_GRANT(UNSUPPORTED_GRANT_TYPE, "Invalid value for \"grant_type\"."),
    /** Ours: a parameter with a value outside its allowed set. */
    INVALID_VALUE(INVALID_REQUEST, "Invalid value for \"%s\"."),
    /** Ours: a required parameter absent or empty. */
    MISSING_PARAMETER(INVALID_REQUEST, "Missing required parameter: \"%s\"."),
    /** Ours: a single-valued parameter given twice. */
    REPEATED_PARAMETER(INVALID_REQUEST, "Parameter \"%s\" is repeated."),
    /** Ours: a body that is neither form data nor a JSON object. */
    MALFORMED_BODY(INVALID_REQUEST, "The request body could not be parsed."),
    /** Ours: a JSON body the strict reader refused (duplicate name, trailing content); says what and where, never body content. */
    MALFORMED_JSON_BODY(INVALID_REQUEST, "The request body could not be parsed: %s."),
    /** Ours: no such endpoint or method under the STS paths (the HTTP layer's 404 and 405). */
    NOT_FOUND(INVALID_REQUEST, "No such endpoint: %s."),
    /** Ours: the body is over the server's limit (HTTP 413). */
    BODY_TOO_LARGE(INVALID_REQUEST, "The request body is too large."),
    /** Ours: a bug or an outage (HTTP 500); the request id lets an operator find it in the log. */
    INTERNAL(INVALID_REQUEST, "Internal error; request id %s.");

    private final OAuthErrorCode code;
    private final String template;

    StsError(OAuthErrorCode code, String template) {
        this.code = code;
        this.template = template;
    }

    public OAuthErrorCode code() {
        return code;
    }

    /** The wire error, the template filled with {@code args}. */
    public OAuthError with(Object... args) {
        return new OAuthError(code, String.format(Locale.ROOT, template, args));
    }

    /** A token the verifier refused, in Google's words; {@code configuredIssuer} is the provider's issuerUri. */
    public static OAuthError of(Verification.Rejected rejected, String configuredIssuer) {
        Objects.requireNonNull(rejected, "rejected");
        return switch (rejected.reason()) {
            case EXPIRED, TOO_OLD, NOT_YET_VALID, ISSUED_IN_FUTURE, MISSING_EXP, MISSING_IAT, INVALID_TIME_CLAIM ->
                    STALE_TOKEN.with(rejected.facts().iat());
            case UNKNOWN_KID, KEYS_UNAVAILABLE -> ISSUER_UNREACHABLE.with();
            case UNKNOWN_ISSUER -> ISSUER_MISMATCH.with(rejected.facts().issuer(), configuredIssuer);
            case BAD_SIGNATURE, ALG_NOT_ALLOWED, MISSING_KID, TYP_NOT_ALLOWED, UNKNOWN_CRITICAL_HEADER ->
                    BAD_SIGNATURE.with();
            case NOT_COMPACT_JWS, TOO_LARGE, MALFORMED_HEADER, MALFORMED_PAYLOAD -> UNPARSEABLE_TOKEN.with();
        };
    }

    /** A mapping failure in Google's words. */
    public static OAuthError of(MappingOutcome.MappingFailed failed) {
        return switch (failed.reason()) {
            case EVALUATION_ERROR -> MAPPED_NOT_EVALUATED.with(failed.target());
            case NOT_A_STRING -> MAPPED_NOT_A_STRING.with(failed.target());
            case GROUPS_NOT_A_STRING_LIST -> MAPPED_GROUPS_NOT_A_LIST.with();
            case EMPTY_SUBJECT -> MAPPED_SUBJECT_EMPTY.with();
            case SUBJECT_TOO_LONG -> MAPPED_SUBJECT_TOO_LONG.with();
            case MAPPED_SIZE_TOO_LARGE -> MAPPED_SIZE_TOO_LARGE.with();
        };
    }
}
