package dev.keyless.gcp.sts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * An STS error as sent on the wire: {@code {"error":…,"error_description":…}}, HTTP 400 (every
 * error Google's STS was seen to send is a 400, and the Node client retries 5xx). The wording is
 * {@link StsError}'s; the factories below name the common ones.
 */
public record OAuthError(OAuthErrorCode code, String description) implements GoogleError {

    public static final int HTTP_STATUS = 400;
    private static final ObjectMapper JSON = new ObjectMapper();

    public OAuthError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(description, "description");
    }

    public static OAuthError conditionRejected() {
        return StsError.CONDITION_REJECTED.with();
    }

    public static OAuthError audienceMismatch(List<String> tokenAudiences) {
        return StsError.AUDIENCE_MISMATCH.with(bracketed(tokenAudiences));
    }

    public static OAuthError issuerMismatch(String tokenIssuer, String configuredIssuer) {
        return StsError.ISSUER_MISMATCH.with(tokenIssuer, configuredIssuer);
    }

    public static OAuthError staleToken(Long issuedAtEpochSeconds) {
        return StsError.STALE_TOKEN.with(issuedAtEpochSeconds);
    }

    public static OAuthError badSignature() {
        return StsError.BAD_SIGNATURE.with();
    }

    public static OAuthError issuerUnreachable() {
        return StsError.ISSUER_UNREACHABLE.with();
    }

    public static OAuthError invalidAudienceFormat() {
        return StsError.INVALID_AUDIENCE_FORMAT.with();
    }

    public static OAuthError invalidTarget() {
        return StsError.TARGET_UNAVAILABLE.with();
    }

    public static OAuthError unsupportedGrantType() {
        return StsError.UNSUPPORTED_GRANT.with();
    }

    public static OAuthError invalidValue(String parameter) {
        return StsError.INVALID_VALUE.with(parameter);
    }

    public static OAuthError missing(String parameter) {
        return StsError.MISSING_PARAMETER.with(parameter);
    }

    public static OAuthError repeated(String parameter) {
        return StsError.REPEATED_PARAMETER.with(parameter);
    }

    public static OAuthError malformedBody() {
        return StsError.MALFORMED_BODY.with();
    }

    /** Ours: a JSON body refused by the strict reader; {@code reason} says what and where (no body content). */
    public static OAuthError malformedBody(String reason) {
        return StsError.MALFORMED_JSON_BODY.with(reason);
    }

    @Override
    public String wireCode() {
        return code.wire();
    }

    @Override
    public String message() {
        return description;
    }

    @Override
    public int httpStatus() {
        return HTTP_STATUS;
    }

    /** {@code {"error":"<code>","error_description":"<text>"}} in UTF-8. */
    @Override
    public byte[] toJson() {
        ObjectNode n = JSON.createObjectNode().put("error", code.wire()).put("error_description", description);
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String bracketed(List<String> values) {
        return "[" + String.join(", ", values == null ? List.of() : values) + "]";
    }
}
