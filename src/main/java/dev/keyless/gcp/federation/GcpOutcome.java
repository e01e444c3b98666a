package dev.keyless.gcp.federation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyless.gcp.decision.GcpDecision;
import dev.keyless.gcp.decision.GcpDecisionJson;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything an audit event needs about one GCP endpoint call, allowed or not. The wire sees only
 * Google's terse text; this record carries the reason, the human description and, when a
 * decision was made, the {@link GcpDecision} itself (every check, the CEL trace, the bindings),
 * rendered as the audit explanation by {@link GcpDecisionJson}. Never a token: only its jti and a
 * SHA-256 prefix.
 *
 * @param reason       the wire code on refusal ({@code invalid_grant}, {@code PERMISSION_DENIED}, …),
 *                     {@code "ok"} when allowed
 * @param tokenSha256  SHA-256 hex prefix of the presented token (subject token or bearer)
 */
public record GcpOutcome(Endpoint endpoint, Decision decision, String reason, String description,
                         Optional<GcpDecision> decided, Optional<String> issuer, Optional<String> subject,
                         Optional<String> audience, Optional<String> serviceAccount, Optional<String> principal,
                         Optional<String> jti, Optional<String> tokenSha256) {

    public enum Endpoint { TOKEN, INTROSPECT, GENERATE_ACCESS_TOKEN, GENERATE_ID_TOKEN, TOKENINFO }

    /** ALLOW: credential issued or accepted; DENY: a credential refused; ERROR: a malformed request. */
    public enum Decision { ALLOW, DENY, ERROR }

    public GcpOutcome {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(decided, "decided");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(serviceAccount, "serviceAccount");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(jti, "jti");
        Objects.requireNonNull(tokenSha256, "tokenSha256");
    }

    /** A fresh builder; outcomes are assembled step by step as a request proceeds. */
    public static Builder builder(Endpoint endpoint) {
        return new Builder(endpoint);
    }

    /** The decision as one JSON object (the audit log's {@code explanation} column); null when none was made. */
    public ObjectNode explanationJson() {
        return decided.map(GcpDecisionJson::render).orElse(null);
    }

    /** Collects the facts as they become known; {@link #allow}/{@link #deny}/{@link #error} finish. */
    public static final class Builder {
        private final Endpoint endpoint;
        private Optional<GcpDecision> decided = Optional.empty();
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

        public Builder decided(GcpDecision v) { decided = Optional.of(v); return this; }

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
            return new GcpOutcome(endpoint, decision, reason, description, decided, issuer, subject, audience,
                    serviceAccount, principal, jti, tokenSha256);
        }
    }
}
