package dev.keyless.issuer;

import java.util.Locale;
import java.util.Optional;

/** GitLab's {@code ref_type}: "tag" for tag pipelines, otherwise "branch" (GitLab docs, ID token authentication). */
public enum RefType {
    BRANCH("refs/heads/"),
    TAG("refs/tags/");

    private final String refPrefix;

    RefType(String refPrefix) {
        this.refPrefix = refPrefix;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code ref_path}: {@code refs/heads/<b>} or {@code refs/tags/<t>}. */
    public String refPath(String ref) {
        return refPrefix + ref;
    }

    public static Optional<RefType> fromWire(String value) {
        for (RefType type : values()) {
            if (type.wire().equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
