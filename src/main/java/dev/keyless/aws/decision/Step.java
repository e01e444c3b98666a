package dev.keyless.aws.decision;

/** The checks of AssumeRoleWithWebIdentity, in the order the STS makes them; {@code label} is the name shown. */
public enum Step {
    REQUEST("request", "parameters within the AssumeRoleWithWebIdentity model constraints"),
    ROLE_ARN("role ARN", "arn:aws:iam::ACCOUNT:role/NAME"),
    FORMAT("format", "a compact JWS (RFC 7515 §7.1) with a JSON object payload"),
    ISSUER("issuer", "an OIDC provider of the role's account"),
    SIGNATURE("signature", "a signature by a key of the issuer"),
    TIMES("times", "iat and nbf not after now, now before exp"),
    AUDIENCE("audience", "one of the provider's clientIds"),
    SUB("sub", "a sub claim"),
    ROLE("role", "a configured role"),
    DURATION("duration", "DurationSeconds at most the role's MaxSessionDuration"),
    SESSION_POLICY("session policy", "a well-formed session policy and policy ARNs within the packed size"),
    SESSION_TAGS("session tags", "a valid https://aws.amazon.com/tags claim when present"),
    TRUST_POLICY("trust policy", "Allow by the role's trust policy");

    private final String label;
    private final String expected;

    Step(String label, String expected) {
        this.label = label;
        this.expected = expected;
    }

    public String label() {
        return label;
    }

    /** What is expected, when the check did not get to say it more precisely. */
    String expected() {
        return expected;
    }
}
