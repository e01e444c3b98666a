package dev.keyless.config;

import dev.keyless.config.YamlNode.ListNode;
import dev.keyless.config.YamlNode.Scalar;
import dev.keyless.config.YamlNode.ScalarType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Typed reads of single YAML values. Each read either returns the value or records one problem
 * naming the expected type and what was found, and returns empty so reading can go on.
 */
final class Values {

    private Values() {}

    static Optional<String> string(YamlNode node, KeyPath path, Problems problems) {
        if (node instanceof Scalar s && s.type() == ScalarType.STRING) {
            return Optional.of(s.text());
        }
        String hint = node instanceof Scalar s && s.type() != ScalarType.NULL
                ? "put the value in quotes: \"" + s.text() + "\""
                : "write a single text value";
        problems.add(node.location(), path, "expected a string, got " + node.kind(), hint);
        return Optional.empty();
    }

    static Optional<Long> integer(YamlNode node, KeyPath path, Problems problems, long min, long max, String unit) {
        String expected = "expected an integer " + unit + " (" + min + ".." + max + ")";
        if (node instanceof Scalar s && s.type() == ScalarType.INTEGER) {
            try {
                long value = Long.parseLong(s.text().replace("_", ""));
                if (value >= min && value <= max) {
                    return Optional.of(value);
                }
            } catch (NumberFormatException e) {
                // out of range for a long: reported below
            }
        }
        String hint = node instanceof Scalar s && s.type() == ScalarType.STRING && Durations.parse(s.text()).isPresent()
                ? "write a whole number without quotes or units, e.g. "
                        + Math.max(min, Math.min(max, Durations.parse(s.text()).get().toSeconds()))
                : "write a whole number between " + min + " and " + max + " without quotes";
        problems.add(node.location(), path, expected + ", got " + node.kind(), hint);
        return Optional.empty();
    }

    static Optional<Boolean> bool(YamlNode node, KeyPath path, Problems problems) {
        if (node instanceof Scalar s && s.type() == ScalarType.BOOLEAN) {
            return Optional.of(Boolean.parseBoolean(s.text()));
        }
        problems.add(node.location(), path, "expected true or false, got " + node.kind(),
                "write true or false without quotes");
        return Optional.empty();
    }

    /** A duration within [min, max]; see {@link Durations} for the syntax. */
    static Optional<Duration> duration(YamlNode node, KeyPath path, Problems problems, Duration min, Duration max) {
        String range = Durations.format(min) + ".." + Durations.format(max);
        if (!(node instanceof Scalar s) || s.type() == ScalarType.NULL || s.type() == ScalarType.BOOLEAN) {
            problems.add(node.location(), path, "expected a duration (" + range + "), got " + node.kind(),
                    Durations.SYNTAX);
            return Optional.empty();
        }
        Optional<Duration> parsed = s.type() == ScalarType.STRING ? Durations.parse(s.text()) : Optional.empty();
        if (parsed.isEmpty()) {
            String hint = s.type() == ScalarType.STRING ? Durations.SYNTAX
                    : "a bare number has no unit; write " + s.text() + "s for seconds or " + s.text() + "m for minutes";
            problems.add(node.location(), path, "expected a duration (" + range + "), got " + node.kind(), hint);
            return Optional.empty();
        }
        if (parsed.get().compareTo(min) < 0 || parsed.get().compareTo(max) > 0) {
            problems.add(node.location(), path, "duration " + s.text() + " is outside the allowed range " + range,
                    "choose a value between " + Durations.format(min) + " and " + Durations.format(max));
            return Optional.empty();
        }
        return parsed;
    }

    /** A list of strings; a single string is NOT promoted to a list (that hides typos). */
    static Optional<List<String>> stringList(YamlNode node, KeyPath path, Problems problems) {
        if (!(node instanceof ListNode list)) {
            String hint = node instanceof Scalar s && s.type() == ScalarType.STRING
                    ? "write a list, e.g. [\"" + s.text() + "\"]"
                    : "write a list, e.g. [a, b]";
            problems.add(node.location(), path, "expected a list of strings, got " + node.kind(), hint);
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < list.items().size(); i++) {
            Optional<String> item = string(list.items().get(i), path.index(i), problems);
            ok &= item.isPresent();
            item.ifPresent(out::add);
        }
        return ok ? Optional.of(out) : Optional.empty();
    }

    /** One of a fixed set of words; a typo gets a "did you mean". */
    static Optional<String> choice(YamlNode node, KeyPath path, Problems problems, Collection<String> allowed) {
        Optional<String> text = string(node, path, problems);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (allowed.contains(text.get())) {
            return text;
        }
        String suggestion = Suggestions.closest(text.get(), allowed).map(s -> "did you mean \"" + s + "\"? ").orElse("");
        problems.add(node.location(), path, "\"" + text.get() + "\" is not one of " + String.join(", ", allowed),
                suggestion + "allowed values: " + String.join(", ", allowed));
        return Optional.empty();
    }
}
