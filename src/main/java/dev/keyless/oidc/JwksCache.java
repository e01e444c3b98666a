package dev.keyless.oidc;

import com.nimbusds.jose.jwk.JWKSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Per-issuer verification keys: a TTL cache with refresh-ahead, a rate-limited refetch on an
 * unknown {@code kid}, the last good keys kept through an outage, bounded HTTP fetches, and one
 * shared fetch per issuer however many requests wait for it. Static and
 * supplied key sources never touch the network.
 */
public final class JwksCache implements AutoCloseable {

    /**
     * Timings and limits. Defaults follow Nimbus 10.10 {@code JWKSourceBuilder} (TTL 5 min,
     * refresh-ahead 30 s, rate limit 30 s, 50 KiB) and jose's 30 s
     * {@code cooldownDuration}; connect/read timeouts are 2 s instead of Nimbus' 500 ms so a
     * distant issuer is not declared down, still well under STS clients' own timeouts.
     * {@code maxStale} bounds how long last-good keys outlive their TTL during an outage
     * (fail closed only after the last good keys expire).
     * {@code fetchDeadline} bounds one whole fetch (discovery and keys, every read), whatever the
     * per-read timeouts. Whether plain http is acceptable is decided per issuer ({@link JwksFetcher}).
     */
    public record Settings(Duration ttl, Duration refreshAhead, Duration unknownKidCooldown, Duration connectTimeout,
            Duration readTimeout, long maxResponseBytes, Duration maxStale, Duration fetchDeadline) {

        public Settings {
            Objects.requireNonNull(ttl, "ttl");
            Objects.requireNonNull(refreshAhead, "refreshAhead");
            Objects.requireNonNull(unknownKidCooldown, "unknownKidCooldown");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(readTimeout, "readTimeout");
            Objects.requireNonNull(maxStale, "maxStale");
            Objects.requireNonNull(fetchDeadline, "fetchDeadline");
            if (fetchDeadline.isNegative() || fetchDeadline.isZero()) {
                throw new IllegalArgumentException("fetchDeadline must be positive");
            }
            if (refreshAhead.compareTo(ttl) >= 0 || maxResponseBytes <= 0) {
                throw new IllegalArgumentException("refreshAhead must be shorter than ttl and maxResponseBytes positive");
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(30),
                    Duration.ofSeconds(2), Duration.ofSeconds(2), 50 * 1024, Duration.ofHours(24), Duration.ofSeconds(5));
        }

        public Settings withTimeouts(Duration connect, Duration read) {
            return new Settings(ttl, refreshAhead, unknownKidCooldown, connect, read, maxResponseBytes, maxStale,
                    fetchDeadline);
        }

        public Settings withFetchDeadline(Duration deadline) {
            return new Settings(ttl, refreshAhead, unknownKidCooldown, connectTimeout, readTimeout, maxResponseBytes,
                    maxStale, deadline);
        }
    }

    /** Keys for one issuer, or why there are none. */
    sealed interface Keys permits Keys.Available, Keys.Unavailable {
        record Available(JWKSet keys) implements Keys {
        }

        record Unavailable(String detail) implements Keys {
        }
    }

    private record CacheKey(String issuer, KeySource source) {
    }

    private final Settings settings;
    private final Clock clock;
    private final VerifierMetrics metrics;
    private final JwksFetcher fetcher;
    private final ExecutorService refresher = Executors.newVirtualThreadPerTaskExecutor();
    private final ConcurrentMap<CacheKey, IssuerKeys> entries = new ConcurrentHashMap<>();

    public JwksCache(Settings settings, Clock clock, VerifierMetrics metrics) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.fetcher = new JwksFetcher(settings);
    }

    /** Current keys: cached while fresh, refreshed ahead of expiry, stale ones served on outage. */
    Keys keys(TrustedIssuer issuer) {
        return switch (issuer.keySource()) {
            case KeySource.StaticJwks s -> entry(issuer).local(s.jwksJson());
            case KeySource.Supplied s -> entry(issuer).local(s.jwksJson().get());
            default -> remote(issuer);
        };
    }

    /** An unknown kid may mean rotation: refetch, at most once per cooldown (OpenID Connect Core 1.0 §10.1.1). */
    Keys refreshForUnknownKid(TrustedIssuer issuer) {
        return switch (issuer.keySource()) {
            case KeySource.StaticJwks s -> keys(issuer);
            case KeySource.Supplied s -> keys(issuer);
            default -> entry(issuer).refetchForUnknownKid(clock.instant());
        };
    }

    private Keys remote(TrustedIssuer issuer) {
        IssuerKeys entry = entry(issuer);
        Instant now = clock.instant();
        IssuerKeys.Snapshot good = entry.good();
        if (good != null && now.isBefore(good.fetchedAt().plus(settings.ttl()))) {
            if (!now.isBefore(good.fetchedAt().plus(settings.ttl()).minus(settings.refreshAhead()))) {
                entry.refreshInBackground(now, refresher);
            }
            metrics.cacheHit(issuer.issuer());
            return new Keys.Available(good.keys());
        }
        if (good != null && now.isBefore(good.fetchedAt().plus(settings.ttl()).plus(settings.maxStale()))) {
            // Past the TTL with last good keys: they answer now and one background fetch replaces
            // them, so a slow or hostile key endpoint delays no request.
            entry.refreshInBackground(now, refresher);
            metrics.cacheHit(issuer.issuer());
            return new Keys.Available(good.keys());
        }
        return entry.fetchIfDue(now);
    }

    private IssuerKeys entry(TrustedIssuer issuer) {
        return entries.computeIfAbsent(new CacheKey(issuer.issuer(), issuer.keySource()),
                k -> new IssuerKeys(issuer, settings, clock, metrics, fetcher));
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
