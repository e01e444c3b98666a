package dev.keyless.config;

import dev.keyless.config.YamlNode.Entry;
import dev.keyless.config.YamlNode.Location;
import dev.keyless.config.YamlNode.MapNode;
import dev.keyless.config.YamlNode.Scalar;
import dev.keyless.config.YamlNode.ScalarType;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Reads one YAML mapping with a fixed set of allowed keys. Unknown keys are reported when the
 * reader is made (with a "did you mean" from the allowed keys); every getter reports a wrong type
 * and returns empty, and an empty value ({@code key:} with nothing after it) counts as absent.
 */
final class MapReader {

    private final MapNode map;
    private final KeyPath path;
    private final Problems problems;

    private MapReader(MapNode map, KeyPath path, Problems problems) {
        this.map = map;
        this.path = path;
        this.problems = problems;
    }

    /** A reader over {@code node}, or empty (with a problem) when the node is not a mapping. */
    static Optional<MapReader> of(YamlNode node, KeyPath path, Problems problems, List<String> allowedKeys) {
        if (!(node instanceof MapNode map)) {
            problems.add(node.location(), path, "expected a mapping with keys " + String.join(", ", allowedKeys)
                    + ", got " + node.kind(), "write key: value pairs indented under this key");
            return Optional.empty();
        }
        MapReader reader = new MapReader(map, path, problems);
        reader.reportUnknown(allowedKeys);
        return Optional.of(reader);
    }

    /** A mapping whose keys are names chosen by the user (accounts, roles, pools): any key is allowed. */
    static Optional<MapNode> namedEntries(YamlNode node, KeyPath path, Problems problems, String what) {
        if (node instanceof MapNode map) {
            return Optional.of(map);
        }
        problems.add(node.location(), path, "expected a mapping of " + what + ", got " + node.kind(),
                "write one entry per " + what + " name, indented under this key");
        return Optional.empty();
    }

    private void reportUnknown(List<String> allowed) {
        for (Entry entry : map.entries().values()) {
            if (!allowed.contains(entry.key())) {
                String suggestion = Suggestions.closest(entry.key(), allowed)
                        .map(s -> "did you mean \"" + s + "\"? ").orElse("");
                problems.add(entry.keyLocation(), path.key(entry.key()), "unknown key \"" + entry.key() + "\"",
                        suggestion + "allowed keys here: " + String.join(", ", allowed));
            }
        }
    }

    KeyPath path() {
        return path;
    }

    /** The mapping of named entries under {@code key} (see {@link #namedEntries}), or empty when absent. */
    Optional<MapNode> named(String key, String what) {
        return node(key).flatMap(n -> namedEntries(n, path(key), problems, what));
    }

    KeyPath path(String key) {
        return path.key(key);
    }

    Location location() {
        return map.location();
    }

    Problems problems() {
        return problems;
    }

    /** The value under {@code key}, unless absent or empty. */
    Optional<YamlNode> node(String key) {
        Entry entry = map.entries().get(key);
        if (entry == null || entry.value() instanceof Scalar s && s.type() == ScalarType.NULL) {
            return Optional.empty();
        }
        return Optional.of(entry.value());
    }

    /** The value under a required key; a missing key is reported at the mapping's own location. */
    Optional<YamlNode> required(String key, String hint) {
        Optional<YamlNode> node = node(key);
        if (node.isEmpty()) {
            problems.add(map.location(), path, "missing required key \"" + key + "\"", hint);
        }
        return node;
    }

    /** Reports a problem about the value under {@code key} (or the mapping when the key is absent). */
    void problem(String key, String message, String hint) {
        Location at = node(key).map(YamlNode::location).orElse(map.location());
        problems.add(at, path.key(key), message, hint);
    }

    Optional<String> string(String key) {
        return node(key).flatMap(n -> Values.string(n, path.key(key), problems));
    }

    Optional<String> requiredString(String key, String hint) {
        return required(key, hint).flatMap(n -> Values.string(n, path.key(key), problems));
    }

    Optional<Long> integer(String key, long min, long max, String unit) {
        return node(key).flatMap(n -> Values.integer(n, path.key(key), problems, min, max, unit));
    }

    boolean bool(String key, boolean fallback) {
        return node(key).flatMap(n -> Values.bool(n, path.key(key), problems)).orElse(fallback);
    }

    Optional<Duration> duration(String key, Duration min, Duration max) {
        return node(key).flatMap(n -> Values.duration(n, path.key(key), problems, min, max));
    }

    Optional<List<String>> stringList(String key) {
        return node(key).flatMap(n -> Values.stringList(n, path.key(key), problems));
    }

    Optional<String> choice(String key, Collection<String> allowed) {
        return node(key).flatMap(n -> Values.choice(n, path.key(key), problems, allowed));
    }

    Optional<MapReader> section(String key, List<String> allowedKeys) {
        return node(key).flatMap(n -> of(n, path.key(key), problems, allowedKeys));
    }
}
