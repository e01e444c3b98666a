package dev.keyless.gcp.decision;

import dev.keyless.config.ServiceAccountConfig;
import dev.keyless.config.WorkloadIdentityPool;
import dev.keyless.gcp.sts.ProviderAudience;
import java.util.Optional;

/**
 * The GCP configuration a decision reads: pools, providers, service accounts and their IAM
 * bindings. One instance is one consistent view: {@link ConfiguredGcpDirectory} is keyless.yaml
 * compiled at start; a view of resources created at run time hands out a new instance per
 * revision, so a request decides against one snapshot from start to end.
 */
public interface GcpDirectory {

    /** The provider an audience names, disabled or not (the decision says why it refuses). */
    Optional<ProviderEntry> provider(ProviderAudience audience);

    /** A pool by project number and id, disabled or not. */
    Optional<WorkloadIdentityPool> pool(long projectNumber, String poolId);

    /** A service account of any project, by email or unique id. */
    Optional<ServiceAccountConfig> serviceAccount(String emailOrUniqueId);
}
