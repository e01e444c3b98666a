package dev.keyless.gcp.mapping;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the mapping did, for explanations: each target's expression with its value or error, in
 * evaluation order, then the attribute condition (absent when there is none, or when the mapping
 * failed before it).
 */
public record MappingTrace(List<Evaluated> targets, Optional<Evaluated> condition) {

    public MappingTrace {
        targets = List.copyOf(targets);
        Objects.requireNonNull(condition, "condition");
    }

    /**
     * One expression and its result.
     *
     * @param target {@code google.subject}, {@code attribute.NAME}, … or {@code attributeCondition}
     * @param value  the result as people read it: strings quoted, {@code null} for CEL's null
     */
    public record Evaluated(String target, String expression, Optional<String> value, Optional<String> error) {
        public Evaluated {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(error, "error");
        }

        static Evaluated value(String target, String expression, Object value) {
            return new Evaluated(target, expression, Optional.of(display(value)), Optional.empty());
        }

        static Evaluated error(String target, String expression, String error) {
            return new Evaluated(target, expression, Optional.empty(), Optional.of(String.valueOf(error)));
        }

        /** {@code → "value"} or {@code → error: …}. */
        public String result() {
            return error.map(e -> "error: " + e).orElseGet(value::orElseThrow);
        }

        private static String display(Object v) {
            if (v instanceof String s) {
                return "\"" + s + "\"";
            }
            return v == null || v.getClass().getSimpleName().equals("NullValue") ? "null" : String.valueOf(v);
        }
    }
}
