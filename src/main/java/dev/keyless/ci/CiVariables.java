package dev.keyless.ci;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job's variables expanded as GitLab's {@code ExpandVariables} and
 * {@code Variables::Collection#sort_and_expand_all} do (lib/expand_variables.rb,
 * lib/gitlab/ci/variables/collection.rb): {@code $VAR}, {@code ${VAR}} and {@code %VAR%} are
 * replaced, an unknown variable becomes the empty string, a variable may refer to others (nested
 * references are expanded in dependency order), {@code expand: false} keeps a value as written,
 * and a cycle leaves the whole collection unexpanded. Precedence, lowest first
 * (https://docs.gitlab.com/ee/ci/variables/#cicd-variable-precedence): predefined variables, the
 * file's global {@code variables:}, the job's {@code variables:}, then project-level variables
 * ({@code --variable}). The local shell's environment is not a GitLab variable source.
 */
public final class CiVariables {
    private static final Pattern REFERENCE = Pattern.compile(
            "\\$([a-zA-Z_][a-zA-Z0-9_]*)|\\$\\{([a-zA-Z_][a-zA-Z0-9_]*)}|%([a-zA-Z_][a-zA-Z0-9_]*)%");

    private final Map<String, String> values;

    private CiVariables(Map<String, String> values) {
        this.values = values;
    }

    /** Later entries win; {@code raw} keys are not expanded. */
    public static CiVariables expandAll(List<CiJob.CiVariable> ordered) {
        Map<String, CiJob.CiVariable> byKey = new LinkedHashMap<>();
        for (CiJob.CiVariable v : ordered) {
            byKey.remove(v.key()); // keep the order of the winning definition
            byKey.put(v.key(), v);
        }
        Map<String, String> expanded = new LinkedHashMap<>();
        Map<String, String> done = new HashMap<>();
        try {
            for (String key : byKey.keySet()) {
                expanded.put(key, expand(key, byKey, done, new HashSet<>()));
            }
        } catch (CycleException e) {
            expanded.clear();
            byKey.forEach((k, v) -> expanded.put(k, v.value()));
        }
        return new CiVariables(expanded);
    }

    private static final class CycleException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CycleException() {
            super(null, null, false, false);
        }
    }

    private static String expand(String key, Map<String, CiJob.CiVariable> all, Map<String, String> done, Set<String> path) {
        String cached = done.get(key);
        if (cached != null) {
            return cached;
        }
        CiJob.CiVariable v = all.get(key);
        if (v.raw()) {
            done.put(key, v.value());
            return v.value();
        }
        if (!path.add(key)) {
            throw new CycleException();
        }
        String out = replace(v.value(), name -> all.containsKey(name) ? expand(name, all, done, path) : "");
        path.remove(key);
        done.put(key, out);
        return out;
    }

    /** {@code ExpandVariables.expand}: every reference replaced, unknown ones by "". */
    public String expand(String text) {
        return replace(text, name -> values.getOrDefault(name, ""));
    }

    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }

    /** In precedence order, as they are exported to the job's shell. */
    public List<Map.Entry<String, String>> entries() {
        return new ArrayList<>(values.entrySet());
    }

    public String get(String key) {
        return values.get(key);
    }

    private static String replace(String text, java.util.function.Function<String, String> lookup) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            m.appendReplacement(out, Matcher.quoteReplacement(lookup.apply(name)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
