package dev.keyless.gcp.sts;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The OIDC provider's {@code aud} rule (IAM API, workload identity pool providers {@code allowedAudiences}): with
 * an empty list, {@code aud} must be the provider's full name with or without the {@code https:}
 * prefix; with a list, one of the token's audiences must be in it and the default audiences no
 * longer count. Error text: §1 table "aud mismatch".
 */
public final class AudienceRules {

    private AudienceRules() {
    }

    /**
     * @param providerName {@code projects/N/…/providers/X}, or the same with a {@code //iam.googleapis.com/} prefix
     * @return empty when accepted, else the {@code invalid_grant} error to send
     */
    public static Optional<OAuthError> check(List<String> tokenAud, List<String> allowedAudiences,
                                             String providerName) {
        Objects.requireNonNull(allowedAudiences, "allowedAudiences");
        Objects.requireNonNull(providerName, "providerName");
        List<String> aud = tokenAud == null ? List.of() : tokenAud;
        List<String> accepted = allowedAudiences.isEmpty() ? defaultAudiences(providerName) : allowedAudiences;
        for (String a : aud) {
            if (accepted.contains(a)) {
                return Optional.empty();
            }
        }
        return Optional.of(OAuthError.audienceMismatch(aud));
    }

    static List<String> defaultAudiences(String providerName) {
        String resource = providerName.startsWith("//iam.googleapis.com/")
                ? providerName.substring("//iam.googleapis.com/".length()) : providerName;
        return List.of("//iam.googleapis.com/" + resource, "https://iam.googleapis.com/" + resource);
    }
}
