package dev.keyless.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One AWS account. {@code explainDenials} (development only) appends the decisive check to the
 * AccessDenied message the caller sees; it defaults to false.
 */
public record AwsAccount(String accountId, ConditionKeys conditionKeys, boolean explainDenials,
        List<OidcProviderConfig> openIdConnectProviders, Map<String, RoleConfig> roles) {

    public AwsAccount {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(conditionKeys, "conditionKeys");
        openIdConnectProviders = List.copyOf(openIdConnectProviders);
        roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
    }

    public Optional<RoleConfig> role(String name) {
        return Optional.ofNullable(roles.get(name));
    }

    /** The provider whose URL equals the token's {@code iss} exactly (IAM compares case-sensitively). */
    public Optional<OidcProviderConfig> providerForIssuer(String iss) {
        return openIdConnectProviders.stream().filter(p -> p.url().equals(iss)).findFirst();
    }
}
