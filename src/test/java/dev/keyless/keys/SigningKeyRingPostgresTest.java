package dev.keyless.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.store.Database;
import dev.keyless.testing.TestClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Two nodes on one real PostgreSQL: rotation happens once, both serve the same JWKS. */
class SigningKeyRingPostgresTest {
    @Test
    void rotateWhenTwoNodesRotateTogetherThenOneScheduledOneAlreadyPending() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));
        MasterKey master = MasterKey.generate(new SecureRandom());
        KeyRingSettings settings = new KeyRingSettings(KeyAlgorithm.RS256, Duration.ofMinutes(10), Duration.ofSeconds(30));
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                Database a = Database.open(postgres.getJdbcUrl("postgres", "postgres"), clock);
                Database b = Database.open(postgres.getJdbcUrl("postgres", "postgres"), clock)) {
            SigningKeyRing nodeA = SigningKeyRing.open(a, master, clock, settings);
            SigningKeyRing nodeB = SigningKeyRing.open(b, master, clock, settings);
            assertThat(nodeB.list()).hasSize(1);
            clock.advance(Duration.ofMinutes(1));
            var pool = Executors.newFixedThreadPool(2);
            try {
                Future<Rotation> ra = pool.submit(() -> nodeA.rotate(Duration.ofMinutes(5), SigningKeyRing.RotateMode.PUBLISH_FIRST));
                Future<Rotation> rb = pool.submit(() -> nodeB.rotate(Duration.ofMinutes(5), SigningKeyRing.RotateMode.PUBLISH_FIRST));
                List<Rotation> results = List.of(ra.get(), rb.get());
                assertThat(results).filteredOn(r -> r instanceof Rotation.Scheduled).hasSize(1);
                assertThat(results).filteredOn(r -> r instanceof Rotation.AlreadyPending).hasSize(1);
            } finally {
                pool.shutdownNow();
            }
            nodeA.refresh();
            nodeB.refresh();
            assertThat(nodeA.publicJwksJson()).isEqualTo(nodeB.publicJwksJson());
            assertThat(nodeA.list()).hasSize(2);
        }
    }
}
