package dev.keyless.gcp.iam.admin;

import dev.keyless.config.GcpConfig;
import dev.keyless.config.GcpProject;
import dev.keyless.config.PoolProvider;
import dev.keyless.config.ServiceAccountConfig;
import dev.keyless.config.WorkloadIdentityPool;
import dev.keyless.gcp.decision.GcpDirectory;
import dev.keyless.gcp.iam.WorkloadPool;
import dev.keyless.gcp.iam.admin.GcpResourceDocs.BindingDoc;
import dev.keyless.gcp.iam.admin.GcpResourceDocs.PolicyDoc;
import dev.keyless.gcp.iam.admin.GcpResourceDocs.PoolDoc;
import dev.keyless.gcp.iam.admin.GcpResourceDocs.ProviderDoc;
import dev.keyless.gcp.iam.admin.GcpResourceDocs.ServiceAccountDoc;
import dev.keyless.gcp.mapping.AttributeMapping;
import dev.keyless.gcp.mapping.MappingCompileException;
import dev.keyless.gcp.sts.ProviderAudience;
import dev.keyless.oidc.IssuerLookup;
import dev.keyless.resources.ResourceSnapshot;
import dev.keyless.resources.StoredResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keyless.yaml merged with the GCP resources created through the IAM v1 API, at one store
 * revision: what the STS, IAM Credentials and {@code keyless explain} decide against. A file
 * declaration wins over a stored resource of the same name (the API refuses to create one, but the
 * file may gain it later). Soft-deleted pools and providers are absent, so an exchange through them
 * fails as for one that does not exist; a disabled service account is absent, so impersonating it
 * is refused. Bindings with a condition grant nothing here: Keyless does not evaluate IAM
 * conditions, and a grant it cannot check is not made (fail closed).
 */
