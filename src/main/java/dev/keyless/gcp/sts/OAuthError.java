package dev.keyless.gcp.sts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyless.gcp.mapping.MappingOutcome;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * An STS error as sent on the wire: {@code {"error":…,"error_description":…}}, always HTTP 400
 * (Google STS API, token: every observed case was 400, and google-auth-library-nodejs retries 5xx). Texts marked
 * "GCP" are verbatim from the §1 table; texts marked "ours" cover cases whose real text is an
 * open question and keep GCP's {@code Invalid value for "…".} shape.
 */
public record OAuthError(OAuthErrorCode code, String description) {

    public static final int HTTP_STATUS = 400;
    private static final ObjectMapper JSON = new ObjectMapper();

    public OAuthError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(description, "description");
    }

    /** GCP: condition false (circleci/circleci-docs#8541). */
    public static OAuthError conditionRejected() {
        return new OAuthError(OAuthErrorCode.UNAUTHORIZED_CLIENT, MappingOutcome.CONDITION_REJECTED_DESCRIPTION);
    }

    /** GCP: aud mismatch; a missing aud gives {@code []}. */
    public static OAuthError audienceMismatch(List<String> tokenAudiences) {
        return new OAuthError(OAuthErrorCode.INVALID_GRANT, "The audience in ID Token "
                + bracketed(tokenAudiences) + " does not match the expected audience.");
    }

    /** GCP (current form): iss mismatch. */
    public static OAuthError issuerMismatch(String tokenIssuer, String configuredIssuer) {
        return new OAuthError(OAuthErrorCode.INVALID_GRANT, "The issuer in ID Token " + tokenIssuer
                + " does not match the expected one in config: " + configuredIssuer + ".");
    }

    /** GCP: expired, or exp/iat missing; a missing iat prints {@code null}. */
    public static OAuthError staleToken(Long issuedAtEpochSeconds) {
        return new OAuthError(OAuthErrorCode.INVALID_GRANT,
                "ID Token issued at " + issuedAtEpochSeconds + " is stale to sign-in.");
    }

    /** GCP: bad signature with a known kid. */
    public static OAuthError badSignature() {
        return new OAuthError(OAuthErrorCode.INVALID_GRANT, "Unable to verify the ID Token signature.");
    }

    /** GCP: unknown kid or JWKS unreachable. */
    public static OAuthError issuerUnreachable() {
        return new OAuthError(OAuthErrorCode.INVALID_GRANT, "Error connecting to the given credential's issuer.");
    }

    /** GCP: malformed audience (google-github-actions/auth#60, #211). */
    public static OAuthError invalidAudienceFormat() {
        return new OAuthError(OAuthErrorCode.INVALID_REQUEST, "Invalid value for \"audience\". This value should be "
                + "the full resource name of the Identity Provider. See "
                + "https://cloud.google.com/iam/docs/reference/sts/rest/v1/TopLevel/token for the list of possible formats.");
    }

    /** GCP: pool or provider disabled, deleted or missing. */
    public static OAuthError invalidTarget() {
        return new OAuthError(OAuthErrorCode.INVALID_TARGET, "The target service indicated by the \"audience\" "
                + "parameters is invalid. This might either be because the pool or provider is disabled or deleted "
                + "or because it doesn't exist.");
    }

    /** A mapping failure as decided by {@code gcp.mapping} (its code and text, see CompiledMapping). */
    public static OAuthError fromMapping(MappingOutcome.MappingFailed failed) {
        return new OAuthError(OAuthErrorCode.fromWire(failed.error()), failed.errorDescription());
    }

    /** Ours: an unknown {@code grant_type} is unsupported_grant_type, not invalid_grant. */
    public static OAuthError unsupportedGrantType() {
        return new OAuthError(OAuthErrorCode.UNSUPPORTED_GRANT_TYPE, "Invalid value for \"grant_type\".");
    }

    /** Ours: a parameter with a value outside its allowed set. */
    public static OAuthError invalidValue(String parameter) {
        return new OAuthError(OAuthErrorCode.INVALID_REQUEST, "Invalid value for \"" + parameter + "\".");
    }

    /** Ours: a required parameter absent or empty. */
    public static OAuthError missing(String parameter) {
        return new OAuthError(OAuthErrorCode.INVALID_REQUEST, "Missing required parameter: \"" + parameter + "\".");
    }

    /** Ours: a single-valued parameter given twice. */
    public static OAuthError repeated(String parameter) {
        return new OAuthError(OAuthErrorCode.INVALID_REQUEST, "Parameter \"" + parameter + "\" is repeated.");
    }

    /** Ours: a body that is neither form data nor a JSON object. */
    public static OAuthError malformedBody() {
        return new OAuthError(OAuthErrorCode.INVALID_REQUEST, "The request body could not be parsed.");
    }

    public int httpStatus() {
        return HTTP_STATUS;
    }

    /** {@code {"error":"<code>","error_description":"<text>"}} in UTF-8. */
    public byte[] toJson() {
        ObjectNode n = JSON.createObjectNode().put("error", code.wire()).put("error_description", description);
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String bracketed(List<String> values) {
        return "[" + String.join(", ", values == null ? List.of() : values) + "]";
    }
}
