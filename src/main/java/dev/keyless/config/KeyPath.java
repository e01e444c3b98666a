package dev.keyless.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The path of a key inside the config, rendered like {@code aws.accounts."111122223333".roles.x}:
 * segments that are not plain identifiers (digits, dots, slashes) are quoted so the path is unambiguous.
 */
record KeyPath(List<String> segments) {

    static final KeyPath ROOT = new KeyPath(List.of());

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    KeyPath {
        segments = List.copyOf(segments);
    }

    KeyPath key(String key) {
        List<String> next = new ArrayList<>(segments);
        next.add(PLAIN.matcher(key).matches() ? key : "\"" + key.replace("\"", "\\\"") + "\"");
        return new KeyPath(next);
    }

    KeyPath parent() {
        return new KeyPath(segments.subList(0, Math.max(0, segments.size() - 1)));
    }

    KeyPath index(int index) {
        List<String> next = new ArrayList<>(segments);
        next.add("[" + index + "]");
        return new KeyPath(next);
    }

    // equals and hashCode written out: a record's own are bootstrapped through
    // java.lang.runtime.ObjectMethods at their first call, which generates method-handle classes on
    // every start (the start-up cache does not keep them): four while the configuration was indexed by
    // path on the main thread of a starting server (bench/RESULTS.md, round 6).
    @Override
    public boolean equals(Object other) {
        return other instanceof KeyPath path && segments.equals(path.segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }

    @Override
    public String toString() {
        if (segments.isEmpty()) {
            return "(document)";
        }
        StringBuilder out = new StringBuilder();
        for (String segment : segments) {
            if (!out.isEmpty() && !segment.startsWith("[")) {
                out.append('.');
            }
            out.append(segment);
        }
        return out.toString();
    }
}
