package dev.keyless.gcp.mapping;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of applying a provider's attribute mapping and condition to verified claims.
 * Ordinary rejections are values: the STS handler renders {@code error}/{@code errorDescription}
 * verbatim (Google STS API, token errors) and gives {@code detail} to the audit log and
 * {@code keyless explain} only.
 */
public sealed interface MappingOutcome {

    /** Wire text for a false condition (as real GCP answers; circleci/circleci-docs#8541). */
    String CONDITION_REJECTED_DESCRIPTION = "The given credential is rejected by the attribute condition.";

    /** The explanation trace: expression per target, its value or error, the condition result. */
    Map<String, Object> traceForExplain();

    /**
     * Mapping succeeded and the condition (if any) held.
     *
     * @param attributes keyed {@code attribute.NAME} → value, in mapping order
     */
    record Mapped(String subject, List<String> groups, Map<String, String> attributes,
                  Map<String, Object> traceForExplain) implements MappingOutcome {
        public Mapped {
            Objects.requireNonNull(subject, "subject");
            groups = List.copyOf(groups);
            attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
            traceForExplain = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(traceForExplain));
        }
    }

    /** A mapping expression failed or produced an unacceptable value. */
    record MappingFailed(MappingFailureReason reason, String error, String errorDescription, String detail,
                         Map<String, Object> traceForExplain) implements MappingOutcome {
        public MappingFailed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(errorDescription, "errorDescription");
            Objects.requireNonNull(detail, "detail");
            traceForExplain = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(traceForExplain));
        }
    }

    /**
     * The attribute condition was false, or did not evaluate to {@code true} (an error or a
     * non-boolean): GCP admits only credentials the condition accepts, so it fails closed.
     *
     * @param threw true when evaluation raised an error rather than returning false
     */
    record ConditionRejected(boolean threw, String detail, Map<String, Object> traceForExplain)
            implements MappingOutcome {
        public ConditionRejected {
            Objects.requireNonNull(detail, "detail");
            traceForExplain = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(traceForExplain));
        }

        public String error() {
            return "unauthorized_client";
        }

        public String errorDescription() {
            return CONDITION_REJECTED_DESCRIPTION;
        }
    }
}
