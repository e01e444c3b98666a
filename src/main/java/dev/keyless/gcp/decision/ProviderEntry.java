package dev.keyless.gcp.decision;

import dev.keyless.config.PoolProvider;
import dev.keyless.config.WorkloadIdentityPool;
import dev.keyless.gcp.iam.WorkloadPool;
import dev.keyless.gcp.mapping.CompiledMapping;
import dev.keyless.oidc.IssuerLookup;
import java.util.List;
import java.util.Objects;

/** One provider with everything an exchange needs: its pool, compiled CEL and trusted issuer. */
public record ProviderEntry(WorkloadIdentityPool pool, PoolProvider provider, WorkloadPool workloadPool,
                            CompiledMapping mapping, IssuerLookup issuers) {
    public ProviderEntry {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(workloadPool, "workloadPool");
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(issuers, "issuers");
    }

    /** {@code projects/N/locations/global/workloadIdentityPools/P/providers/X}. */
    public String resourceName() {
        return workloadPool.resourceName() + "/providers/" + provider.id();
    }

    public boolean enabled() {
        return !pool.disabled() && !provider.disabled();
    }

    /**
     * The {@code aud} values the provider accepts: its {@code allowedAudiences}, or when that is
     * empty its own full name with or without {@code https:} (Google's workload identity
     * federation documentation, "allowed audiences").
     */
    public List<String> acceptedAudiences() {
        return provider.allowedAudiences().isEmpty()
                ? List.of("//iam.googleapis.com/" + resourceName(), "https://iam.googleapis.com/" + resourceName())
                : provider.allowedAudiences();
    }
}
