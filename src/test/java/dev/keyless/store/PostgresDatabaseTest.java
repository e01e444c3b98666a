package dev.keyless.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Migrations on a real PostgreSQL (embedded binaries), including two nodes starting together. */
class PostgresDatabaseTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static EmbeddedPostgres postgres;

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

    static String url(String database) throws Exception {
        try (var c = postgres.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("CREATE DATABASE " + database);
        }
        return postgres.getJdbcUrl("postgres", database);
    }

    @Test
    void openWhenRunTwiceThenMigrationsAppliedOnce() throws Exception {
        String url = url("idempotent");
        try (Database first = Database.open(url, CLOCK)) {
            assertThat(first.dialect()).isEqualTo(Dialect.POSTGRESQL);
            assertThat(first.dataFolder()).isEmpty();
        }
        try (Database second = Database.open(url, CLOCK)) {
            assertThat(DatabaseTest.versions(second)).containsOnlyOnce(1);
        }
    }

    @Test
    void openWhenTwoNodesStartTogetherThenBothSucceedAndSchemaIsAppliedOnce() throws Exception {
        String url = url("together");
        var pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Database>> nodes = new ArrayList<>();
            Callable<Database> open = () -> Database.open(url, CLOCK);
            for (int i = 0; i < 4; i++) {
                nodes.add(pool.submit(open));
            }
            for (Future<Database> node : nodes) {
                try (Database db = node.get()) {
                    assertThat(DatabaseTest.versions(db)).containsOnlyOnce(1);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
