package dev.keyless.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.store.Database;
import dev.keyless.testing.TestClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared store of API-created configuration, on SQLite and on a real PostgreSQL. */
class ResourceStoreTest {
    private static final ResourceKey ROLE = new ResourceKey("aws.role", "111122223333", "deployer");
    private static EmbeddedPostgres postgres;
    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T00:00:00Z"));

    @TempDir
    Path tmp;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    private Database sqlite() {
        return Database.open("jdbc:sqlite:" + tmp.resolve("keyless.db"), clock);
    }

    @Test
    void writeWhenPutThenFindAndLoadSeeItAndRevisionMoves() {
        try (Database db = sqlite()) {
            ResourceStore store = new ResourceStore(db, clock);
            assertThat(store.revision()).isZero();
            StoredResource written = store.write(tx -> tx.put(ROLE, "Deployer", "{\"a\":1}"));
            assertThat(store.revision()).isEqualTo(1);
            assertThat(store.find(ROLE)).contains(written);
            assertThat(written.name()).isEqualTo("Deployer");
            assertThat(store.load().resources()).containsExactly(written);
            assertThat(store.load().revision()).isEqualTo(1);
        }
    }

    @Test
    void writeWhenReplacedThenEtagChangesAndCreateTimeIsKept() {
        try (Database db = sqlite()) {
            ResourceStore store = new ResourceStore(db, clock);
            StoredResource first = store.write(tx -> tx.put(ROLE, "deployer", "{\"v\":1}"));
            clock.advance(Duration.ofMinutes(1));
            StoredResource second = store.write(tx -> tx.put(ROLE, "deployer", "{\"v\":2}"));
            assertThat(second.etag()).isNotEqualTo(first.etag());
            assertThat(second.createdAt()).isEqualTo(first.createdAt());
            assertThat(second.updatedAt()).isEqualTo(first.updatedAt().plus(Duration.ofMinutes(1)));
            assertThat(store.find(ROLE).orElseThrow().document()).isEqualTo("{\"v\":2}");
        }
    }

    @Test
    void writeWhenWorkThrowsThenNothingIsCommittedAndRevisionStays() {
        try (Database db = sqlite()) {
            ResourceStore store = new ResourceStore(db, clock);
            assertThatThrownBy(() -> store.write(tx -> {
                tx.put(ROLE, "deployer", "{}");
                throw new IllegalArgumentException("validation failed after the put");
            })).isInstanceOf(IllegalArgumentException.class);
            assertThat(store.find(ROLE)).isEmpty();
            assertThat(store.revision()).isZero();
        }
    }

    @Test
    void writeWhenNothingChangedThenRevisionStays() {
        try (Database db = sqlite()) {
            ResourceStore store = new ResourceStore(db, clock);
            boolean deleted = store.write(tx -> tx.delete(ROLE));
            assertThat(deleted).isFalse();
            assertThat(store.revision()).isZero();
        }
    }

    @Test
    void listWhenSeveralScopesThenOnlyTheScopeInKeyOrder() {
        try (Database db = sqlite()) {
            ResourceStore store = new ResourceStore(db, clock);
            store.write(tx -> {
                tx.put(new ResourceKey("aws.role", "111122223333", "b"), "b", "{}");
                tx.put(new ResourceKey("aws.role", "111122223333", "a"), "a", "{}");
                tx.put(new ResourceKey("aws.role", "444455556666", "c"), "c", "{}");
                return null;
            });
            List<String> names = store.write(tx -> tx.list("aws.role", "111122223333").stream()
                    .map(StoredResource::name).toList());
            assertThat(names).containsExactly("a", "b");
            assertThat(store.revision()).isEqualTo(1);
        }
    }

    @Test
    void writeWhenTwoNodesCheckThenCreateTheSameNameConcurrentlyThenExactlyOneCreates() throws Exception {
        String url = postgresUrl("concurrent_create");
        try (Database a = Database.open(url, clock); Database b = Database.open(url, clock)) {
            var pool = Executors.newFixedThreadPool(2);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (Database node : List.of(a, b)) {
                ResourceStore store = new ResourceStore(node, clock);
                results.add(pool.submit(() -> {
                    start.await();
                    return store.write(tx -> {
                        if (tx.find(ROLE).isPresent()) {
                            return false; // EntityAlreadyExists
                        }
                        sleep(200); // widen the window a lost update would need
                        tx.put(ROLE, "deployer", "{\"by\":\"" + node.hashCode() + "\"}");
                        return true;
                    });
                }));
            }
            start.countDown();
            int created = 0;
            for (Future<Boolean> f : results) {
                created += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            pool.shutdown();
            assertThat(created).isEqualTo(1);
            assertThat(new ResourceStore(a, clock).revision()).isEqualTo(1);
        }
    }

    @Test
    void watcherWhenAnotherNodeWritesThenListenerSeesItWithinTwoSeconds() throws Exception {
        String url = postgresUrl("watch");
        try (Database a = Database.open(url, clock); Database b = Database.open(url, clock)) {
            AtomicReference<ResourceSnapshot> seenByB = new AtomicReference<>(ResourceSnapshot.EMPTY);
            try (ResourceWatcher watcher = new ResourceWatcher(new ResourceStore(b, clock), Duration.ofMillis(200),
                    seenByB::set).start()) {
                new ResourceStore(a, clock).write(tx -> tx.put(ROLE, "deployer", "{}"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (seenByB.get().resources().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(seenByB.get().resources()).extracting(StoredResource::key).containsExactly(ROLE);
                assertThat(seenByB.get().revision()).isEqualTo(1);
                assertThat(watcher.refreshNow()).isFalse();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String postgresUrl(String database) throws Exception {
        try (var c = postgres.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("CREATE DATABASE " + database);
        }
        return postgres.getJdbcUrl("postgres", database);
    }
}