public final class GcpLiveDirectory implements GcpDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(GcpLiveDirectory.class);

    private final long revision;
    private final Map<String, ProviderEntry> providers; // by provider resource name
    private final Map<String, WorkloadIdentityPool> pools; // by "number/poolId"
    private final List<ServiceAccountConfig> serviceAccounts;
    /** Numbers of the projects whose development-only {@code explainDenials} is on (set in keyless.yaml only). */
    private final java.util.Set<Long> explaining;
    /** Emails and unique ids of the service accounts of those projects, file-declared or created through the API. */
    private final java.util.Set<String> explainingAccounts;
    private final List<LiveProject> listing;

    /** Where a resource of the live view was declared: keyless.yaml, or created through the IAM v1 API (the store). */
    public enum Source {
        FILE,
        API
    }

    /** A project's pools and service accounts as this view decides with them, each with its {@link Source}. */
    public record LiveProject(String projectId, String number, List<LivePool> pools, List<LiveServiceAccount> serviceAccounts) {
        public LiveProject {
            pools = List.copyOf(pools);
            serviceAccounts = List.copyOf(serviceAccounts);
        }
    }

    /**
     * A pool and, by provider id, where each of its providers came from: a file-declared pool may hold
     * providers created through the API.
     */
    public record LivePool(WorkloadIdentityPool pool, Source source, Map<String, Source> providerSources) {
        public LivePool {
            providerSources = Map.copyOf(providerSources);
        }
    }

    /** A service account; its bindings come from the same place (file, or the IAM policy set through the API). */
    public record LiveServiceAccount(ServiceAccountConfig account, Source source) {}

    private GcpLiveDirectory(long revision, Map<String, ProviderEntry> providers, Map<String, WorkloadIdentityPool> pools,
                             List<ServiceAccountConfig> serviceAccounts, java.util.Set<Long> explaining,
                             java.util.Set<String> explainingAccounts, List<LiveProject> listing) {
        this.revision = revision;
        this.listing = List.copyOf(listing);
        this.providers = Map.copyOf(providers);
        this.pools = Map.copyOf(pools);
        this.serviceAccounts = List.copyOf(serviceAccounts);
        this.explaining = java.util.Set.copyOf(explaining);
        this.explainingAccounts = java.util.Set.copyOf(explainingAccounts);
    }

    public static GcpLiveDirectory of(GcpConfig config, ResourceSnapshot snapshot,
                                      Function<PoolProvider, IssuerLookup> issuers) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(issuers, "issuers");
        Map<String, List<StoredResource>> storedProviders = new HashMap<>();
        for (StoredResource r : snapshot.ofKind(GcpResourceDocs.PROVIDER)) {
            storedProviders.computeIfAbsent(r.key().scope(), k -> new ArrayList<>()).add(r);
        }
        Map<String, WorkloadIdentityPool> pools = new LinkedHashMap<>();
        Map<String, ProviderEntry> entries = new LinkedHashMap<>();
        List<ServiceAccountConfig> accounts = new ArrayList<>();
        Map<String, PolicyDoc> policies = new HashMap<>();
        java.util.Set<Long> explaining = new java.util.HashSet<>();
        java.util.Set<String> explainingAccounts = new java.util.HashSet<>();
        List<LiveProject> listing = new ArrayList<>();
        for (StoredResource r : snapshot.ofKind(GcpResourceDocs.POLICY)) {
            policies.put(r.key().scope() + "/" + r.key().nameKey(), GcpResourceDocs.read(r.document(), PolicyDoc.class));
        }
        for (GcpProject project : config.projects().values()) {
            long number = Long.parseLong(project.number());
            int accountsBefore = accounts.size();
            Map<String, WorkloadIdentityPool> merged = new LinkedHashMap<>();
            Map<String, Source> poolSources = new HashMap<>();
            for (WorkloadIdentityPool pool : project.pools().values()) {
                Map<String, PoolProvider> all = new LinkedHashMap<>(pool.providers());
                addStored(all, storedProviders.get(project.projectId() + "/" + pool.id()), number, pool.id());
                merged.put(pool.id(), new WorkloadIdentityPool(pool.id(), pool.disabled(), pool.sessionDuration(), all));
                poolSources.put(pool.id(), Source.FILE);
            }
            for (StoredResource r : snapshot.ofKind(GcpResourceDocs.POOL)) {
                if (!r.key().scope().equals(project.projectId()) || merged.containsKey(r.key().nameKey())) {
                    continue;
                }
                PoolDoc doc = GcpResourceDocs.read(r.document(), PoolDoc.class);
                if (!GcpResourceDocs.ACTIVE.equals(doc.state())) {
                    continue;
                }
                Map<String, PoolProvider> all = new LinkedHashMap<>();
                addStored(all, storedProviders.get(project.projectId() + "/" + r.key().nameKey()), number,
                        r.key().nameKey());
                merged.put(r.key().nameKey(), new WorkloadIdentityPool(r.key().nameKey(), doc.disabled(),
                        sessionDuration(doc.sessionDuration()), all));
                poolSources.put(r.key().nameKey(), Source.API);
            }
            List<LivePool> livePools = new ArrayList<>();
            for (WorkloadIdentityPool pool : merged.values()) {
                WorkloadIdentityPool declared = project.pools().get(pool.id());
                Map<String, Source> providerSources = new HashMap<>();
                pool.providers().keySet().forEach(id -> providerSources.put(id,
                        declared != null && declared.providers().containsKey(id) ? Source.FILE : Source.API));
                livePools.add(new LivePool(pool, poolSources.get(pool.id()), providerSources));
            }
            for (WorkloadIdentityPool pool : merged.values()) {
                pools.put(number + "/" + pool.id(), pool);
                WorkloadPool workloadPool = new WorkloadPool(number, pool.id());
                for (PoolProvider provider : pool.providers().values()) {
                    ProviderEntry entry = new ProviderEntry(pool, provider, workloadPool, issuers.apply(provider));
                    entries.put(entry.resourceName(), entry);
                }
            }
            accounts.addAll(project.serviceAccounts().values());
            for (StoredResource r : snapshot.ofKind(GcpResourceDocs.SERVICE_ACCOUNT)) {
                if (!r.key().scope().equals(project.projectId())) {
                    continue;
                }
                ServiceAccountDoc sa = GcpResourceDocs.read(r.document(), ServiceAccountDoc.class);
                if (sa.disabled() || project.serviceAccount(sa.email()).isPresent()) {
                    continue;
                }
                PolicyDoc policy = policies.getOrDefault(project.projectId() + "/" + r.key().nameKey(),
                        new PolicyDoc(1, List.of()));
                accounts.add(new ServiceAccountConfig(sa.accountId(), sa.email(), sa.uniqueId(), grants(policy)));
            }
            List<LiveServiceAccount> liveAccounts = new ArrayList<>();
            for (ServiceAccountConfig sa : accounts.subList(accountsBefore, accounts.size())) {
                liveAccounts.add(new LiveServiceAccount(sa,
                        project.serviceAccount(sa.email()).isPresent() ? Source.FILE : Source.API));
            }
            listing.add(new LiveProject(project.projectId(), project.number(), livePools, liveAccounts));
            if (project.explainDenials()) {
                explaining.add(number);
                for (ServiceAccountConfig sa : accounts.subList(accountsBefore, accounts.size())) {
                    explainingAccounts.add(sa.email());
                    explainingAccounts.add(sa.uniqueId());
                }
            }
        }
        return new GcpLiveDirectory(snapshot.revision(), entries, pools, accounts, explaining, explainingAccounts, listing);
    }

    /** Role → members of the unconditional bindings (see the class comment for conditional ones). */
    static Map<String, List<String>> grants(PolicyDoc policy) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (BindingDoc b : policy.bindings()) {
            if (b.condition() == null) {
                out.computeIfAbsent(b.role(), k -> new ArrayList<>()).addAll(b.members());
            }
        }
        return out;
    }

    private static void addStored(Map<String, PoolProvider> into, List<StoredResource> stored, long number,
                                  String poolId) {
        if (stored == null) {
            return;
        }
        for (StoredResource r : stored) {
            ProviderDoc doc = GcpResourceDocs.read(r.document(), ProviderDoc.class);
            if (into.containsKey(r.key().nameKey()) || !GcpResourceDocs.ACTIVE.equals(doc.state())) {
                continue;
            }
            String name = new WorkloadPool(number, poolId).resourceName() + "/providers/" + r.key().nameKey();
            try {
                into.put(r.key().nameKey(), provider(r.key().nameKey(), name, doc));
            } catch (MappingCompileException e) {
                // Validated with the same compiler when written; only a changed compiler gets here.
                LOG.warn("stored provider {} no longer compiles, left out: {}", name, e.problems());
            }
        }
    }

    static PoolProvider provider(String id, String resourceName, ProviderDoc doc) throws MappingCompileException {
        Optional<String> condition = Optional.ofNullable(doc.attributeCondition()).filter(c -> !c.isEmpty());
        return new PoolProvider(id, doc.disabled(), doc.issuerUri(), doc.allowedAudiences(),
                Optional.ofNullable(doc.jwksJson()), doc.attributeMapping(), condition,
                AttributeMapping.compile(resourceName, doc.attributeMapping(), condition));
    }

    /** Google's JSON duration ({@code "3600s"}, fractions allowed), whole seconds kept. */
    static Optional<Duration> sessionDuration(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(new java.math.BigDecimal(text.substring(0, text.length() - 1)).longValue()));
    }

    /**
     * Every project of keyless.yaml with the pools, providers and service accounts this view decides
     * with, in declaration then creation order (what the console's Trust page lists): soft-deleted
     * pools and providers and disabled service accounts are absent here as they are to the STS.
     */
    public List<LiveProject> projects() {
        return listing;
    }

    /** The store revision this view was built from. */
    public long revision() {
        return revision;
    }

    @Override
    public Optional<ProviderEntry> provider(ProviderAudience audience) {
        return Optional.ofNullable(providers.get(audience.providerResourceName()));
    }

    @Override
    public Optional<WorkloadIdentityPool> pool(long projectNumber, String poolId) {
        return Optional.ofNullable(pools.get(projectNumber + "/" + poolId));
    }

    @Override
    public Optional<ServiceAccountConfig> serviceAccount(String emailOrUniqueId) {
        return serviceAccounts.stream()
                .filter(sa -> sa.email().equals(emailOrUniqueId) || sa.uniqueId().equals(emailOrUniqueId))
                .findFirst();
    }

    @Override
    public boolean explainDenials(long projectNumber) {
        return explaining.contains(projectNumber);
    }

    @Override
    public boolean explainDenialsForServiceAccount(String emailOrUniqueId) {
        return explainingAccounts.contains(emailOrUniqueId);
    }
}
