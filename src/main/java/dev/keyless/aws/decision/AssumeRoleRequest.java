package dev.keyless.aws.decision;

import dev.keyless.aws.sts.AssumeRoleWithWebIdentityParams;
import dev.keyless.aws.sts.AssumeRoleWithWebIdentityParser;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The AssumeRoleWithWebIdentity request (of its token, only the length), and where it came from (the
 * {@code aws:SourceIp}, {@code aws:UserAgent} and {@code aws:SecureTransport} condition keys).
 *
 * @param tokenLength the WebIdentityToken's length (its text is not kept here), checked with the other
 *                    members against the model; empty when a test case gives claims instead of a token
 * @param sourceIp  the caller's address, or empty (offline: the key is then absent)
 * @param userAgent the caller's User-Agent, or empty
 */
public record AssumeRoleRequest(String roleArn, String roleSessionName, OptionalInt tokenLength, int durationSeconds,
        Optional<String> policy, List<String> policyArns, Optional<String> sourceIp, Optional<String> userAgent,
        boolean secureTransport) {

    public AssumeRoleRequest {
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(roleSessionName, "roleSessionName");
        Objects.requireNonNull(tokenLength, "tokenLength");
        Objects.requireNonNull(policy, "policy");
        policyArns = List.copyOf(policyArns);
        Objects.requireNonNull(sourceIp, "sourceIp");
        Objects.requireNonNull(userAgent, "userAgent");
    }

    /** A request made offline ({@code keyless explain}, {@code keyless test}): no caller address, TLS assumed. */
    public static AssumeRoleRequest offline(String roleArn, String roleSessionName, Optional<String> token,
            int durationSeconds, Optional<String> policy) {
        return new AssumeRoleRequest(roleArn, roleSessionName, length(token), durationSeconds, policy, List.of(),
                Optional.empty(), Optional.empty(), true);
    }

    /** The parsed wire parameters and the caller's address, User-Agent and transport. */
    public static AssumeRoleRequest of(AssumeRoleWithWebIdentityParams p, String clientAddress, String userAgent,
            boolean secureTransport) {
        return new AssumeRoleRequest(p.roleArn(), p.roleSessionName(), length(Optional.of(p.webIdentityToken())),
                p.durationSeconds(), p.policy(), p.policyArns(),
                Optional.of(clientAddress).filter(s -> !s.isEmpty()), Optional.of(userAgent).filter(s -> !s.isEmpty()),
                secureTransport);
    }

    private static OptionalInt length(Optional<String> token) {
        return token.map(t -> OptionalInt.of(AssumeRoleWithWebIdentityParser.tokenLength(t))).orElse(OptionalInt.empty());
    }
}
