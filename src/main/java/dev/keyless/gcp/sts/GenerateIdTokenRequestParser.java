package dev.keyless.gcp.sts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyless.json.MalformedJsonException;
import java.util.List;

/**
 * Parses {@code :generateIdToken} JSON: {@code {"audience","delegates","includeEmail",
 * "organizationNumberIncluded"}} (IAM Credentials API). The response is {@code {"token":<JWT>}}.
 */
public final class GenerateIdTokenRequestParser {

    public RpcResult<GenerateIdTokenRequest> parse(byte[] body) {
        JsonNode root;
        try {
            root = GenerateAccessTokenRequestParser.readObject(body);
        } catch (MalformedJsonException e) {
            return invalid("Invalid JSON payload received. " + e.getMessage() + ".");
        }
        // (REQUIRED) audience
        JsonNode audience = root.get("audience");
        if (audience == null || !audience.isTextual() || audience.textValue().isBlank()) {
            return invalid("Audience required.");
        }
        // (OPTIONAL) includeEmail, organizationNumberIncluded: booleans, default false
        JsonNode includeEmail = root.get("includeEmail");
        JsonNode orgNumber = root.get("organizationNumberIncluded");
        if (!isOptionalBoolean(includeEmail) || !isOptionalBoolean(orgNumber)) {
            return invalid("Invalid value at 'includeEmail' or 'organizationNumberIncluded' (TYPE_BOOL).");
        }
        return switch (Delegates.parse(root.get("delegates"))) {
            case RpcResult.Invalid<List<String>> bad -> new RpcResult.Invalid<>(bad.error());
            case RpcResult.Valid<List<String>> ok -> new RpcResult.Valid<>(new GenerateIdTokenRequest(
                    audience.textValue(), includeEmail != null && includeEmail.booleanValue(), ok.value(),
                    orgNumber != null && orgNumber.booleanValue()));
        };
    }

    private static boolean isOptionalBoolean(JsonNode n) {
        return n == null || n.isNull() || n.isBoolean();
    }

    private static <T> RpcResult<T> invalid(String message) {
        return new RpcResult.Invalid<>(GoogleRpcError.invalidArgument(message));
    }
}
