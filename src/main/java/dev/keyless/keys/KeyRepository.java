package dev.keyless.keys;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL over {@code issuer_keys} (V1__issuer_keys.sql); callers own the transaction. */
final class KeyRepository {
    private static final String COLUMNS =
            "kid, alg, public_jwk, private_jwk_sealed, master_key_id, created_at, activate_at, retire_after";

    List<StoredKey> loadAll(Connection c) throws SQLException {
        List<StoredKey> keys = new ArrayList<>();
        try (var statement = c.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT " + COLUMNS + " FROM issuer_keys ORDER BY activate_at, created_at, kid")) {
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
        try (var update = c.prepareStatement("UPDATE issuer_keys SET retire_after = ? WHERE retire_after IS NULL")) {
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
