package dev.keyless.aws.decision;

import dev.keyless.aws.policy.SessionTags;
import dev.keyless.aws.sts.StsFailure;
import dev.keyless.config.OidcProviderConfig;
import dev.keyless.decision.Check;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** How an AssumeRoleWithWebIdentity decision ended. */
public sealed interface AwsOutcome {

    /**
     * Credentials may be minted: for {@code role}, to the token's {@code subject} through
     * {@code provider}, with {@code tags}; {@code packedPolicySize} is present when a session
     * policy, policy ARNs or tags were passed.
     */
    record Allowed(ResolvedRole role, OidcProviderConfig provider, String subject, String audience,
            Optional<String> sourceIdentity, SessionTags tags, OptionalInt packedPolicySize) implements AwsOutcome {
        public Allowed {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(audience, "audience");
            Objects.requireNonNull(sourceIdentity, "sourceIdentity");
            Objects.requireNonNull(tags, "tags");
            Objects.requireNonNull(packedPolicySize, "packedPolicySize");
        }
    }

    /** Refused at {@code decisive}, answered with {@code error} (code, status and the exact message). */
    record Denied(Check<Step> decisive, StsFailure error) implements AwsOutcome {
        public Denied {
            Objects.requireNonNull(decisive, "decisive");
            Objects.requireNonNull(error, "error");
        }
    }
}
