package dev.keyless.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code aws.accounts}, keyed by the 12-digit account id, in file order. */
public record AwsConfig(Map<String, AwsAccount> accounts) {

    public AwsConfig {
        accounts = Collections.unmodifiableMap(new LinkedHashMap<>(accounts));
    }

    public Optional<AwsAccount> account(String accountId) {
        return Optional.ofNullable(accounts.get(accountId));
    }
}
