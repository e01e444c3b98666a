package dev.keyless.aws.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One condition value as written, split into literal text, escapes and policy variables
 * [IAM User Guide, reference_policies_variables]: under 2012-10-17 {@code ${key}} and
 * {@code ${key, 'default'}} are substituted from the request context and {@code ${*}}, {@code ${?}},
 * {@code ${$}} stand for the literal characters; under 2008-10-17 everything is literal text.
 */
public final class PolicyValue {
    /** A piece of the value. {@code Text} may contain wildcards; {@code Escaped} never does. */
    sealed interface Part permits Text, Escaped, Variable {}

    record Text(String text) implements Part {}

    record Escaped(char c) implements Part {}

    record Variable(String key, Optional<String> defaultValue) implements Part {}

    /** A value after substitution: characters and, per position, whether it may act as a wildcard. */
    record Resolved(String text, boolean[] wildcardable) {
        WildcardPattern pattern(boolean ignoreCase) {
            char[] c = text.toCharArray();
            boolean[] w = new boolean[c.length];
            for (int i = 0; i < c.length; i++) {
                w[i] = wildcardable[i] && (c[i] == '*' || c[i] == '?');
            }
            return new WildcardPattern(c, w, ignoreCase);
        }
    }

    private final String raw;
    private final List<Part> parts;
    private final Resolved constant;

    private PolicyValue(String raw, List<Part> parts) {
        this.raw = raw;
        this.parts = List.copyOf(parts);
        this.constant = hasVariables() ? null : resolve(ConditionContext.empty()).orElseThrow();
    }

    public static PolicyValue literal(String raw) {
        return new PolicyValue(raw, List.of(new Text(raw)));
    }

    /** Parses {@code raw}; with {@code variables} false (2008-10-17) the text is taken literally. */
    public static PolicyValue parse(String raw, boolean variables) {
        Objects.requireNonNull(raw, "raw");
        if (!variables) {
            return literal(raw);
        }
        List<Part> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < raw.length()) {
            int close = raw.startsWith("${", i) ? raw.indexOf('}', i + 2) : -1;
            if (close < 0) {
                text.append(raw.charAt(i++));
                continue;
            }
            if (!text.isEmpty()) {
                parts.add(new Text(text.toString()));
                text.setLength(0);
            }
            parts.add(part(raw.substring(i + 2, close)));
            i = close + 1;
        }
        if (!text.isEmpty()) {
            parts.add(new Text(text.toString()));
        }
        return new PolicyValue(raw, parts);
    }

    private static Part part(String inner) {
        String body = inner.strip();
        if (body.equals("*") || body.equals("?") || body.equals("$")) {
            return new Escaped(body.charAt(0));
        }
        int comma = body.indexOf(',');
        if (comma < 0) {
            return new Variable(body, Optional.empty());
        }
        String def = body.substring(comma + 1).strip();
        if (def.length() >= 2 && def.startsWith("'") && def.endsWith("'")) {
            def = def.substring(1, def.length() - 1);
        }
        return new Variable(body.substring(0, comma).strip(), Optional.of(def));
    }

    public String raw() {
        return raw;
    }

    public boolean hasVariables() {
        return parts.stream().anyMatch(p -> p instanceof Variable);
    }

    List<Part> parts() {
        return parts;
    }

    /**
     * Substitutes variables. Empty when a variable has no single value and no default: AWS then
     * treats the statement as not applying ("If AWS cannot resolve a variable, this might cause the
     * entire statement to be invalid" [IAM User Guide, reference_policies_variables]); multivalued keys cannot
     * be variables.
     */
    Optional<Resolved> resolve(ConditionContext context) {
        if (constant != null) {
            return Optional.of(constant);
        }
        StringBuilder s = new StringBuilder();
        List<Boolean> w = new ArrayList<>();
        for (Part part : parts) {
            switch (part) {
                case Text t -> append(s, w, t.text(), true);
                case Escaped e -> append(s, w, String.valueOf(e.c()), false);
                case Variable v -> {
                    Optional<String> value = context.get(v.key())
                            .filter(vals -> vals.size() == 1)
                            .map(vals -> vals.get(0))
                            .or(v::defaultValue);
                    if (value.isEmpty()) {
                        return Optional.empty();
                    }
                    append(s, w, value.get(), false);
                }
            }
        }
        boolean[] flags = new boolean[w.size()];
        for (int k = 0; k < flags.length; k++) {
            flags[k] = w.get(k);
        }
        return Optional.of(new Resolved(s.toString(), flags));
    }

    private static void append(StringBuilder s, List<Boolean> w, String text, boolean wildcardable) {
        s.append(text);
        for (int k = 0; k < text.length(); k++) {
            w.add(wildcardable);
        }
    }

    @Override
    public String toString() {
        return raw;
    }
}
