package dev.keyless.aws.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The request context: condition keys with their values. Key names are case-insensitive
 * [IAM User Guide, reference_policies_elements_condition: "Context key names are not case-sensitive"];
 * every key is multivalued (a single-valued key holds one value). Immutable.
 */
public final class ConditionContext {
    private static final ConditionContext EMPTY = new ConditionContext(Map.of(), Map.of());

    private final Map<String, List<String>> byLowerKey;
    private final Map<String, List<String>> asWritten;

    private ConditionContext(Map<String, List<String>> byLowerKey, Map<String, List<String>> asWritten) {
        this.byLowerKey = byLowerKey;
        this.asWritten = asWritten;
    }

    public static ConditionContext empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<List<String>> get(String key) {
        return Optional.ofNullable(byLowerKey.get(key.toLowerCase(Locale.ROOT)));
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        asWritten.forEach(b::put);
        return b;
    }

    @Override
    public String toString() {
        return asWritten.toString();
    }

    /** Collects keys; a later {@code put} of the same key (any case) replaces the earlier one. */
    public static final class Builder {
        private final Map<String, String> spelling = new LinkedHashMap<>();
        private final Map<String, List<String>> values = new LinkedHashMap<>();

        private Builder() {}

        public Builder put(String key, String value) {
            return put(key, List.of(Objects.requireNonNull(value, "value")));
        }

        public Builder put(String key, List<String> vals) {
            Objects.requireNonNull(key, "key");
            String lower = key.toLowerCase(Locale.ROOT);
            spelling.putIfAbsent(lower, key);
            values.put(lower, List.copyOf(vals));
            return this;
        }

        public ConditionContext build() {
            Map<String, List<String>> written = new LinkedHashMap<>();
            values.forEach((lower, v) -> written.put(spelling.get(lower), v));
            return new ConditionContext(Map.copyOf(values), written);
        }
    }
}
