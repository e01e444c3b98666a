package dev.keyless.aws.policy;

/**
 * The outcome of evaluating a policy [IAM User Guide, reference_policies_evaluation-logic]: deny by default
 * ({@link ImplicitDeny}), an applicable {@code Allow} allows, any applicable {@code Deny} overrides.
 */
public sealed interface Decision permits Decision.Allow, Decision.ImplicitDeny, Decision.ExplicitDeny {

    /** {@code Allow}, {@code ImplicitDeny} or {@code ExplicitDeny}: the name used on output. */
    String name();

    default boolean allowed() {
        return this instanceof Allow;
    }

    record Allow() implements Decision {
        @Override
        public String name() {
            return "Allow";
        }
    }

    record ImplicitDeny(String reason) implements Decision {
        @Override
        public String name() {
            return "ImplicitDeny";
        }
    }

    record ExplicitDeny(String reason) implements Decision {
        @Override
        public String name() {
            return "ExplicitDeny";
        }
    }
}
