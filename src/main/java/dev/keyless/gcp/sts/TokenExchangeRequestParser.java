package dev.keyless.gcp.sts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyless.json.MalformedJsonException;
import dev.keyless.json.UntrustedJson;
import java.net.URLDecoder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses {@code POST /v1/token} (Google STS API, token) into a {@link TokenExchangeRequest},
 * checking in GCP's order: grant_type, requested_token_type, subject_token_type, audience, then
 * subject_token. The {@code Authorization} header is not an input: gcloud sends its own client's
 * Basic credentials, which must be tolerated and ignored. Pure; never throws on input.
 */
public final class TokenExchangeRequestParser {

    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
    public static final Set<String> SUBJECT_TOKEN_TYPES =
            Set.of("urn:ietf:params:oauth:token-type:jwt", "urn:ietf:params:oauth:token-type:id_token");
    static final int MAX_OPTIONS_CHARS = 4096; // Google STS API, token: options
    private static final Set<String> SINGLE_VALUED = Set.of("grant_type", "audience", "scope",
            "requested_token_type", "subject_token", "subject_token_type", "options");

    public OAuthResult<TokenExchangeRequest> parse(String contentType, byte[] body) {
        Optional<Map<String, List<String>>> decoded;
        try {
            decoded = RequestBodies.decode(contentType, body == null ? new byte[0] : body);
        } catch (MalformedJsonException e) {
            return invalid(StsError.MALFORMED_JSON_BODY.with(e.getMessage()));
        }
        if (decoded.isEmpty()) {
            return invalid(StsError.MALFORMED_BODY.with());
        }
        Map<String, List<String>> params = decoded.get();
        for (String name : SINGLE_VALUED) {
            if (params.getOrDefault(name, List.of()).size() > 1) {
                return invalid(StsError.REPEATED_PARAMETER.with(name));
            }
        }
        // (REQUIRED) grant_type: only token exchange (RFC 8693 §2.1); unknown → unsupported_grant_type
        String grantType = single(params, "grant_type");
        if (grantType.isEmpty()) {
            return invalid(StsError.MISSING_PARAMETER.with("grant_type"));
        }
        if (!GRANT_TYPE.equals(grantType)) {
            return invalid(StsError.UNSUPPORTED_GRANT.with());
        }
        // (REQUIRED) requested_token_type: only access tokens
        String requested = single(params, "requested_token_type");
        if (!ACCESS_TOKEN_TYPE.equals(requested)) {
            return invalid(requested.isEmpty() ? StsError.MISSING_PARAMETER.with("requested_token_type")
                    : StsError.INVALID_VALUE.with("requested_token_type"));
        }
        // (REQUIRED) subject_token_type: OIDC providers take jwt or id_token
        String subjectTokenType = single(params, "subject_token_type");
        if (!SUBJECT_TOKEN_TYPES.contains(subjectTokenType)) {
            return invalid(subjectTokenType.isEmpty() ? StsError.MISSING_PARAMETER.with("subject_token_type")
                    : StsError.INVALID_VALUE.with("subject_token_type"));
        }
        // (REQUIRED) audience: the provider's full resource name
        Optional<ProviderAudience> audience = ProviderAudience.parse(single(params, "audience"));
        if (audience.isEmpty()) {
            return invalid(StsError.INVALID_AUDIENCE_FORMAT.with());
        }
        // (REQUIRED) subject_token: trimmed, google-auth for Python's file source keeps a trailing newline
        String subjectToken = single(params, "subject_token").strip();
        if (subjectToken.isEmpty()) {
            return invalid(StsError.MISSING_PARAMETER.with("subject_token"));
        }
        // (OPTIONAL) scope: space-separated scope-tokens (RFC 6749 §3.3), bounded in count and length
        List<String> scopes = Arrays.stream(single(params, "scope").split(" ")).filter(s -> !s.isEmpty()).toList();
        if (Scopes.problem(scopes).isPresent()) {
            return invalid(StsError.INVALID_VALUE.with("scope"));
        }
        // (OPTIONAL) options: JSON object ≤ 4096 characters, possibly double-encoded by google-auth for Python
        String rawOptions = single(params, "options");
        Optional<String> options = rawOptions.isEmpty() ? Optional.empty() : options(rawOptions);
        if (!rawOptions.isEmpty() && options.isEmpty()) {
            return invalid(StsError.INVALID_VALUE.with("options"));
        }
        return new OAuthResult.Valid<>(new TokenExchangeRequest(audience.get(), subjectToken, subjectTokenType,
                requested, scopes, options));
    }

    /** The normalised JSON object text, or empty when it is not a JSON object within the limit. */
    private static Optional<String> options(String raw) {
        String text = raw.strip();
        if (text.startsWith("%")) { // google-auth for Python: quote(json.dumps(opts)) inside a form body
            try {
                text = URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        if (text.length() > MAX_OPTIONS_CHARS) {
            return Optional.empty();
        }
        try {
            JsonNode node = UntrustedJson.read(text);
            return node.isObject() ? Optional.of(node.toString()) : Optional.empty();
        } catch (MalformedJsonException e) {
            return Optional.empty();
        }
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    private static <T> OAuthResult<T> invalid(OAuthError error) {
        return new OAuthResult.Invalid<>(error);
    }
}
