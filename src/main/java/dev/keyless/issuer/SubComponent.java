package dev.keyless.issuer;

import java.util.Optional;

/**
 * Allowed {@code sub} components (GitLab {@code project_ci_cd_setting.rb} @d66adcb6, GitLab docs, ID token authentication);
 * the wire name is the lower-case enum name.
 */
public enum SubComponent {
    PROJECT_PATH, PROJECT_ID, REF_TYPE, REF, REF_PROTECTED, ENVIRONMENT_PROTECTED, DEPLOYMENT_TIER;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<SubComponent> fromWire(String name) {
        for (SubComponent c : values()) {
            if (c.wire().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The component's value for a job; empty when absent (then GitLab skips it). */
    Optional<String> valueFor(JobContext job) {
        return switch (this) {
            case PROJECT_PATH -> Optional.of(job.projectPath());
            case PROJECT_ID -> Optional.of(job.projectId());
            case REF_TYPE -> Optional.of(job.refType().wire());
            case REF -> Optional.of(job.ref());
            case REF_PROTECTED -> Optional.of(Boolean.toString(job.refProtected()));
            case ENVIRONMENT_PROTECTED -> job.environment().map(e -> Boolean.toString(e.isProtected()));
            case DEPLOYMENT_TIER -> job.environment().map(JobEnvironment::deploymentTier);
        };
    }
}
