package dev.keyless.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A YAML value that remembers where it was written, so every config problem can name its line and
 * column. Jackson's own tree ({@code JsonNode}) drops locations, hence this small tree.
 */
sealed interface YamlNode {

    /** 1-based line and column of the first character of the node. */
    record Location(int line, int column) {}

    Location location();

    /** A short name of the node's kind for "expected X, got Y" messages. */
    String kind();

    /** A key of a mapping together with the location of the key itself (not its value). */
    record Entry(String key, Location keyLocation, YamlNode value) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(keyLocation, "keyLocation");
            Objects.requireNonNull(value, "value");
        }
    }

    record MapNode(Map<String, Entry> entries, Location location) implements YamlNode {
        public MapNode {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            Objects.requireNonNull(location, "location");
        }

        @Override
        public String kind() {
            return "a mapping";
        }
    }

    record ListNode(List<YamlNode> items, Location location) implements YamlNode {
        public ListNode {
            items = List.copyOf(items);
            Objects.requireNonNull(location, "location");
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A scalar; {@code type} says how YAML resolved it (an unquoted 42 is a number, "42" a string). */
    record Scalar(String text, ScalarType type, Location location) implements YamlNode {
        public Scalar {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(location, "location");
        }

        @Override
        public String kind() {
            return switch (type) {
                case STRING -> "the string \"" + text + "\"";
                case INTEGER, DECIMAL -> "the number " + text;
                case BOOLEAN -> "the boolean " + text;
                case NULL -> "an empty value";
            };
        }
    }

    enum ScalarType { STRING, INTEGER, DECIMAL, BOOLEAN, NULL }
}
