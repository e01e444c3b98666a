package dev.keyless.keys;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A row of {@code issuer_keys}: the public JWK in clear, the private JWK sealed. */
record StoredKey(String kid, KeyAlgorithm alg, String publicJwk, String privateJwkSealed, String masterKeyId,
        Instant created, Instant activateAt, Optional<Instant> retireAfter) {
    StoredKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(alg, "alg");
        Objects.requireNonNull(publicJwk, "publicJwk");
        Objects.requireNonNull(privateJwkSealed, "privateJwkSealed");
        Objects.requireNonNull(masterKeyId, "masterKeyId");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(activateAt, "activateAt");
        Objects.requireNonNull(retireAfter, "retireAfter");
    }

    boolean expiredAt(Instant now) {
        return retireAfter.isPresent() && !retireAfter.get().isAfter(now);
    }

    @Override
    public String toString() {
        return "StoredKey[kid=" + kid + ", alg=" + alg + "]";
    }
}
