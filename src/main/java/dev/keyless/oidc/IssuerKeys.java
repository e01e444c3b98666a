package dev.keyless.oidc;

import com.nimbusds.jose.jwk.JWKSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/** The cache state of one issuer; every fetch goes through {@link #fetchShared}. */
final class IssuerKeys {

    record Snapshot(JWKSet keys, Instant fetchedAt) {
    }

    private final TrustedIssuer issuer;
    private final JwksCache.Settings settings;
    private final Clock clock;
    private final VerifierMetrics metrics;
    private final JwksFetcher fetcher;

    private volatile Snapshot good;
    private Instant lastAttempt;
    private String lastFailure;
    private Instant lastUnknownKidRefetch;
    private CompletableFuture<Void> inFlight;
    private volatile LocalKeys local;

    IssuerKeys(TrustedIssuer issuer, JwksCache.Settings settings, Clock clock, VerifierMetrics metrics,
            JwksFetcher fetcher) {
        this.issuer = issuer;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.fetcher = fetcher;
    }

    Snapshot good() {
        return good;
    }

    /**
     * Static or supplied keys: parsed again only when the text changes (key-ring rotation). No lock:
     * the key ring hands out the same String until its key set changes, so the common case is an
     * identity check; two threads racing on a change both parse the same text, which is harmless.
     */
    JwksCache.Keys local(String json) {
        LocalKeys current = local;
        if (current == null || (current.json() != json && !current.json().equals(json))) {
            current = new LocalKeys(json, KeySets.parse(json).orElse(null));
            local = current;
        }
        return current.keys() == null ? new JwksCache.Keys.Unavailable("configured JWKS is not a key set")
                : new JwksCache.Keys.Available(current.keys());
    }

    private record LocalKeys(String json, JWKSet keys) {}

    /** Expired or missing keys: fetch unless a fetch failed within the cooldown, then fall back. */
    JwksCache.Keys fetchIfDue(Instant now) {
        if (!recentlyFailed(now)) {
            fetchShared();
        }
        return current(now);
    }

    JwksCache.Keys refetchForUnknownKid(Instant now) {
        boolean fetch;
        synchronized (this) {
            fetch = inFlight != null || lastUnknownKidRefetch == null
                    || !now.isBefore(lastUnknownKidRefetch.plus(settings.unknownKidCooldown()));
            if (fetch && inFlight == null) {
                lastUnknownKidRefetch = now;
            }
        }
        if (fetch) {
            fetchShared();
        }
        synchronized (this) {
            if (lastFailure != null) {
                return new JwksCache.Keys.Unavailable(lastFailure);
            }
        }
        return current(now);
    }

    void refreshInBackground(Instant now, ExecutorService executor) {
        synchronized (this) {
            if (inFlight != null || recentlyFailed(now)) {
                return;
            }
        }
        try {
            executor.execute(this::fetchShared);
        } catch (RejectedExecutionException e) {
            // Closed cache: the next request past the TTL fetches in its own thread.
        }
    }

    private JwksCache.Keys current(Instant now) {
        Snapshot s = good;
        if (s != null && now.isBefore(s.fetchedAt().plus(settings.ttl()).plus(settings.maxStale()))) {
            return new JwksCache.Keys.Available(s.keys());
        }
        synchronized (this) {
            return new JwksCache.Keys.Unavailable(lastFailure == null ? "no keys fetched" : lastFailure);
        }
    }

    private synchronized boolean recentlyFailed(Instant now) {
        return lastFailure != null && lastAttempt != null
                && now.isBefore(lastAttempt.plus(settings.unknownKidCooldown()));
    }

    /** Single flight: the first caller fetches, the others wait for the same result. */
    private void fetchShared() {
        CompletableFuture<Void> shared;
        boolean owner = false;
        synchronized (this) {
            if (inFlight == null) {
                inFlight = new CompletableFuture<>();
                owner = true;
            }
            shared = inFlight;
        }
        if (!owner) {
            shared.join();
            return;
        }
        try {
            fetchNow();
        } finally {
            synchronized (this) {
                inFlight = null;
            }
            shared.complete(null);
        }
    }

    private void fetchNow() {
        Instant started = clock.instant();
        JwksFetcher.Fetch result = fetcher.jwks(issuer.keySource(), issuer);
        String outcome;
        String failure = null;
        if (result instanceof JwksFetcher.Fetch.Body body) {
            Optional<JWKSet> keys = KeySets.parse(body.text()).filter(k -> !k.getKeys().isEmpty());
            outcome = keys.isPresent() ? "success" : "failure";
            keys.ifPresent(k -> good = new Snapshot(k, started));
            failure = keys.isPresent() ? null : "key endpoint returned no usable JWKS";
        } else {
            JwksFetcher.Fetch.Failed failed = (JwksFetcher.Fetch.Failed) result;
            outcome = failed.outcome();
            failure = failed.detail();
        }
        metrics.jwksFetch(issuer.issuer(), outcome);
        synchronized (this) {
            lastAttempt = started;
            lastFailure = failure;
        }
    }
}
