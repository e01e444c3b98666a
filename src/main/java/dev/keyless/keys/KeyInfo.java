package dev.keyless.keys;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code keyless keys list} shows about a key: no private material.
 *
 * @param activated   when it starts (or started) signing
 * @param retireAfter when it leaves the JWKS; empty while no newer key has been scheduled
 */
public record KeyInfo(String kid, KeyAlgorithm alg, KeyState state, Instant created, Instant activated,
        Optional<Instant> retireAfter) {
    public KeyInfo {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(alg, "alg");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(activated, "activated");
        Objects.requireNonNull(retireAfter, "retireAfter");
    }
}
