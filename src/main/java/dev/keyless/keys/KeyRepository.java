package dev.keyless.keys;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL over {@code issuer_keys} (V1__issuer_keys.sql); callers own the transaction. Several rings
 * share the table, told apart by a {@code kid} prefix that ends in '.': the issuer's own kids are
 * RFC 7638 thumbprints (base64url, never a '.'), another ring's are {@code PREFIX.thumbprint}.
 */
final class KeyRepository {
    private static final String COLUMNS =
            "kid, alg, public_jwk, private_jwk_sealed, master_key_id, created_at, activate_at, retire_after";

    private final String kidPrefix;
    /** The WHERE condition selecting this ring's rows; the prefix is a constant of the code, never input. */
    private final String ringFilter;

    KeyRepository(String kidPrefix) {
        this.kidPrefix = kidPrefix;
        if (!kidPrefix.isEmpty() && !kidPrefix.matches("[a-z]+\\.")) {
            throw new IllegalArgumentException("key ring prefix must be lower-case letters and a '.'");
        }
        this.ringFilter = kidPrefix.isEmpty() ? "kid NOT LIKE '%.%'" : "kid LIKE '" + kidPrefix + "%'";
    }

    String kidPrefix() {
        return kidPrefix;
    }

    List<StoredKey> loadAll(Connection c) throws SQLException {
        List<StoredKey> keys = new ArrayList<>();
        try (var statement = c.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT " + COLUMNS + " FROM issuer_keys WHERE " + ringFilter
                                + " ORDER BY activate_at, created_at, kid")) {
            while (rows.next()) {
                long retire = rows.getLong(8);
                Optional<Instant> retireAfter = rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(retire));
                keys.add(new StoredKey(rows.getString(1), KeyAlgorithm.valueOf(rows.getString(2)), rows.getString(3),
                        rows.getString(4), rows.getString(5), Instant.ofEpochMilli(rows.getLong(6)),
                        Instant.ofEpochMilli(rows.getLong(7)), retireAfter));
            }
        }
        return keys;
    }

    void insert(Connection c, StoredKey key) throws SQLException {
        try (var insert = c.prepareStatement("INSERT INTO issuer_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, key.kid());
            insert.setString(2, key.alg().name());
            insert.setString(3, key.publicJwk());
            insert.setString(4, key.privateJwkSealed());
            insert.setString(5, key.masterKeyId());
            insert.setLong(6, key.created().toEpochMilli());
            insert.setLong(7, key.activateAt().toEpochMilli());
            if (key.retireAfter().isPresent()) {
                insert.setLong(8, key.retireAfter().get().toEpochMilli());
            } else {
                insert.setNull(8, java.sql.Types.BIGINT);
            }
            insert.executeUpdate();
        }
    }

    /** Schedules the retirement of every key that has none yet (the ones that signed until now). */
    int retireOpenKeys(Connection c, Instant retireAfter) throws SQLException {
        try (var update = c.prepareStatement("UPDATE issuer_keys SET retire_after = ? WHERE retire_after IS NULL AND "
                + ringFilter)) {
            update.setLong(1, retireAfter.toEpochMilli());
            return update.executeUpdate();
        }
    }

    void delete(Connection c, String kid) throws SQLException {
        try (var delete = c.prepareStatement("DELETE FROM issuer_keys WHERE kid = ?")) {
            delete.setString(1, kid);
            delete.executeUpdate();
        }
    }
}
