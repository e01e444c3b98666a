package dev.keyless.aws.policy;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Everything known about one {@code AssumeRoleWithWebIdentity} call that condition keys come from.
 * {@code sourceIp} and {@code userAgent} may be null (their keys are then absent).
 */
public record WebIdentityFacts(
        String providerUrl,
        String providerArn,
        Map<String, Object> claims,
        ConditionKeysMode mode,
        String sourceIp,
        String userAgent,
        boolean secureTransport,
        Instant now) {

    public WebIdentityFacts {
        Objects.requireNonNull(providerUrl, "providerUrl");
        Objects.requireNonNull(providerArn, "providerArn");
        Objects.requireNonNull(claims, "claims");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(now, "now");
    }
}
