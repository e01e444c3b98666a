-- Issuer signing keys (dev.keyless.keys.KeyRing). Portable SQL: runs unchanged on SQLite and PostgreSQL.
-- Times are epoch milliseconds (BIGINT) so both stores compare them the same way.
-- A key's state is derived from its times (see KeyRing): published from created_at, signing from
-- activate_at until a newer key activates, published until retire_after, then no longer served.
CREATE TABLE issuer_keys (
    kid VARCHAR(64) PRIMARY KEY,
    alg VARCHAR(16) NOT NULL,
    public_jwk TEXT NOT NULL,
    -- AES-256-GCM ciphertext of the private JWK under the operator's master key (base64), never clear text.
    private_jwk_sealed TEXT NOT NULL,
    master_key_id VARCHAR(32) NOT NULL,
    created_at BIGINT NOT NULL,
    activate_at BIGINT NOT NULL,
    retire_after BIGINT
);
CREATE INDEX issuer_keys_activate_at ON issuer_keys (activate_at);
