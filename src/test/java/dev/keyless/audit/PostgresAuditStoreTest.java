package dev.keyless.audit;

import dev.keyless.store.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The audit contract on a real PostgreSQL (embedded binaries), a fresh database per test. */
class PostgresAuditStoreTest extends AuditStoreContract {
    private static EmbeddedPostgres postgres;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    Database openDatabase() throws Exception {
        String name = "audit_" + DATABASES.incrementAndGet();
        try (var c = postgres.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("CREATE DATABASE " + name);
        }
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        return Database.open(postgres.getJdbcUrl("postgres", name), clock);
    }
}
