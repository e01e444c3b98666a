package dev.keyless.keys;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Pure: a key's state from the ring's times and the clock (see {@link SigningKeyRing}). */
final class KeyStates {
    private KeyStates() {}

    /** The signer: the key with the latest {@code activate_at <= now}. {@code keys} sorted by activate_at. */
    static Optional<StoredKey> active(List<StoredKey> keys, Instant now) {
        StoredKey active = null;
        for (StoredKey key : keys) {
            if (!key.activateAt().isAfter(now)) {
                active = key;
            }
        }
        return Optional.ofNullable(active);
    }

    static KeyState stateOf(StoredKey key, List<StoredKey> keys, Instant now) {
        if (key.activateAt().isAfter(now)) {
            return KeyState.NEXT;
        }
        if (active(keys, now).map(a -> a.kid().equals(key.kid())).orElse(false)) {
            return KeyState.ACTIVE;
        }
        return key.expiredAt(now) ? KeyState.EXPIRED : KeyState.RETIRED;
    }
}
