package dev.keyless.gcp.mapping;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of applying a provider's attribute mapping and condition to verified claims.
 * Ordinary rejections are values naming what failed; their wire wording belongs to the GCP
 * endpoint family ({@code dev.keyless.gcp.sts.StsError}), {@code detail} goes to the audit log
 * and {@code keyless explain} only.
 */
public sealed interface MappingOutcome {

    MappingTrace trace();

    /**
     * Mapping succeeded and the condition (if any) held.
     *
     * @param attributes keyed {@code attribute.NAME} → value, in mapping order
     */
    record Mapped(String subject, List<String> groups, Map<String, String> attributes, MappingTrace trace)
            implements MappingOutcome {
        public Mapped {
            Objects.requireNonNull(subject, "subject");
            groups = List.copyOf(groups);
            attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
            Objects.requireNonNull(trace, "trace");
        }
    }

    /** A mapping expression failed or produced an unacceptable value; {@code target} names it. */
    record MappingFailed(MappingFailureReason reason, String target, String detail, MappingTrace trace)
            implements MappingOutcome {
        public MappingFailed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(trace, "trace");
        }
    }

    /**
     * The attribute condition was false, or did not evaluate to {@code true} (an error or a
     * non-boolean): GCP admits only credentials the condition accepts, so it fails closed.
     *
     * @param threw true when evaluation raised an error rather than returning false
     */
    record ConditionRejected(boolean threw, String detail, MappingTrace trace) implements MappingOutcome {
        public ConditionRejected {
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(trace, "trace");
        }
    }
}
