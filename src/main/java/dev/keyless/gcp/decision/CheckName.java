package dev.keyless.gcp.decision;

import java.util.Locale;

/** The checks of a GCP decision, in the order Google's STS and IAM Credentials make them. */
public enum CheckName {
    PROVIDER("an enabled pool and provider named by the audience"),
    /** Only when the token is not a JWS at all; otherwise the issuer check comes first. */
    FORMAT("a compact JWS (RFC 7515 §7.1) with a JSON object payload"),
    ISSUER("iss is the provider's issuerUri"),
    SIGNATURE("a signature by a key of the issuer"),
    TIMES("iat and nbf not after now, now before exp"),
    AUDIENCE("aud is one of the provider's accepted audiences"),
    ATTRIBUTE_MAPPING("every mapping expression evaluates; google.subject set"),
    ATTRIBUTE_CONDITION("the attribute condition is true"),
    SERVICE_ACCOUNT_BINDING("a binding on the service account granting the permission to one of the caller's principals");

    private final String expectation;

    CheckName(String expectation) {
        this.expectation = expectation;
    }

    /** {@code attribute condition}: how explanations and the audit log name it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** What the check expects, when nothing more specific is known. */
    public String expectation() {
        return expectation;
    }
}
