package dev.keyless.gcp.sts;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v1/introspect}: form fields {@code token} (REQUIRED) and {@code token_type_hint}
 * (OPTIONAL, ignored) (RFC 7662 §2.1; gcloud sends both with Basic auth).
 */
public final class IntrospectRequestParser {

    /** The token to introspect, or empty when the body has none (answer {@code {"active":false}}). */
    public Optional<String> parse(byte[] body) {
        Optional<Map<String, List<String>>> params =
                RequestBodies.form(new String(body == null ? new byte[0] : body, StandardCharsets.UTF_8));
        return params.map(p -> p.getOrDefault("token", List.of()))
                .filter(v -> v.size() == 1)
                .map(v -> v.get(0).strip())
                .filter(t -> !t.isEmpty());
    }
}
