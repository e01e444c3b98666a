package dev.keyless.oidc;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Objects;

/** Prometheus counters of the verifier. */
public final class VerifierMetrics {

    private final Counter jwksFetches;
    private final Counter cacheHits;
    private final Counter rejections;
    private final Counter verified;

    public VerifierMetrics(PrometheusRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        jwksFetches = Counter.builder().name("keyless_oidc_jwks_fetches_total")
                .help("JWKS fetches by issuer and outcome (success, failure, timeout, too_large)")
                .labelNames("issuer", "outcome").register(registry);
        cacheHits = Counter.builder().name("keyless_oidc_jwks_cache_hits_total")
                .help("Key lookups answered from the JWKS cache, by issuer")
                .labelNames("issuer").register(registry);
        rejections = Counter.builder().name("keyless_oidc_rejections_total")
                .help("Rejected tokens by reason").labelNames("reason").register(registry);
        verified = Counter.builder().name("keyless_oidc_verified_total")
                .help("Verified tokens by issuer").labelNames("issuer").register(registry);
    }

    /** Metrics into a fresh registry nobody scrapes: for tests and the CLI. */
    public static VerifierMetrics unregistered() {
        return new VerifierMetrics(new PrometheusRegistry());
    }

    void jwksFetch(String issuer, String outcome) {
        jwksFetches.labelValues(issuer, outcome).inc();
    }

    void cacheHit(String issuer) {
        cacheHits.labelValues(issuer).inc();
    }

    void rejected(RejectionReason reason) {
        rejections.labelValues(reason.name()).inc();
    }

    void verified(String issuer) {
        verified.labelValues(issuer).inc();
    }

    /** Current value, for tests and diagnostics. */
    public long jwksFetches(String issuer, String outcome) {
        return (long) jwksFetches.labelValues(issuer, outcome).get();
    }

    public long cacheHits(String issuer) {
        return (long) cacheHits.labelValues(issuer).get();
    }

    public long rejections(RejectionReason reason) {
        return (long) rejections.labelValues(reason.name()).get();
    }
}
