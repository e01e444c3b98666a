package dev.keyless.keys;

import java.time.Duration;
import java.util.Objects;

/**
 * @param algorithm       of keys created from now on (RS256 like GitLab, or ES256)
 * @param publishDelay    how long a rotated key is published before it signs; must cover
 *                        {@code refreshInterval} plus the JWKS {@code max-age} verifiers cache
 *                        (see {@link SigningKeyRing}); 0 only in tests or with {@code rotate --now}
 * @param refreshInterval how often each node reloads the ring; added to a retiring key's
 *                        publication because a node may sign with it that much longer
 */
public record KeyRingSettings(KeyAlgorithm algorithm, Duration publishDelay, Duration refreshInterval) {
    /** 10 minutes = 2 × the JWKS max-age of 300 s, comfortably above the 30 s refresh. */
    public static final Duration DEFAULT_PUBLISH_DELAY = Duration.ofMinutes(10);
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(30);

    public KeyRingSettings {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(publishDelay, "publishDelay");
        Objects.requireNonNull(refreshInterval, "refreshInterval");
        if (publishDelay.isNegative() || refreshInterval.isNegative()) {
            throw new IllegalArgumentException("key ring: durations must not be negative");
        }
    }

    public static KeyRingSettings defaults() {
        return new KeyRingSettings(KeyAlgorithm.RS256, DEFAULT_PUBLISH_DELAY, DEFAULT_REFRESH_INTERVAL);
    }
}
