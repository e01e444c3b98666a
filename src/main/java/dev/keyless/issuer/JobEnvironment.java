package dev.keyless.issuer;

import java.util.Objects;

/**
 * The job's deployment environment; its claims appear only when a job has one (GitLab docs, ID token authentication).
 *
 * @param deploymentTier production, staging, testing, development or other; may be null
 * @param action         start, prepare, stop, verify or access; may be null
 */
public record JobEnvironment(String name, boolean isProtected, String deploymentTier, String action) {
    public JobEnvironment {
        Objects.requireNonNull(name, "name");
    }
}
