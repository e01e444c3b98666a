package dev.keyless.gcp.sts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code delegates} field of IAM Credentials requests: absent (Node.js), {@code null} (Python) and
 * {@code []} (Java) all mean none; each entry must be {@code projects/-/serviceAccounts/…}
 * (IAM Credentials API).
 */
final class Delegates {

    private static final Pattern DELEGATE = Pattern.compile("projects/-/serviceAccounts/[^/]+");

    private Delegates() {
    }

    static RpcResult<List<String>> parse(JsonNode node) {
        if (node == null || node.isNull()) {
            return new RpcResult.Valid<>(List.of());
        }
        if (!node.isArray()) {
            return new RpcResult.Invalid<>(
                    GoogleRpcError.invalidArgument("Invalid value at 'delegates', expected a list of strings."));
        }
        List<String> out = new ArrayList<>();
        for (JsonNode d : node) {
            if (!d.isTextual() || !DELEGATE.matcher(d.textValue()).matches()) {
                return new RpcResult.Invalid<>(GoogleRpcError.invalidArgument("Delegates must be of the form "
                        + "projects/-/serviceAccounts/{ACCOUNT_EMAIL_OR_UNIQUEID}."));
            }
            out.add(d.textValue());
        }
        return new RpcResult.Valid<>(List.copyOf(out));
    }
}
