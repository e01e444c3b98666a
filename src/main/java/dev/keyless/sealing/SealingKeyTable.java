package dev.keyless.sealing;

import java.time.Instant;
import java.util.List;

/** Storage for wrapped sealing keys: the {@code sealing_keys} table (V2) or memory in tests. */
interface SealingKeyTable {

    /** A stored row; {@code wrapped} is the key material encrypted by the master key. */
    record Row(int id, Instant createdAt, Instant retiredAt, byte[] wrapped) {}

    List<Row> loadAll();

    /**
     * In one transaction: retire every active key at {@code now}, insert {@code fresh} as the
     * active key, and delete keys retired before {@code dropBefore}.
     */
    void rotate(Row fresh, Instant now, Instant dropBefore);
}
