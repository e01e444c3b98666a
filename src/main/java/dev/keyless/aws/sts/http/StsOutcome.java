package dev.keyless.aws.sts.http;

import dev.keyless.aws.sts.StsError;
import dev.keyless.aws.sts.StsFailure;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one STS call decided, with everything an audit event needs: the decision, the wire code and
 * message the caller saw, the explanation of a
 * trust-policy evaluation, and who asked for what. Never holds the token or a secret: the token is
 * identified by its {@code jti} and a SHA-256 prefix.
 *
 * @param code            the wire error code, or {@code OK} for an allowed call
 * @param explanationJson {@code ExplanationRenderer.json} of the trust-policy evaluation, when one ran
 */
public record StsOutcome(
        String requestId,
        Instant at,
        String action,
        Decision decision,
        String code,
        String message,
        Optional<String> explanationJson,
        Optional<String> issuer,
        Optional<String> subject,
        Optional<String> audience,
        Optional<String> roleArn,
        Optional<String> sessionName,
        Optional<String> jti,
        Optional<String> tokenSha256Prefix,
        Optional<String> accessKeyId,
        String clientAddress,
        String userAgent) {

    public static final String OK = "OK";

    /**
     * {@code ALLOW}: credentials minted or identity answered. {@code DENY}: the caller was refused
     * (token, trust policy or signature). {@code ERROR}: the request itself was wrong or we failed.
     */
    public enum Decision { ALLOW, DENY, ERROR }

    public StsOutcome {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(explanationJson, "explanationJson");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(sessionName, "sessionName");
        Objects.requireNonNull(jti, "jti");
        Objects.requireNonNull(tokenSha256Prefix, "tokenSha256Prefix");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(userAgent, "userAgent");
    }

    /** Refusals of the caller are DENY; malformed requests and our own faults are ERROR. */
    public static Decision decisionFor(StsError error) {
        return switch (error) {
            case INVALID_IDENTITY_TOKEN, EXPIRED_TOKEN_EXCEPTION, IDP_REJECTED_CLAIM, ACCESS_DENIED,
                    SIGNATURE_DOES_NOT_MATCH, INVALID_CLIENT_TOKEN_ID, EXPIRED_TOKEN, INCOMPLETE_SIGNATURE,
                    MISSING_AUTHENTICATION_TOKEN -> Decision.DENY;
            default -> Decision.ERROR;
        };
    }

    public static Builder builder(String requestId, Instant at, String action) {
        return new Builder(requestId, at, action);
    }

    /** Collects the facts as an action learns them, so a refusal at any step records what was known. */
    public static final class Builder {
        private final String requestId;
        private final Instant at;
        private final String action;
        private Optional<String> explanationJson = Optional.empty();
        private Optional<String> issuer = Optional.empty();
        private Optional<String> subject = Optional.empty();
        private Optional<String> audience = Optional.empty();
        private Optional<String> roleArn = Optional.empty();
        private Optional<String> sessionName = Optional.empty();
        private Optional<String> jti = Optional.empty();
        private Optional<String> tokenSha256Prefix = Optional.empty();
        private Optional<String> accessKeyId = Optional.empty();
        private String clientAddress = "";
        private String userAgent = "";

        private Builder(String requestId, Instant at, String action) {
            this.requestId = Objects.requireNonNull(requestId, "requestId");
            this.at = Objects.requireNonNull(at, "at");
            this.action = Objects.requireNonNull(action, "action");
        }

        public Builder client(String address, String agent) {
            this.clientAddress = address;
            this.userAgent = agent;
            return this;
        }

        public Builder explanationJson(String json) {
            this.explanationJson = Optional.of(json);
            return this;
        }

        /** For refusals decided before any policy ran: the check and its detail, as a small JSON object. */
        public Builder checkIfNoExplanation(String check, String detail) {
            if (explanationJson.isEmpty()) {
                var node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
                node.put("check", check).put("detail", detail);
                explanationJson = Optional.of(node.toString());
            }
            return this;
        }

        public Builder issuer(String value) {
            this.issuer = Optional.ofNullable(value);
            return this;
        }

        public Builder subject(String value) {
            this.subject = Optional.ofNullable(value);
            return this;
        }

        public Builder audience(String value) {
            this.audience = Optional.ofNullable(value);
            return this;
        }

        public Builder roleArn(String value) {
            this.roleArn = Optional.ofNullable(value);
            return this;
        }

        public Builder sessionName(String value) {
            this.sessionName = Optional.ofNullable(value);
            return this;
        }

        public Builder jti(String value) {
            this.jti = Optional.ofNullable(value);
            return this;
        }

        public Builder tokenSha256Prefix(String value) {
            this.tokenSha256Prefix = Optional.ofNullable(value);
            return this;
        }

        public Builder accessKeyId(String value) {
            this.accessKeyId = Optional.ofNullable(value);
            return this;
        }

        public Optional<String> jti() {
            return jti;
        }

        public StsOutcome allowed() {
            return build(Decision.ALLOW, OK, "");
        }

        public StsOutcome failed(StsFailure failure) {
            return build(decisionFor(failure.error()), failure.error().code(), failure.message());
        }

        private StsOutcome build(Decision decision, String code, String message) {
            return new StsOutcome(requestId, at, action, decision, code, message, explanationJson, issuer, subject,
                    audience, roleArn, sessionName, jti, tokenSha256Prefix, accessKeyId, clientAddress, userAgent);
        }
    }
}
