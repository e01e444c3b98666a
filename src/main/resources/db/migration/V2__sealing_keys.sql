-- Sealing keys for self-contained credentials (dev.keyless.credentials.SealingKeys).
-- Portable across SQLite and PostgreSQL: integer/bigint/varchar only, times as epoch milliseconds.
-- key_material is the 32-byte AES key wrapped by the store's master key, base64-encoded.
CREATE TABLE sealing_keys (
    key_id       INTEGER      NOT NULL PRIMARY KEY,
    created_at   BIGINT       NOT NULL,
    state        VARCHAR(16)  NOT NULL,
    retired_at   BIGINT,
    key_material VARCHAR(256) NOT NULL,
    CONSTRAINT sealing_keys_state CHECK (state IN ('active', 'retired'))
);
