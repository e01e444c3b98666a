package dev.keyless.gcp.mapping;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the mapping did, for explanations: each target's expression and result in evaluation
 * order, then the attribute condition (absent when there is none or the mapping failed first).
 */
public record MappingTrace(List<Evaluated> targets, Optional<Evaluated> condition) {

    public MappingTrace {
        targets = List.copyOf(targets);
        Objects.requireNonNull(condition, "condition");
    }

    /**
     * @param target {@code google.subject}, {@code attribute.NAME}, … or {@code attributeCondition}
     * @param value  the result as people read it (strings quoted, CEL's null as {@code null}), or the
     *               error message when {@code failed}
     */
    public record Evaluated(String target, String expression, String value, boolean failed) {
        public Evaluated {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(value, "value");
        }

        static Evaluated of(String target, String expression, Object v) {
            String shown = v instanceof String s ? "\"" + s + "\"" : v == null
                    || v.getClass().getSimpleName().equals("NullValue") ? "null" : String.valueOf(v);
            return new Evaluated(target, expression, shown, false);
        }

        static Evaluated error(String target, String expression, String message) {
            return new Evaluated(target, expression, String.valueOf(message), true);
        }

        /** {@code "value"} or {@code error: …}. */
        public String result() {
            return failed ? "error: " + value : value;
        }
    }
}
