package dev.keyless.gcp.decision;

import dev.keyless.gcp.decision.GcpDirectory.ProviderEntry;
import dev.keyless.config.GcpConfig;
import dev.keyless.config.GcpProject;
import dev.keyless.config.PoolProvider;
import dev.keyless.config.ServiceAccountConfig;
import dev.keyless.config.WorkloadIdentityPool;
import dev.keyless.gcp.iam.WorkloadPool;
import dev.keyless.gcp.mapping.AttributeMapping;
import dev.keyless.gcp.mapping.CompiledMapping;
import dev.keyless.gcp.mapping.MappingCompileException;
import dev.keyless.gcp.sts.ProviderAudience;
import dev.keyless.oidc.IssuerLookup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The GCP configuration, compiled once at start: every provider's CEL
 * mapping and condition, and its trusted-issuer lookup. A CEL error is a startup failure naming
 * the provider, the attribute and the position, never a 500 at request time.
 */
public final class ConfiguredGcpDirectory implements GcpDirectory {

    private final GcpConfig config;
    private final Map<String, ProviderEntry> providers; // keyed by resource name

    private ConfiguredGcpDirectory(GcpConfig config, Map<String, ProviderEntry> providers) {
        this.config = config;
        this.providers = Map.copyOf(providers);
    }

    /**
     * @throws IllegalStateException listing every provider whose mapping does not compile
     */
    public static ConfiguredGcpDirectory compile(GcpConfig config, Function<PoolProvider, IssuerLookup> issuers) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(issuers, "issuers");
        Map<String, ProviderEntry> entries = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (GcpProject project : config.projects().values()) {
            long number = Long.parseLong(project.number()); // config validated: digits only
            for (WorkloadIdentityPool pool : project.pools().values()) {
                WorkloadPool workloadPool = new WorkloadPool(number, pool.id());
                for (PoolProvider provider : pool.providers().values()) {
                    String name = workloadPool.resourceName() + "/providers/" + provider.id();
                    String label = "gcp.projects." + project.projectId() + ".workloadIdentityPools." + pool.id()
                            + ".providers." + provider.id();
                    try {
                        CompiledMapping mapping = AttributeMapping.compile(label, provider.attributeMapping(),
                                provider.attributeCondition());
                        entries.put(name, new ProviderEntry(pool, provider, workloadPool, mapping,
                                issuers.apply(provider)));
                    } catch (MappingCompileException e) {
                        e.problems().forEach(p -> problems.add(label + ": " + p));
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("gcp: attribute mapping does not compile:\n  "
                    + String.join("\n  ", problems));
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
    public Optional<ServiceAccountConfig> serviceAccount(String emailOrUniqueId) {
        return config.projects().values().stream().flatMap(p -> p.serviceAccount(emailOrUniqueId).stream())
                .findFirst();
    }
}
