package dev.keyless.sealing;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One AES-256 sealing key. {@code retiredAt} is empty for the active key; retired keys still open
 * tokens until they are dropped.
 */
public record SealingKey(int id, Instant createdAt, Optional<Instant> retiredAt, SecretKey key) {

    public SealingKey {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(retiredAt, "retiredAt");
        Objects.requireNonNull(key, "key");
    }

    static SealingKey of(int id, Instant createdAt, Optional<Instant> retiredAt, byte[] material) {
        if (material.length != 32) {
            throw new IllegalArgumentException("sealing key " + id + " is not 256 bits");
        }
        SecretKey key = new SecretKeySpec(material, "AES");
        Arrays.fill(material, (byte) 0);
        return new SealingKey(id, createdAt, retiredAt, key);
    }

    public boolean active() {
        return retiredAt.isEmpty();
    }

    @Override
    public String toString() {
        return "SealingKey[id=" + id + ", createdAt=" + createdAt + ", retiredAt="
                + retiredAt.map(Instant::toString).orElse("-") + "]";
    }
}
