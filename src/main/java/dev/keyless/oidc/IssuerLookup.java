package dev.keyless.oidc;

import java.util.Optional;

/** Finds the trusted issuer whose URL equals {@code iss} exactly (IAM User Guide, OIDC identity providers). */
@FunctionalInterface
public interface IssuerLookup {
    Optional<TrustedIssuer> find(String iss);
}
