package dev.keyless.sealing;

import dev.keyless.keys.MasterKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The sealing key ring, kept in the store and cached in memory.
 *
 * <p>{@link #rotate()} makes a new active key; retired keys keep opening tokens until they are
 * older than the longest credential lifetime (12 h: AWS's DurationSeconds maximum, STS API Reference, AssumeRoleWithWebIdentity)
 * and are then dropped. The cache is reloaded from the table every {@code refreshInterval}, and at
 * once (rate-limited to the same interval) when a token names an unknown key id, so several nodes
 * see each other's rotations. Reads are lock-free: a snapshot in an {@link AtomicReference}.
 */
public final class SealingKeys implements SealingKeyRing {

    /** AWS credentials live at most 43200 s (STS API Reference, AssumeRoleWithWebIdentity). */
    public static final Duration MAX_CREDENTIAL_LIFETIME = Duration.ofHours(12);

    private record Snapshot(Map<Integer, SealingKey> byId, SealingKey active, Instant loadedAt) {}

    private final SealingKeyTable table;
    /**
     * Associated data of every wrapped sealing key: a sealing key's ciphertext cannot be passed off
     * as another kind of secret under the same master key. Stored rows depend on this exact value.
     */
    static final byte[] WRAPPING_AAD = "keyless-sealing-key".getBytes(StandardCharsets.US_ASCII);

    private final MasterKey master;
    private final Clock clock;
    private final SecureRandom random;
    private final Duration refreshInterval;
    private static final Duration UNKNOWN_ID_RELOAD_INTERVAL = Duration.ofSeconds(1);
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();

    /** Keys in the {@code sealing_keys} table (migration V2), wrapped by {@code master}. */
    public SealingKeys(DataSource dataSource, MasterKey master, Clock clock, SecureRandom random,
            Duration refreshInterval) {
        this(new JdbcSealingKeyTable(dataSource), master, clock, random, refreshInterval);
    }

    SealingKeys(SealingKeyTable table, MasterKey master, Clock clock, SecureRandom random,
            Duration refreshInterval) {
        this.table = Objects.requireNonNull(table, "table");
        this.master = Objects.requireNonNull(master, "master");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.refreshInterval = Objects.requireNonNull(refreshInterval, "refreshInterval");
        snapshot.set(load());
        if (snapshot.get().active() == null) {
            rotate();
        }
    }

    /** Keys in memory only (tests, single-process tools), with a random master key. */
    public static SealingKeys inMemory(Clock clock, SecureRandom random) {
        return new SealingKeys(new InMemorySealingKeyTable(), MasterKey.generate(random),
                clock, random, Duration.ofMinutes(1));
    }

    @Override
    public SealingKey activeKey() {
        return current().active();
    }

    @Override
    public Optional<SealingKey> find(int keyId) {
        Snapshot s = current();
        SealingKey key = s.byId().get(keyId);
        // An unknown id may be a key another node made a moment ago (two nodes starting on an empty
        // store both create one): re-read at once, but at most once a second so forged ids cannot
        // turn every request into a database read.
        if (key == null && s.loadedAt().plus(UNKNOWN_ID_RELOAD_INTERVAL).isBefore(clock.instant())) {
            key = reload().byId().get(keyId);
        }
        return Optional.ofNullable(key).filter(k -> !droppable(k, clock.instant()));
    }

    /** Makes a new active key, retires the old one and drops keys retired more than 12 h ago. */
    public SealingKey rotate() {
        Instant now = clock.instant();
        byte[] material = new byte[32];
        random.nextBytes(material);
        int id = random.nextInt(1, Integer.MAX_VALUE);
        table.rotate(new SealingKeyTable.Row(id, now, null, master.seal(material, WRAPPING_AAD)), now,
                now.minus(MAX_CREDENTIAL_LIFETIME));
        return reload().active();
    }

    /** All keys currently known, newest first (for status pages and tests). */
    public List<SealingKey> keys() {
        return current().byId().values().stream()
                .sorted(Comparator.comparing(SealingKey::createdAt).reversed()).toList();
    }

    private Snapshot current() {
        Snapshot s = snapshot.get();
        if (!s.loadedAt().plus(refreshInterval).isAfter(clock.instant())) {
            return reload();
        }
        return s;
    }

    private Snapshot reload() {
        Snapshot fresh = load();
        snapshot.set(fresh);
        return fresh;
    }

    private Snapshot load() {
        Instant now = clock.instant();
        Map<Integer, SealingKey> byId = table.loadAll().stream()
                .map(r -> SealingKey.of(r.id(), r.createdAt(), Optional.ofNullable(r.retiredAt()),
                        unwrap(r.wrapped())))
                .filter(k -> !droppable(k, now))
                .collect(Collectors.toUnmodifiableMap(SealingKey::id, Function.identity()));
        SealingKey active = byId.values().stream().filter(SealingKey::active)
                .max(Comparator.comparing(SealingKey::createdAt)).orElse(null);
        return new Snapshot(byId, active, now);
    }

    private byte[] unwrap(byte[] wrapped) {
        return master.open(wrapped, WRAPPING_AAD).orElseThrow(() -> new IllegalStateException(
                "sealing key does not open with master key " + master.id() + ": wrong " + MasterKey.ENV + "?"));
    }

    private static boolean droppable(SealingKey key, Instant now) {
        return key.retiredAt().map(r -> r.plus(MAX_CREDENTIAL_LIFETIME).isBefore(now)).orElse(false);
    }
}
