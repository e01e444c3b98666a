package dev.keyless.oidc;

import java.util.Optional;

/** Finds the trusted issuer whose URL equals {@code iss} exactly (aws-sts.md §4 step 2). */
@FunctionalInterface
public interface IssuerLookup {
    Optional<TrustedIssuer> find(String iss);
}
