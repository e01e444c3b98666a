package dev.keyless.gcp.sts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyless.json.MalformedJsonException;
import dev.keyless.json.UntrustedJson;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses {@code :generateAccessToken} JSON (IAM Credentials API,
 * generateAccessToken). Lifetime texts are GCP's as measured (unconfirmed);
 * the 12 h org-policy extension is not modelled, so the maximum is 1 h. Pure; never throws on input.
 */
public final class GenerateAccessTokenRequestParser {

    public static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";
    static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
    static final Duration MAX_LIFETIME = Duration.ofHours(1);
    static final String LIFETIME_ZERO = "Lifetime of access token must be larger then zero.";
    static final String LIFETIME_TOO_LONG = "can not have lifetimes of more than 1 hour. Use the Org Policy "
            + "Constraint constraints/iam.allowServiceAccountCredentialLifetimeExtension to allow up to 12 hours.";
    private static final Pattern DURATION = Pattern.compile("-?[0-9]{1,12}(\\.[0-9]{1,9})?s");

    public RpcResult<GenerateAccessTokenRequest> parse(byte[] body) {
        JsonNode root;
        try {
            root = readObject(body);
        } catch (MalformedJsonException e) {
            return invalid("Invalid JSON payload received. " + e.getMessage() + ".");
        }
        // (REQUIRED) scope: at least one value; [""] falls back to cloud-platform (measured)
        JsonNode scopeNode = root.get("scope");
        if (scopeNode == null || !scopeNode.isArray() || scopeNode.isEmpty()) {
            return invalid("Scope required.");
        }
        List<String> scopes = new ArrayList<>();
        for (JsonNode s : scopeNode) {
            if (!s.isTextual()) {
                return invalid("Invalid value at 'scope', expected a list of strings.");
            }
            if (!s.textValue().isBlank()) {
                scopes.add(s.textValue().strip());
            }
        }
        if (scopes.isEmpty()) {
            scopes.add(CLOUD_PLATFORM);
        }
        Optional<String> scopeProblem = Scopes.problem(scopes);
        if (scopeProblem.isPresent()) {
            return invalid("Invalid value at 'scope': " + scopeProblem.get() + ".");
        }
        // (OPTIONAL) lifetime: protobuf Duration JSON "<n>s", default 3600s
        JsonNode lifetimeNode = root.get("lifetime");
        Duration lifetime = DEFAULT_LIFETIME;
        if (lifetimeNode != null && !lifetimeNode.isNull()) {
            if (!lifetimeNode.isTextual() || !DURATION.matcher(lifetimeNode.textValue()).matches()) {
                return invalid("Invalid value at 'lifetime' (type.googleapis.com/google.protobuf.Duration), "
                        + lifetimeNode);
            }
            String text = lifetimeNode.textValue();
            lifetime = Duration.ofSeconds(new BigDecimal(text.substring(0, text.length() - 1)).longValue());
        }
        if (lifetime.isZero() || lifetime.isNegative()) {
            return invalid(LIFETIME_ZERO);
        }
        if (lifetime.compareTo(MAX_LIFETIME) > 0) {
            return invalid(LIFETIME_TOO_LONG);
        }
        // (OPTIONAL) delegates: absent, null and [] all mean none
        return switch (Delegates.parse(root.get("delegates"))) {
            case RpcResult.Invalid<List<String>> bad -> new RpcResult.Invalid<>(bad.error());
            case RpcResult.Valid<List<String>> ok ->
                    new RpcResult.Valid<>(new GenerateAccessTokenRequest(scopes, lifetime, ok.value()));
        };
    }

    /** The body as a JSON object, read strictly (a duplicate name is refused, not "last one wins"). */
    static JsonNode readObject(byte[] body) throws MalformedJsonException {
        return UntrustedJson.readObject(body == null ? new byte[0] : body);
    }

    private static <T> RpcResult<T> invalid(String message) {
        return new RpcResult.Invalid<>(GoogleRpcError.invalidArgument(message));
    }
}
