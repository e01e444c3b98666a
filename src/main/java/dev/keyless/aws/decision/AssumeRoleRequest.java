package dev.keyless.aws.decision;

import dev.keyless.aws.sts.AssumeRoleWithWebIdentityParams;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The AssumeRoleWithWebIdentity request apart from its token, and where it came from (the
 * {@code aws:SourceIp}, {@code aws:UserAgent} and {@code aws:SecureTransport} condition keys).
 *
 * @param sourceIp  the caller's address, or empty (offline: the key is then absent)
 * @param userAgent the caller's User-Agent, or empty
 */
public record AssumeRoleRequest(String roleArn, String roleSessionName, int durationSeconds, Optional<String> policy,
        List<String> policyArns, Optional<String> sourceIp, Optional<String> userAgent, boolean secureTransport) {

    public AssumeRoleRequest {
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(roleSessionName, "roleSessionName");
        Objects.requireNonNull(policy, "policy");
        policyArns = List.copyOf(policyArns);
        Objects.requireNonNull(sourceIp, "sourceIp");
        Objects.requireNonNull(userAgent, "userAgent");
    }

    /** A request made offline ({@code keyless explain}, {@code keyless test}): no caller address, TLS assumed. */
    public static AssumeRoleRequest offline(String roleArn, String roleSessionName, int durationSeconds,
            Optional<String> policy) {
        return new AssumeRoleRequest(roleArn, roleSessionName, durationSeconds, policy, List.of(), Optional.empty(),
                Optional.empty(), true);
    }

    /** The parsed wire parameters and the caller's address, User-Agent and transport. */
    public static AssumeRoleRequest of(AssumeRoleWithWebIdentityParams p, String clientAddress, String userAgent,
            boolean secureTransport) {
        return new AssumeRoleRequest(p.roleArn(), p.roleSessionName(), p.durationSeconds(), p.policy(), p.policyArns(),
                Optional.of(clientAddress).filter(s -> !s.isEmpty()), Optional.of(userAgent).filter(s -> !s.isEmpty()),
                secureTransport);
    }
}
