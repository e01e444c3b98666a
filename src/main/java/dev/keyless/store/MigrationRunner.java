package dev.keyless.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies {@code db/migration/V<n>__<description>.sql} from the classpath in version order.
 *
 * <p>Why not Flyway: it serves SQLite and PostgreSQL only through separate database modules
 * (flyway-database-postgresql plus a community SQLite module that lags releases), and its
 * classpath scanning adds noticeable start-up time to every short CLI command. Our needs are
 * small: ordered, checksummed, transactional, and safe when two nodes start together.
 *
 * <p>All pending migrations run in one transaction that first takes {@link LockName#MIGRATIONS}
 * (PostgreSQL {@code pg_advisory_xact_lock}; SQLite's IMMEDIATE write lock), so a second node
 * waits, then sees the versions recorded by the first and applies nothing. Statements are split
 * on a {@code ;} that ends a line: migrations must not put one inside a string literal.
 */
final class MigrationRunner {
    static final String LOCATION = "db/migration";
    static final String INDEX = LOCATION + "/index";
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    record Migration(int version, String description, String sql, String checksum) {}

    private final Database database;
    private final Clock clock;

    MigrationRunner(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Applies every pending migration; returns the versions applied by this call. */
    List<Integer> migrate() {
        TreeMap<Integer, Migration> available = load();
        try (Connection tx = database.dataSource().getConnection()) {
            tx.setAutoCommit(false);
            try {
                List<Integer> applied = applyPending(tx, available);
                tx.commit();
                return applied;
            } catch (SQLException | RuntimeException e) {
                tx.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("store: schema migration failed: " + e.getMessage(), e);
        }
    }

    private List<Integer> applyPending(Connection tx, TreeMap<Integer, Migration> available) throws SQLException {
        database.lockForTransaction(tx, LockName.MIGRATIONS);
        try (var statement = tx.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INTEGER PRIMARY KEY, description VARCHAR(200) NOT NULL,"
                    + " checksum VARCHAR(64) NOT NULL, installed_at BIGINT NOT NULL)");
        }
        Map<Integer, String> done = new HashMap<>();
        try (var statement = tx.createStatement();
                var rows = statement.executeQuery("SELECT version, checksum FROM schema_version")) {
            while (rows.next()) {
                done.put(rows.getInt(1), rows.getString(2));
            }
        }
        var applied = new java.util.ArrayList<Integer>();
        for (Migration migration : available.values()) {
            String recorded = done.get(migration.version());
            if (recorded != null) {
                if (!recorded.equals(migration.checksum())) {
                    throw new IllegalStateException("store: migration V" + migration.version()
                            + " was changed after it was applied; add a new migration instead");
                }
                continue;
            }
            apply(tx, migration);
            applied.add(migration.version());
        }
        return applied;
    }

    private void apply(Connection tx, Migration migration) throws SQLException {
        try (var statement = tx.createStatement()) {
            for (String sql : migration.sql().split(";[ \\t]*(\\r?\\n|$)")) {
                if (!sql.strip().isEmpty() && !isOnlyComments(sql)) {
                    statement.execute(sql);
                }
            }
        }
        try (var insert = tx.prepareStatement(
                "INSERT INTO schema_version (version, description, checksum, installed_at) VALUES (?, ?, ?, ?)")) {
            insert.setInt(1, migration.version());
            insert.setString(2, migration.description());
            insert.setString(3, migration.checksum());
            insert.setLong(4, clock.millis());
            insert.executeUpdate();
        }
    }

    private static boolean isOnlyComments(String sql) {
        return sql.lines().map(String::strip).allMatch(line -> line.isEmpty() || line.startsWith("--"));
    }

    /**
     * The migrations named in {@code db/migration/index} (one file name a line), each read beside it:
     * from a folder (tests, IDE) and from the shaded jar alike. Listed rather than discovered: listing a
     * folder inside a jar means opening the 30 MB jar as a zip file system, about 15 ms of every
     * command's start (bench/RESULTS.md); {@code MigrationIndexTest} keeps the index equal to the folder.
     */
    static TreeMap<Integer, Migration> load() {
        TreeMap<Integer, Migration> found = new TreeMap<>();
        try {
            var indexes = MigrationRunner.class.getClassLoader().getResources(INDEX);
            while (indexes.hasMoreElements()) {
                URL index = indexes.nextElement();
                for (String name : read(index).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
                    collect(name, index, found);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("store: cannot read " + INDEX, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("store: cannot read " + INDEX, e);
        }
        return found;
    }

    private static String read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void collect(String fileName, URL index, TreeMap<Integer, Migration> found)
            throws IOException, URISyntaxException {
        Matcher name = NAME.matcher(fileName);
        if (!name.matches()) {
            throw new IllegalStateException("store: " + INDEX + " names " + fileName + ", not V<n>__<description>.sql");
        }
        // Beside the index: a jar: URL is opaque to URI.resolve, so the name replaces the last segment.
        String at = index.toURI().toString();
        URL file = new java.net.URI(at.substring(0, at.lastIndexOf('/') + 1) + fileName).toURL();
        byte[] bytes;
        try (InputStream in = file.openStream()) {
            bytes = in.readAllBytes();
        }
        int version = Integer.parseInt(name.group(1));
        Migration migration = new Migration(version, name.group(2), new String(bytes, StandardCharsets.UTF_8), sha256(bytes));
        Migration clash = found.putIfAbsent(version, migration);
        if (clash != null && !clash.checksum().equals(migration.checksum())) {
            throw new IllegalStateException("store: two different migrations have version V" + version);
        }
    }

    private static String sha256(byte[] bytes) {
        return dev.keyless.redaction.Fingerprints.sha256Hex(bytes);
    }
}
