package dev.keyless.keys;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.keyless.store.Database;
import dev.keyless.store.LockName;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The issuer's signing keys, shared by every node through the store.
 *
 * <p>Rotation is publish-then-use: {@link #rotate} inserts a key whose
 * {@code activate_at} is {@code now + publishDelay}. Until then it is NEXT: served in the JWKS but
 * never used. Each node reloads the ring every {@code refreshInterval}, and verifiers re-read the
 * JWKS after its {@code max-age}, so by {@code activate_at} every JWKS a verifier can hold already
 * lists it. The switch itself needs no write: every node picks as signer the key with the latest
 * {@code activate_at <= now}, so nodes switch together, by the clock. In the same transaction the
 * previous key gets {@code retire_after = activate_at + maxTokenTtl + refreshInterval}: the last
 * token it can sign (on a node that has not refreshed yet) expires before that, and the key stays
 * in the JWKS until then. Rotation runs under an advisory lock, so two concurrent rotations queue.
 * {@code rotate(ttl, RotateMode.NOW)} is the emergency path: the new key signs at once.
 *
 * <p>Signing never touches the store: the active {@link SigningKey} (with its Nimbus signer built
 * once) comes from an in-memory snapshot replaced by {@link #refresh()}.
 */
public final class SigningKeyRing implements ActiveSigner {
    /** How {@link #rotate} schedules the new key. */
    public enum RotateMode { PUBLISH_FIRST, NOW }

    private record Snapshot(List<StoredKey> keys, Map<String, SigningKey> signers) {}

    private final Database database;
    private final MasterKey masterKey;
    private final Clock clock;
    private final KeyRingSettings settings;
    private final SecureRandom random;
    private final KeyRepository repository;
    private volatile Snapshot snapshot = new Snapshot(List.of(), Map.of());
    private volatile PublishedJwks publishedJwks;

    public SigningKeyRing(Database database, MasterKey masterKey, Clock clock, KeyRingSettings settings, SecureRandom random) {
        this(database, masterKey, clock, settings, random, "");
    }

    /**
     * A ring whose kids start with {@code kidPrefix} (lower-case letters and a '.', e.g. {@code sa.}):
     * its keys live in the same store but are never published or used by any other ring.
     */
    public SigningKeyRing(Database database, MasterKey masterKey, Clock clock, KeyRingSettings settings, SecureRandom random,
            String kidPrefix) {
        this.repository = new KeyRepository(Objects.requireNonNull(kidPrefix, "kidPrefix"));
        this.database = Objects.requireNonNull(database, "database");
        this.masterKey = Objects.requireNonNull(masterKey, "masterKey");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Opens the ring, creating the first key (active at once: nothing was published before) if empty. */
    public static SigningKeyRing open(Database database, MasterKey masterKey, Clock clock, KeyRingSettings settings) {
        return open(database, masterKey, clock, settings, "");
    }

    /** As {@link #open(Database, MasterKey, Clock, KeyRingSettings)} for the ring of {@code kidPrefix}. */
    public static SigningKeyRing open(Database database, MasterKey masterKey, Clock clock, KeyRingSettings settings,
            String kidPrefix) {
        SigningKeyRing ring = new SigningKeyRing(database, masterKey, clock, settings, new SecureRandom(), kidPrefix);
        ring.inTransaction(c -> {
            if (ring.repository.loadAll(c).isEmpty()) {
                Instant now = clock.instant();
                ring.repository.insert(c, KeyMaterial.seal(KeyMaterial.generate(settings.algorithm(), ring.random,
                                ring.repository.kidPrefix()),
                        settings.algorithm(), masterKey, now, now));
            }
            return null;
        });
        ring.refresh();
        return ring;
    }

    /** Reloads the keys from the store; unseals only keys not seen before and not expired. */
    public void refresh() {
        List<StoredKey> keys = inTransaction(repository::loadAll);
        Instant now = clock.instant();
        Map<String, SigningKey> previous = snapshot.signers();
        Map<String, SigningKey> signers = new HashMap<>();
        for (StoredKey key : keys) {
            if (!key.expiredAt(now)) {
                SigningKey known = previous.get(key.kid());
                signers.put(key.kid(), known != null ? known : KeyMaterial.unseal(key, masterKey));
            }
        }
        snapshot = new Snapshot(List.copyOf(keys), Map.copyOf(signers));
    }

    @Override
    public SigningKey activeSigner() {
        Snapshot current = snapshot;
        StoredKey active = KeyStates.active(current.keys(), clock.instant())
                .orElseThrow(() -> new IllegalStateException("key ring: no active key; run `keyless keys rotate --now`"));
        SigningKey signer = current.signers().get(active.kid());
        if (signer == null) {
            throw new IllegalStateException("key ring: active key " + active.kid() + " was not loaded; refresh the ring");
        }
        return signer;
    }

    /**
     * {@code {"keys":[…]}} with the public part of every NEXT, ACTIVE and RETIRED key. The JSON is
     * kept while the snapshot and the set of published keys stay the same: it is served with every
     * JWKS response and handed to the verifier for every token this issuer signed, so rebuilding it
     * (JWK parsing and serialising) per call was per-request work.
     */
    public String publicJwksJson() {
        Instant now = clock.instant();
        Snapshot current = snapshot;
        List<StoredKey> published = current.keys().stream()
                .filter(key -> KeyStates.stateOf(key, current.keys(), now) != KeyState.EXPIRED).toList();
        PublishedJwks cached = publishedJwks;
        if (cached != null && cached.snapshot() == current && cached.keys().equals(published)) {
            return cached.json();
        }
        String json = new JWKSet(published.stream().map(SigningKeyRing::parsePublic).toList()).toString(true);
        publishedJwks = new PublishedJwks(current, published, json);
        return json;
    }

    private record PublishedJwks(Snapshot snapshot, List<StoredKey> keys, String json) {}

    /** Algorithms of the published keys, for the discovery document. */
    public List<String> publishedAlgorithms() {
        Instant now = clock.instant();
        return snapshot.keys().stream()
                .filter(k -> KeyStates.stateOf(k, snapshot.keys(), now) != KeyState.EXPIRED)
                .map(k -> k.alg().name()).distinct().sorted().toList();
    }

    public List<KeyInfo> list() {
        Instant now = clock.instant();
        List<StoredKey> keys = snapshot.keys();
        return keys.stream().map(k -> new KeyInfo(k.kid(), k.alg(), KeyStates.stateOf(k, keys, now), k.created(),
                k.activateAt(), k.retireAfter())).toList();
    }

    /**
     * Publishes a new key of the configured algorithm. {@code maxTokenTtl} is the longest lifetime
     * of any token the current key may still sign; it keeps that key published long enough.
     */
    public Rotation rotate(Duration maxTokenTtl, RotateMode mode) {
        Objects.requireNonNull(maxTokenTtl, "maxTokenTtl");
        Objects.requireNonNull(mode, "mode");
        Rotation rotation = inTransaction(c -> rotateLocked(c, maxTokenTtl, mode));
        refresh();
        return rotation;
    }

    private Rotation rotateLocked(Connection c, Duration maxTokenTtl, RotateMode mode) throws SQLException {
        database.lockForTransaction(c, LockName.ISSUER_KEY_ROTATION);
        Instant now = clock.instant();
        List<StoredKey> keys = repository.loadAll(c);
        List<StoredKey> remaining = new ArrayList<>();
        for (StoredKey key : keys) {
            KeyState state = KeyStates.stateOf(key, keys, now);
            if (state == KeyState.NEXT && mode == RotateMode.PUBLISH_FIRST) {
                return new Rotation.AlreadyPending(info(key, state));
            }
            // Expired keys: every token they signed has expired. Pending keys on --now: never signed.
            if (state == KeyState.EXPIRED || state == KeyState.NEXT) {
                repository.delete(c, key.kid());
            } else {
                remaining.add(key);
            }
        }
        // The store keeps milliseconds: compare at that precision, or a key made in the same millisecond
        // as the last one would tie with it once stored, and which one signs would depend on row order.
        Instant base = now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Instant activateAt = mode == RotateMode.NOW ? base : base.plus(settings.publishDelay());
        // Strictly after every existing key, so "latest activate_at" names one signer on every node.
        for (StoredKey key : remaining) {
            if (!activateAt.isAfter(key.activateAt())) {
                activateAt = key.activateAt().plusMillis(1);
            }
        }
        repository.retireOpenKeys(c, activateAt.plus(maxTokenTtl).plus(settings.refreshInterval()));
        StoredKey next = KeyMaterial.seal(KeyMaterial.generate(settings.algorithm(), random, repository.kidPrefix()),
                settings.algorithm(),
                masterKey, now, activateAt);
        repository.insert(c, next);
        return new Rotation.Scheduled(info(next, activateAt.isAfter(now) ? KeyState.NEXT : KeyState.ACTIVE));
    }

    private static KeyInfo info(StoredKey key, KeyState state) {
        return new KeyInfo(key.kid(), key.alg(), state, key.created(), key.activateAt(), key.retireAfter());
    }

    private static JWK parsePublic(StoredKey key) {
        try {
            return JWK.parse(key.publicJwk());
        } catch (ParseException e) {
            throw new IllegalStateException("key ring: stored public key " + key.kid() + " is not a JWK", e);
        }
    }

    private interface TxBody<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(TxBody<T> body) {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = body.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("key ring: store unavailable: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SigningKeyRing[keys=" + snapshot.keys().stream().map(StoredKey::kid).toList() + "]";
    }
}
