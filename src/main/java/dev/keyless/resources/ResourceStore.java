package dev.keyless.resources;

import dev.keyless.store.Database;
import dev.keyless.store.LockName;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code config_resources} table ({@code V4__config_resources.sql}): configuration created at
 * run time through the configuration APIs, shared by every node of one database.
 *
 * <p>Writes are rare (a person or Terraform changing trust), so they are simply serialised: each
 * {@link #write} transaction takes {@link LockName#CONFIG_RESOURCES} (PostgreSQL advisory lock;
 * SQLite's IMMEDIATE transactions hold the single write lock) and, when it changed anything, moves
 * {@code config_revision} forward in the same commit. Readers poll that one number
 * ({@link ResourceWatcher}) and reload everything when it moves.
 */
public final class ResourceStore {
    private static final String COLUMNS = "kind, scope, name_key, name, document, etag, created_at, updated_at";

    private final Database database;
    private final Clock clock;

    public ResourceStore(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The committed revision: moves forward with every transaction that changed something. */
    public long revision() {
        try (Connection c = database.dataSource().getConnection()) {
            return revision(c);
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot read config_revision: " + e.getMessage(), e);
        }
    }

    /** Everything, consistently at one revision. */
    public ResourceSnapshot load() {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                long revision = revision(c);
                List<StoredResource> all = query(c, "SELECT " + COLUMNS
                        + " FROM config_resources ORDER BY kind, scope, name_key");
                c.commit();
                return new ResourceSnapshot(revision, all);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot read config_resources: " + e.getMessage(), e);
        }
    }

    /** One resource, outside any write transaction. */
    public Optional<StoredResource> find(ResourceKey key) {
        try (Connection c = database.dataSource().getConnection()) {
            return find(c, key);
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot read config_resources: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} in one serialised transaction and commits what it wrote; a runtime
     * exception from {@code work} rolls everything back and is rethrown.
     */
    public <T> T write(Function<ResourceTransaction, T> work) {
        Objects.requireNonNull(work, "work");
        try (Connection c = database.dataSource().getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                database.lockForTransaction(c, LockName.CONFIG_RESOURCES);
                Tx tx = new Tx(c, revision(c) + 1, clock.instant());
                T result = work.apply(tx);
                if (tx.changed) {
                    try (PreparedStatement s = c.prepareStatement("UPDATE config_revision SET revision = ? WHERE id = 1")) {
                        s.setLong(1, tx.revision);
                        s.executeUpdate();
                    }
                }
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot write config_resources: " + e.getMessage(), e);
        }
    }

    private static long revision(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT revision FROM config_revision WHERE id = 1");
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static Optional<StoredResource> find(Connection c, ResourceKey key) throws SQLException {
        List<StoredResource> rows = query(c, "SELECT " + COLUMNS
                + " FROM config_resources WHERE kind = ? AND scope = ? AND name_key = ?",
                key.kind(), key.scope(), key.nameKey());
        return rows.stream().findFirst();
    }

    private static List<StoredResource> query(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setString(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                List<StoredResource> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new StoredResource(new ResourceKey(rs.getString(1), rs.getString(2), rs.getString(3)),
                            rs.getString(4), rs.getString(5), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)),
                            Instant.ofEpochMilli(rs.getLong(8))));
                }
                return out;
            }
        }
    }

    /** The etag of a write at {@code revision}: base64 of the revision, so it is valid as GCP's bytes etag. */
    static String etag(long revision) {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(Long.BYTES).putLong(revision).array());
    }

    private static final class Tx implements ResourceTransaction {
        private final Connection c;
        private final long revision;
        private final Instant now;
        private boolean changed;

        Tx(Connection c, long revision, Instant now) {
            this.c = c;
            this.revision = revision;
            this.now = now;
        }

        @Override
        public Optional<StoredResource> find(ResourceKey key) {
            try {
                return ResourceStore.find(c, key);
            } catch (SQLException e) {
                throw new IllegalStateException("store: cannot read config_resources: " + e.getMessage(), e);
            }
        }

        @Override
        public List<StoredResource> list(String kind, String scope) {
            try {
                return query(c, "SELECT " + COLUMNS + " FROM config_resources WHERE kind = ? AND scope = ?"
                        + " ORDER BY name_key", kind, scope);
            } catch (SQLException e) {
                throw new IllegalStateException("store: cannot read config_resources: " + e.getMessage(), e);
            }
        }

        @Override
        public StoredResource put(ResourceKey key, String name, String document) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(document, "document");
            Optional<StoredResource> existing = find(key);
            Instant created = existing.map(StoredResource::createdAt).orElse(now);
            StoredResource row = new StoredResource(key, name, document, etag(revision), created, now);
            String sql = existing.isPresent()
                    ? "UPDATE config_resources SET name = ?, document = ?, etag = ?, created_at = ?, updated_at = ?"
                            + " WHERE kind = ? AND scope = ? AND name_key = ?"
                    : "INSERT INTO config_resources (name, document, etag, created_at, updated_at, kind, scope, name_key)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, name);
                s.setString(2, document);
                s.setString(3, row.etag());
                s.setLong(4, created.toEpochMilli());
                s.setLong(5, now.toEpochMilli());
                s.setString(6, key.kind());
                s.setString(7, key.scope());
                s.setString(8, key.nameKey());
                s.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("store: cannot write config_resources: " + e.getMessage(), e);
            }
            changed = true;
            return row;
        }

        @Override
        public boolean delete(ResourceKey key) {
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM config_resources WHERE kind = ? AND scope = ? AND name_key = ?")) {
                s.setString(1, key.kind());
                s.setString(2, key.scope());
                s.setString(3, key.nameKey());
                boolean deleted = s.executeUpdate() > 0;
                changed |= deleted;
                return deleted;
            } catch (SQLException e) {
                throw new IllegalStateException("store: cannot write config_resources: " + e.getMessage(), e);
            }
        }
    }
}
