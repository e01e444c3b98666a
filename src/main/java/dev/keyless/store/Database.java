package dev.keyless.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The JDBC store: SQLite by default, PostgreSQL for several nodes. Opening runs the schema
 * migrations ({@link MigrationRunner}) so every caller sees the current schema.
 */
public final class Database implements AutoCloseable {
    public static final String DEFAULT_URL = "jdbc:sqlite:./keyless-data/keyless.db";
    private static final String SQLITE_PREFIX = "jdbc:sqlite:";
    private static final String POSTGRES_PREFIX = "jdbc:postgresql:";
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private final Dialect dialect;
    private final HikariDataSource dataSource;
    private final Path dataFolder;

    private Database(Dialect dialect, HikariDataSource dataSource, Path dataFolder) {
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.dataFolder = dataFolder;
    }

    /**
     * Loads SQLite's native library (from the launcher's once-extracted copy) and initialises the
     * connection pool's classes without opening anything, so a command can have that done on
     * another core while it starts ({@code cli.StartupWarmUp}).
     */
    public static void prepare() {
        SqliteNativeLibrary.useCachedCopy();
        try {
            org.sqlite.SQLiteJDBCLoader.initialize();
        } catch (Exception e) {
            // Opening the store reports it, with the file it was opening.
        }
        new com.zaxxer.hikari.HikariConfig();
    }

    /** Opens the store for {@code jdbcUrl} and migrates it to the newest schema. */
    public static Database open(String jdbcUrl, Clock clock) {
        return open(jdbcUrl, StoreCredentials.NONE, clock);
    }

    /** Opens the store, logging in with {@code credentials} (PostgreSQL), and migrates it. */
    public static Database open(String jdbcUrl, StoreCredentials credentials, Clock clock) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(clock, "clock");
        Database db = connect(jdbcUrl, credentials);
        try {
            new MigrationRunner(db, clock).migrate();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    private static Database connect(String jdbcUrl, StoreCredentials credentials) {
        String lower = jdbcUrl.toLowerCase(Locale.ROOT);
        if (lower.startsWith(SQLITE_PREFIX)) {
            return openSqlite(jdbcUrl);
        }
        if (lower.startsWith(POSTGRES_PREFIX)) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(jdbcUrl);
            config.setPoolName("keyless-postgresql");
            config.setMaximumPoolSize(10);
            credentials.username().ifPresent(config::setUsername);
            credentials.password().ifPresent(config::setPassword);
            // A request waits at most this long for a connection when the database is down, so the
            // client gets an error (and can go to another node) instead of hanging for Hikari's 30 s.
            config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
            return new Database(Dialect.POSTGRESQL, new HikariDataSource(config), null);
        }
        throw new IllegalArgumentException(
                "store: unsupported JDBC URL (expected jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB)");
    }

    private static Database openSqlite(String jdbcUrl) {
        Path file = sqliteFile(jdbcUrl);
        Path folder = file.toAbsolutePath().getParent();
        try {
            createOwnerOnly(folder, file.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("store: cannot create data folder " + folder, e);
        }
        // WAL lets readers (JWKS, audit queries) run while one writer commits; NORMAL is durable
        // across application crashes in WAL mode (sqlite.org/pragma.html#pragma_synchronous).
        // IMMEDIATE transactions take the write lock at BEGIN, so two writers queue on
        // busy_timeout instead of failing with SQLITE_BUSY on lock upgrade.
        SqliteNativeLibrary.useCachedCopy();
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // Keyless never asks for generated keys; by default sqlite-jdbc matches every INSERT's SQL
        // against a pattern and runs "SELECT last_insert_rowid()" after it (a prepare and a query per
        // audit commit; bench/RESULTS.md).
        config.setGetGeneratedKeys(false);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl(jdbcUrl);
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(sqlite);
        pool.setPoolName("keyless-sqlite");
        pool.setMaximumPoolSize(4);
        return new Database(Dialect.SQLITE, new HikariDataSource(pool), folder);
    }

    /**
     * The data folder (0700, when Keyless creates it) and the database file (0600) exist before
     * SQLite opens the file: SQLite creates a missing file with 0644 less the umask, and creates its
     * {@code -wal}/{@code -shm} files with the permissions of the database file (sqlite.org/tempfiles.html),
     * so fixing the main file's mode here covers all three whatever the umask. The folder holds the
     * key ring and, without a configured master key, the master key file; an existing database file
     * is tightened too, an existing folder is left as the operator made it.
     */
    private static void createOwnerOnly(Path folder, Path file) throws IOException {
        boolean posix = folder.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(folder)) {
            if (posix) {
                Path parent = folder.getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try {
                    Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
                    Files.setPosixFilePermissions(folder, OWNER_DIRECTORY); // the attribute is masked by the umask
                } catch (FileAlreadyExistsException raced) {
                    // another process created it: use it as it is
                }
            } else {
                Files.createDirectories(folder);
            }
        }
        if (!posix) {
            return;
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
        } catch (FileAlreadyExistsException exists) {
            // an existing store: tightened below
        }
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            Path f = file.resolveSibling(file.getFileName() + suffix);
            if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                    && !Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS).equals(OWNER_FILE)) {
                Files.setPosixFilePermissions(f, OWNER_FILE);
            }
        }
    }

    /** The database file named by a {@code jdbc:sqlite:} URL (query parameters removed). */
    static Path sqliteFile(String jdbcUrl) {
        String path = jdbcUrl.substring(SQLITE_PREFIX.length());
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        }
        if (path.isEmpty() || path.equals(":memory:")) {
            throw new IllegalArgumentException("store: an in-memory SQLite database would lose the key ring;"
                    + " name a file, e.g. " + DEFAULT_URL);
        }
        return Path.of(path);
    }

    public Dialect dialect() {
        return dialect;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The folder holding the SQLite file (where a generated master key lives); empty on PostgreSQL. */
    public Optional<Path> dataFolder() {
        return Optional.ofNullable(dataFolder);
    }

    /**
     * Serializes writers across nodes for the rest of {@code tx}'s transaction: on PostgreSQL a
     * transaction-scoped advisory lock (released at commit/rollback); on SQLite the IMMEDIATE
     * transaction mode already holds the database's single write lock.
     */
    public void lockForTransaction(Connection tx, LockName lock) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            try (var statement = tx.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                statement.setLong(1, lock.id());
                statement.execute();
            }
        }
    }

    /**
     * Whether a {@code SELECT 1} succeeds within {@code timeout} (for {@code /readyz}). Bounded
     * separately from the pool's connection timeout because a readiness probe gives up after a
     * second or two and must get an answer, not a timeout.
     */
    public boolean reachable(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        CompletableFuture<Boolean> check = new CompletableFuture<>();
        Thread.ofVirtual().name("keyless-store-check").start(() -> check.complete(selectOne()));
        try {
            return check.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean selectOne() {
        try (Connection c = dataSource.getConnection(); var s = c.createStatement()) {
            s.execute("SELECT 1");
            return true;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    @Override
    public String toString() {
        return "Database[" + dialect + "]";
    }
}
