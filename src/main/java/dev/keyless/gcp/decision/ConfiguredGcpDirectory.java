package dev.keyless.gcp.decision;

import dev.keyless.config.GcpConfig;
import dev.keyless.config.GcpProject;
import dev.keyless.config.PoolProvider;
import dev.keyless.config.ServiceAccountConfig;
import dev.keyless.config.WorkloadIdentityPool;
import dev.keyless.gcp.decision.GcpDirectory.ProviderEntry;
import dev.keyless.gcp.iam.WorkloadPool;
import dev.keyless.gcp.sts.ProviderAudience;
import dev.keyless.oidc.IssuerLookup;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The GCP configuration as loaded (every provider's CEL mapping and condition was compiled then:
 * one that does not compile is a config error), indexed by provider resource name with each
 * provider's trusted-issuer lookup.
 */
public final class ConfiguredGcpDirectory implements GcpDirectory {

    private final GcpConfig config;
    private final Map<String, ProviderEntry> providers; // keyed by resource name

    private ConfiguredGcpDirectory(GcpConfig config, Map<String, ProviderEntry> providers) {
        this.config = config;
        this.providers = Map.copyOf(providers);
    }

    public static ConfiguredGcpDirectory of(GcpConfig config, Function<PoolProvider, IssuerLookup> issuers) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(issuers, "issuers");
        Map<String, ProviderEntry> entries = new LinkedHashMap<>();
        for (GcpProject project : config.projects().values()) {
            long number = Long.parseLong(project.number()); // config validated: digits only
            for (WorkloadIdentityPool pool : project.pools().values()) {
                WorkloadPool workloadPool = new WorkloadPool(number, pool.id());
                for (PoolProvider provider : pool.providers().values()) {
                    ProviderEntry entry = new ProviderEntry(pool, provider, workloadPool, issuers.apply(provider));
                    entries.put(entry.resourceName(), entry);
                }
            }
        }
        return new ConfiguredGcpDirectory(config, entries);
    }

    @Override
    public Optional<ProviderEntry> provider(ProviderAudience audience) {
        return Optional.ofNullable(providers.get(audience.providerResourceName()));
    }

    @Override
    public Optional<WorkloadIdentityPool> pool(long projectNumber, String poolId) {
        return config.projectByNumber(Long.toString(projectNumber)).map(p -> p.pools().get(poolId));
    }

    @Override
    public boolean explainDenials(long projectNumber) {
        return config.projectByNumber(Long.toString(projectNumber)).map(GcpProject::explainDenials).orElse(false);
    }

    @Override
    public boolean explainDenialsForServiceAccount(String emailOrUniqueId) {
        return config.projects().values().stream().filter(p -> p.serviceAccount(emailOrUniqueId).isPresent())
                .findFirst().map(GcpProject::explainDenials).orElse(false);
    }

    @Override
    public Optional<ServiceAccountConfig> serviceAccount(String emailOrUniqueId) {
        return config.projects().values().stream().flatMap(p -> p.serviceAccount(emailOrUniqueId).stream())
                .findFirst();
    }
}
