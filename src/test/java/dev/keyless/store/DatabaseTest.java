package dev.keyless.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    @Test
    void openWhenSqliteFolderMissingThenCreatesItAndUsesWal() throws SQLException {
        Path file = tmp.resolve("nested/data/keyless.db");
        try (Database db = Database.open("jdbc:sqlite:" + file, CLOCK)) {
            assertThat(db.dialect()).isEqualTo(Dialect.SQLITE);
            assertThat(db.dataFolder()).contains(file.getParent().toAbsolutePath());
            assertThat(Files.exists(file)).isTrue();
            try (Connection c = db.dataSource().getConnection();
                    var rows = c.createStatement().executeQuery("PRAGMA journal_mode")) {
                rows.next();
                assertThat(rows.getString(1)).isEqualToIgnoringCase("wal");
            }
        }
    }

    @Test
    void openWhenRunTwiceThenMigrationsAppliedOnce() throws SQLException {
        String url = "jdbc:sqlite:" + tmp.resolve("keyless.db");
        try (Database first = Database.open(url, CLOCK)) {
            assertThat(versions(first)).contains(1);
        }
        try (Database second = Database.open(url, CLOCK)) {
            assertThat(versions(second)).containsOnlyOnce(1);
            assertThat(new MigrationRunner(second, CLOCK).migrate()).isEmpty();
        }
    }

    @Test
    void openWhenUrlIsInMemoryThenRefused() {
        assertThatThrownBy(() -> Database.open("jdbc:sqlite::memory:", CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("in-memory");
    }

    @Test
    void openWhenUrlIsUnknownThenRefusedNamingTheSupportedOnes() {
        assertThatThrownBy(() -> Database.open("jdbc:mysql://x/y", CLOCK))
                .hasMessageContaining("jdbc:sqlite:").hasMessageContaining("jdbc:postgresql:");
    }

    @Test
    void migrateWhenAppliedMigrationWasEditedThenRefused() throws SQLException {
        String url = "jdbc:sqlite:" + tmp.resolve("keyless.db");
        try (Database db = Database.open(url, CLOCK);
                Connection c = db.dataSource().getConnection()) {
            c.createStatement().executeUpdate("UPDATE schema_version SET checksum = 'x' WHERE version = 1");
        }
        assertThatThrownBy(() -> Database.open(url, CLOCK)).hasMessageContaining("V1 was changed");
    }

    @Test
    void loadWhenOnClasspathThenFindsIssuerKeysMigration() {
        assertThat(MigrationRunner.load()).containsKey(1);
        assertThat(MigrationRunner.load().get(1).description()).isEqualTo("issuer_keys");
    }

    static List<Integer> versions(Database db) throws SQLException {
        List<Integer> versions = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
                var rows = c.createStatement().executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            while (rows.next()) {
                versions.add(rows.getInt(1));
            }
        }
        return versions;
    }
}
