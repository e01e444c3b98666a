package dev.keyless.aws.policy;

/** A statement's {@code Effect}: exactly {@code Allow} or {@code Deny}, case-sensitive as in IAM. */
public enum Effect {
    ALLOW("Allow"),
    DENY("Deny");

    private final String wire;

    Effect(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    @Override
    public String toString() {
        return wire;
    }
}
