package dev.keyless.sealing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/** The {@code sealing_keys} table from {@code V2__sealing_keys.sql}; plain SQL for SQLite and PostgreSQL. */
final class JdbcSealingKeyTable implements SealingKeyTable {

    private final DataSource dataSource;

    JdbcSealingKeyTable(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public List<Row> loadAll() {
        String sql = "SELECT key_id, created_at, retired_at, key_material FROM sealing_keys";
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            List<Row> rows = new ArrayList<>();
            while (rs.next()) {
                long retired = rs.getLong(3);
                Instant retiredAt = rs.wasNull() ? null : Instant.ofEpochMilli(retired);
                rows.add(new Row(rs.getInt(1), Instant.ofEpochMilli(rs.getLong(2)), retiredAt,
                        Base64.getDecoder().decode(rs.getString(4))));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read sealing_keys", e);
        }
    }

    @Override
    public void rotate(Row fresh, Instant now, Instant dropBefore) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                update(c, "UPDATE sealing_keys SET state = 'retired', retired_at = ? WHERE state = 'active'",
                        now.toEpochMilli());
                update(c, "DELETE FROM sealing_keys WHERE state = 'retired' AND retired_at < ?",
                        dropBefore.toEpochMilli());
                insert(c, fresh);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot rotate sealing_keys", e);
        }
    }

    private static void update(Connection c, String sql, long millis) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, millis);
            s.executeUpdate();
        }
    }

    private static void insert(Connection c, Row row) throws SQLException {
        String sql = "INSERT INTO sealing_keys (key_id, created_at, state, retired_at, key_material)"
                + " VALUES (?, ?, 'active', NULL, ?)";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setInt(1, row.id());
            s.setLong(2, row.createdAt().toEpochMilli());
            s.setString(3, Base64.getEncoder().encodeToString(row.wrapped()));
            s.executeUpdate();
        }
    }
}
