package dev.keyless.gcp.sts;

import java.util.List;
import java.util.Optional;

/**
 * Bounds on requested OAuth scopes, shared by the STS exchange and {@code generateAccessToken}.
 * Each element must be one RFC 6749 §3.3 {@code scope-token} ({@code %x21 / %x23-5B / %x5D-7E}:
 * printable ASCII without space, {@code "} or {@code \}), so a single element can never smuggle
 * several scopes, a newline or a 60,000-character blob into a token and its introspection. Google
 * scopes are URLs of well under 100 characters; the limits leave room and no more.
 */
public final class Scopes {
    public static final int MAX_SCOPES = 50;
    public static final int MAX_SCOPE_LENGTH = 256;

    private Scopes() {}

    /** Empty when every scope is acceptable, else what is wrong with the first bad one. */
    public static Optional<String> problem(List<String> scopes) {
        if (scopes.size() > MAX_SCOPES) {
            return Optional.of("at most " + MAX_SCOPES + " scopes, got " + scopes.size());
        }
        for (int i = 0; i < scopes.size(); i++) {
            String scope = scopes.get(i);
            if (scope.isEmpty() || scope.length() > MAX_SCOPE_LENGTH) {
                return Optional.of("scope " + i + " must have 1 to " + MAX_SCOPE_LENGTH + " characters");
            }
            for (int j = 0; j < scope.length(); j++) {
                char c = scope.charAt(j);
                if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
                    return Optional.of("scope " + i + " has a character not allowed in a scope (RFC 6749 §3.3)");
                }
            }
        }
        return Optional.empty();
    }
}
