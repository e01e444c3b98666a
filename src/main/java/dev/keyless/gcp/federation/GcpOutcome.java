package dev.keyless.gcp.federation;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything an audit event (and {@code keyless explain}) needs about one GCP endpoint call,
 * allowed or not. The wire sees only GCP's terse text; this record carries the reason, the
 * human description and an explanation tree (CEL trace, condition result, bindings checked)
 * (every message has one audience). Never a token: only its jti and a
 * SHA-256 prefix.
 *
 * @param reason       the wire code on refusal ({@code invalid_grant}, {@code PERMISSION_DENIED}, …),
 *                     {@code "ok"} when allowed
 * @param explanation  JSON-ready map: {@code mapping} (the CEL trace), {@code principals},
 *                     {@code bindings}, {@code verification} …
 * @param tokenSha256  SHA-256 hex prefix of the presented token (subject token or bearer)
 */
public record GcpOutcome(Endpoint endpoint, Decision decision, String reason, String description,
                         Map<String, Object> explanation, Optional<String> issuer, Optional<String> subject,
                         Optional<String> audience, Optional<String> serviceAccount, Optional<String> principal,
                         Optional<String> jti, Optional<String> tokenSha256) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Endpoint { TOKEN, INTROSPECT, GENERATE_ACCESS_TOKEN, GENERATE_ID_TOKEN, TOKENINFO }

    /** ALLOW: credential issued or accepted; DENY: a credential refused; ERROR: a malformed request. */
    public enum Decision { ALLOW, DENY, ERROR }

    public GcpOutcome {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(description, "description");
        explanation = Collections.unmodifiableMap(new LinkedHashMap<>(jsonSafe(explanation)));
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(serviceAccount, "serviceAccount");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(jti, "jti");
        Objects.requireNonNull(tokenSha256, "tokenSha256");
    }

    /** A fresh builder; outcomes are assembled step by step as an exchange proceeds. */
    public static Builder builder(Endpoint endpoint) {
        return new Builder(endpoint);
    }

    /** The explanation as one JSON object (the audit log's {@code explanation} column). */
    public String explanationJson() {
        try {
            return JSON.writeValueAsString(explanation);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("explanation is not serialisable", e); // jsonSafe makes this a bug
        }
    }

    /**
     * CEL values (NullValue, Guava lists, longs) become plain JSON values; anything else its
     * {@code toString()}, so the explanation always serialises.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> jsonSafe(Map<String, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), jsonValue(v)));
        return out;
    }

    private static Object jsonValue(Object v) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), jsonValue(x)));
            return out;
        }
        if (v instanceof Iterable<?> it) {
            List<Object> out = new java.util.ArrayList<>();
            it.forEach(x -> out.add(jsonValue(x)));
            return out;
        }
        if (v instanceof Optional<?> o) {
            return o.map(GcpOutcome::jsonValue).orElse(null);
        }
        return v.getClass().getSimpleName().equals("NullValue") ? null : v.toString();
    }

    /** Collects the facts as they become known; {@link #allow}/{@link #deny}/{@link #error} finish. */
    public static final class Builder {
        private final Endpoint endpoint;
        private final Map<String, Object> explanation = new LinkedHashMap<>();
        private Optional<String> issuer = Optional.empty();
        private Optional<String> subject = Optional.empty();
        private Optional<String> audience = Optional.empty();
        private Optional<String> serviceAccount = Optional.empty();
        private Optional<String> principal = Optional.empty();
        private Optional<String> jti = Optional.empty();
        private Optional<String> tokenSha256 = Optional.empty();

        private Builder(Endpoint endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        }

        public Builder explain(String key, Object value) {
            explanation.put(key, value);
            return this;
        }

        public Builder issuer(String v) { issuer = Optional.ofNullable(v); return this; }
        public Builder subject(String v) { subject = Optional.ofNullable(v); return this; }
        public Builder audience(String v) { audience = Optional.ofNullable(v); return this; }
        public Builder serviceAccount(String v) { serviceAccount = Optional.ofNullable(v); return this; }
        public Builder principal(String v) { principal = Optional.ofNullable(v); return this; }
        public Builder jti(String v) { jti = Optional.ofNullable(v); return this; }
        public Builder tokenSha256(String v) { tokenSha256 = Optional.ofNullable(v); return this; }

        public GcpOutcome allow(String description) {
            return build(Decision.ALLOW, "ok", description);
        }

        public GcpOutcome deny(String reason, String description) {
            return build(Decision.DENY, reason, description);
        }

        public GcpOutcome error(String reason, String description) {
            return build(Decision.ERROR, reason, description);
        }

        private GcpOutcome build(Decision decision, String reason, String description) {
            return new GcpOutcome(endpoint, decision, reason, description, explanation, issuer, subject, audience,
                    serviceAccount, principal, jti, tokenSha256);
        }
    }
}
