package dev.keyless.aws.sts;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * AssumeRoleWithWebIdentity's request, after model validation (STS API Reference, AssumeRoleWithWebIdentity).
 *
 * @param roleArn          (REQUIRED) 20..2048
 * @param roleSessionName  (REQUIRED) 2..64, {@code [\w+=,.@-]*}
 * @param webIdentityToken (REQUIRED) 4..20000, sensitive; surrounding whitespace stripped
 * @param providerId       (OPTIONAL) 4..2048, OAuth2 providers only
 * @param policyArns       (OPTIONAL) at most 10, each 20..2048
 * @param policy           (OPTIONAL) 1..2048 of {@code [\t\n\r\u0020-\u00FF]}
 * @param durationSeconds  (OPTIONAL) 900..43200, default 3600
 */
public record AssumeRoleWithWebIdentityParams(String roleArn, String roleSessionName, String webIdentityToken,
        Optional<String> providerId, List<String> policyArns, Optional<String> policy, int durationSeconds)
        implements StsOperation {

    public static final String ACTION = "AssumeRoleWithWebIdentity";
    public static final int DEFAULT_DURATION_SECONDS = 3600;

    public AssumeRoleWithWebIdentityParams {
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(roleSessionName, "roleSessionName");
        Objects.requireNonNull(webIdentityToken, "webIdentityToken");
        Objects.requireNonNull(providerId, "providerId");
        policyArns = List.copyOf(policyArns);
        Objects.requireNonNull(policy, "policy");
    }

    @Override
    public String action() {
        return ACTION;
    }

    /** Redacts the token. */
    @Override
    public String toString() {
        return "AssumeRoleWithWebIdentityParams[roleArn=" + roleArn + ", roleSessionName=" + roleSessionName
                + ", webIdentityToken=<" + webIdentityToken.length() + " chars>, providerId=" + providerId
                + ", policyArns=" + policyArns + ", policy=" + policy.map(p -> "<" + p.length() + " chars>")
                + ", durationSeconds=" + durationSeconds + "]";
    }
}
