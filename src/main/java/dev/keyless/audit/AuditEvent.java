package dev.keyless.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.keyless.redaction.Fingerprints;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One audited decision. The components are the whole of what may be stored:
 * there is no field for a token, a secret or a session token, only the token's {@code jti} and
 * the first 16 hex digits of its SHA-256 ({@link Builder#token(String)} computes it and drops
 * the token). Every free-text component passes through {@link Redaction} in the constructor, so
 * even a token quoted in a message or an explanation never reaches the store.
 *
 * <p>Optional components are null when unknown (a CI API call has no role; a malformed request
 * has no subject).
 *
 * @param explanation the explanation tree as a JSON document (rendered embedded, not as a string)
 * @param role the AWS role ARN or the GCP service account email
 * @param tokenSha256 16 lowercase hex digits: the start of the SHA-256 of the presented token
 */
public record AuditEvent(
        Instant time,
        String requestId,
        AuditKind kind,
        AuditDecision decision,
        String reason,
        String message,
        String explanation,
        String issuer,
        String subject,
        String audience,
        String role,
        String sessionName,
        String clientAddress,
        String userAgent,
        String jti,
        String tokenSha256) {
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{16}");

    public AuditEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(decision, "decision");
        // Redacted first, then cut: a cut token would no longer be recognisable as one.
        FieldBounds.Limits max = subject == null ? FieldBounds.UNAUTHENTICATED : FieldBounds.AUTHENTICATED;
        requestId = FieldBounds.truncate(Redaction.redact(Objects.requireNonNull(requestId, "requestId")), max.requestId());
        reason = FieldBounds.truncate(Redaction.redact(reason), max.reason());
        message = FieldBounds.truncate(Redaction.redact(message), max.message());
        explanation = FieldBounds.truncateJson(Redaction.redact(explanation), max.explanation());
        issuer = FieldBounds.truncate(Redaction.redact(issuer), max.issuer());
        subject = FieldBounds.truncate(Redaction.redact(subject), max.subject());
        audience = FieldBounds.truncate(Redaction.redact(audience), max.audience());
        role = FieldBounds.truncate(Redaction.redact(role), max.role());
        sessionName = FieldBounds.truncate(Redaction.redact(sessionName), max.sessionName());
        clientAddress = FieldBounds.truncate(Redaction.redact(clientAddress), max.clientAddress());
        userAgent = FieldBounds.truncate(Redaction.redact(userAgent), max.userAgent());
        jti = FieldBounds.truncate(Redaction.redact(jti), max.jti());
        if (tokenSha256 != null && !FINGERPRINT.matcher(tokenSha256).matches()) {
            // Not redacted but refused: a wrong value here is a bug (a caller passing the token
            // itself), and the safe reaction to a bug that would store a credential is to fail.
            throw new IllegalArgumentException("tokenSha256 must be 16 lowercase hex digits (a SHA-256 prefix)");
        }
    }

    /** Starts an event; the other components are optional. */
    public static Builder builder(Instant time, String requestId, AuditKind kind, AuditDecision decision) {
        return new Builder(time, requestId, kind, decision);
    }

    /** The audit fingerprint of a token: the first 16 hex digits (64 bits) of its SHA-256. */
    public static String fingerprint(String token) {
        return Fingerprints.sha256Prefix(Objects.requireNonNull(token, "token"));
    }

    /** Collects the optional components; accepts exactly the fields of the record. */
    public static final class Builder {
        private final Instant time;
        private final String requestId;
        private final AuditKind kind;
        private final AuditDecision decision;
        private String reason;
        private String message;
        private String explanation;
        private String issuer;
        private String subject;
        private String audience;
        private String role;
        private String sessionName;
        private String clientAddress;
        private String userAgent;
        private String jti;
        private String tokenSha256;

        /** Immutable, so shared. */
        private static final ObjectWriter ASCII_JSON = JsonMapper.builder()
                .enable(JsonWriteFeature.ESCAPE_NON_ASCII).build().writer();

        private Builder(Instant time, String requestId, AuditKind kind, AuditDecision decision) {
            this.time = time;
            this.requestId = requestId;
            this.kind = kind;
            this.decision = decision;
        }

        /** A short machine string: {@code AccessDenied}, {@code InvalidIdentityToken}, {@code unauthorized_client}. */
        public Builder reason(String value) { reason = value; return this; }
        public Builder message(String value) { message = value; return this; }
        /**
         * A JSON document, written with every character outside ASCII as a JSON escape sequence
         * (RFC 8259 section 7; an arrow is backslash, u, 2192): the same document to any JSON reader,
         * but a string the JVM keeps at one byte per character and encodes to UTF-8 by copying. One
         * arrow or section sign in a check's text made the whole explanation a two-bytes-per-character
         * string, encoded character by character for the journal and again for the store
         * (bench/RESULTS.md, round 6).
         */
        public Builder explanation(JsonNode json) {
            try {
                explanation = json == null ? null : ASCII_JSON.writeValueAsString(json);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a JSON tree that cannot be written: " + e.getMessage(), e);
            }
            return this;
        }
        public Builder issuer(String value) { issuer = value; return this; }
        public Builder subject(String value) { subject = value; return this; }
        public Builder audience(String value) { audience = value; return this; }
        public Builder role(String roleArnOrServiceAccount) { role = roleArnOrServiceAccount; return this; }
        public Builder sessionName(String value) { sessionName = value; return this; }
        public Builder clientAddress(String value) { clientAddress = value; return this; }
        public Builder userAgent(String value) { userAgent = value; return this; }
        public Builder jti(String value) { jti = value; return this; }
        public Builder tokenSha256(String fingerprint) { tokenSha256 = fingerprint; return this; }

        /** Records the fingerprint of {@code token}; the token itself is not kept. */
        public Builder token(String token) {
            tokenSha256 = fingerprint(token);
            return this;
        }

        public AuditEvent build() {
            return new AuditEvent(time, requestId, kind, decision, reason, message, explanation, issuer,
                    subject, audience, role, sessionName, clientAddress, userAgent, jti, tokenSha256);
        }
    }
}
