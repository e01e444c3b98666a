package dev.keyless.gcp.decision;

import dev.keyless.config.PoolProvider;
import dev.keyless.config.ServiceAccountConfig;
import dev.keyless.config.WorkloadIdentityPool;
import dev.keyless.gcp.iam.WorkloadPool;
import dev.keyless.gcp.mapping.CompiledMapping;
import dev.keyless.gcp.sts.ProviderAudience;
import dev.keyless.oidc.IssuerLookup;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The GCP configuration a decision reads: pools, providers, service accounts and their IAM
 * bindings. One instance is one consistent view: {@link ConfiguredGcpDirectory} is keyless.yaml
 * as loaded; a view of resources created at run time hands out a new instance per
 * revision, so a request decides against one snapshot from start to end.
 */
public interface GcpDirectory {

    /** The provider an audience names, disabled or not (the decision says why it refuses). */
    Optional<ProviderEntry> provider(ProviderAudience audience);

    /** A pool by project number and id, disabled or not. */
    Optional<WorkloadIdentityPool> pool(long projectNumber, String poolId);

    /** A service account of any project, by email or unique id. */
    Optional<ServiceAccountConfig> serviceAccount(String emailOrUniqueId);

    /**
     * Whether denials of exchanges through pools of this project say why on the wire (the
     * project's development-only {@code explainDenials}); false unless a directory says otherwise.
     */
    default boolean explainDenials(long projectNumber) {
        return false;
    }

    /** Whether denials of impersonating this service account say why on the wire (its project's {@code explainDenials}). */
    default boolean explainDenialsForServiceAccount(String emailOrUniqueId) {
        return false;
    }

    /** One provider with everything an exchange needs: its pool, compiled CEL and trusted issuer. */
    public record ProviderEntry(WorkloadIdentityPool pool, PoolProvider provider, WorkloadPool workloadPool,
                                IssuerLookup issuers) {
        public ProviderEntry {
            Objects.requireNonNull(pool, "pool");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(workloadPool, "workloadPool");
            Objects.requireNonNull(issuers, "issuers");
        }

        /** The provider's CEL mapping and condition, compiled once when the config was loaded. */
        public CompiledMapping mapping() {
            return provider.compiledMapping();
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
}
