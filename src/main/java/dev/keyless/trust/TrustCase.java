package dev.keyless.trust;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One case of a {@code keyless test} file: which trust decision to make, the token's claims as given
 * (no signature, no times) or a token to verify (AWS), and the expected outcome. {@code line} is the case's line in the file.
 */
public record TrustCase(String name, int line, Target target, Map<String, Object> claims, Optional<String> token,
        Expect expect) {

    public TrustCase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(expect, "expect");
    }

    /** A case with claims, no token. */
    public TrustCase(String name, int line, Target target, Map<String, Object> claims, Expect expect) {
        this(name, line, target, claims, Optional.empty(), expect);
    }

    public enum Expect {
        ALLOW,
        DENY;

        public String word() {
            return this == ALLOW ? "allow" : "deny";
        }
    }

    /** What the claims are tested against. */
    public sealed interface Target {}

    /** {@code AssumeRoleWithWebIdentity} on an AWS role, by ARN. */
    public record AwsRole(String roleArn, Optional<String> sessionName, Optional<Integer> durationSeconds,
            Optional<String> policy) implements Target {
        public AwsRole {
            Objects.requireNonNull(roleArn, "roleArn");
            Objects.requireNonNull(sessionName, "sessionName");
            Objects.requireNonNull(durationSeconds, "durationSeconds");
            Objects.requireNonNull(policy, "policy");
        }

        public AwsRole(String roleArn) {
            this(roleArn, Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * A GCP token exchange through a pool provider ({@code //iam.googleapis.com/projects/N/…/providers/X}),
     * then, when a service account is given, {@code generateAccessToken} on it.
     */
    public record GcpProvider(String providerName, Optional<String> serviceAccount) implements Target {
        public GcpProvider {
            Objects.requireNonNull(providerName, "providerName");
            Objects.requireNonNull(serviceAccount, "serviceAccount");
        }
    }
}
