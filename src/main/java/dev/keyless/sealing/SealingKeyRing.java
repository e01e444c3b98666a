package dev.keyless.sealing;

import java.util.Optional;

/** Where {@link TokenSealer} finds its keys: the active key to seal, any known key to open. */
public interface SealingKeyRing {

    /** The key new tokens are sealed with. */
    SealingKey activeKey();

    /** A key by id, active or retired; empty when unknown (e.g. dropped after 12 h). */
    Optional<SealingKey> find(int keyId);
}
