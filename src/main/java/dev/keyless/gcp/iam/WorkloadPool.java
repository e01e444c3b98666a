package dev.keyless.gcp.iam;

import java.util.Objects;

/**
 * A workload identity pool as principals name it: project <b>number</b> and pool id
 * (IAM principal identifiers: "All of them use the project number").
 */
public record WorkloadPool(long projectNumber, String poolId) {

    public WorkloadPool {
        Objects.requireNonNull(poolId, "poolId");
        if (projectNumber <= 0) {
            throw new IllegalArgumentException("projectNumber must be positive");
        }
    }

    /** {@code projects/N/locations/global/workloadIdentityPools/P}. */
    public String resourceName() {
        return "projects/" + projectNumber + "/locations/global/workloadIdentityPools/" + poolId;
    }

    /** {@code iam.googleapis.com/projects/N/locations/global/workloadIdentityPools/P}. */
    String memberBase() {
        return "iam.googleapis.com/" + resourceName();
    }
}
