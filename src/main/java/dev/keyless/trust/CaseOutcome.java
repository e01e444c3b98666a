package dev.keyless.trust;

import java.util.Objects;

/** What running a case gave: a decision with its explanation, or no decision at all (the case cannot run). */
public sealed interface CaseOutcome {

    /**
     * @param reason      one line; {@code explanation} the full trace printed under a failing case
     * @param decisiveCheck the name of the check that refused (AWS), or empty
     */
    record Decided(boolean allowed, String reason, String explanation, String decisiveCheck) implements CaseOutcome {
        public Decided {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(explanation, "explanation");
            Objects.requireNonNull(decisiveCheck, "decisiveCheck");
        }

        public Decided(boolean allowed, String reason, String explanation) {
            this(allowed, reason, explanation, "");
        }

        /** {@code deny}, or {@code deny at CHECK} when the check is known. */
        String word() {
            return allowed ? "allow" : decisiveCheck.isEmpty() ? "deny" : "deny at " + decisiveCheck;
        }
    }

    /** The case names a role, provider, issuer or service account the config does not have. */
    record Unresolved(String message) implements CaseOutcome {
        public Unresolved {
            Objects.requireNonNull(message, "message");
        }
    }

    static Decided allow(String reason, String explanation) {
        return new Decided(true, reason, explanation);
    }

    static Decided deny(String reason, String explanation) {
        return new Decided(false, reason, explanation);
    }
}
