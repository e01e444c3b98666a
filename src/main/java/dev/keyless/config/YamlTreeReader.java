package dev.keyless.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.keyless.config.YamlNode.Entry;
import dev.keyless.config.YamlNode.ListNode;
import dev.keyless.config.YamlNode.Location;
import dev.keyless.config.YamlNode.MapNode;
import dev.keyless.config.YamlNode.Scalar;
import dev.keyless.config.YamlNode.ScalarType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a {@link YamlNode} tree from Jackson's streaming YAML parser, keeping the token location of
 * every key and value ({@link JsonParser#currentTokenLocation()}, 1-based line and column).
 */
final class YamlTreeReader {

    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            // `key:` with nothing after it is "no value", not the empty string (a quoted "" stays a string).
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();

    private final Problems problems;

    YamlTreeReader(Problems problems) {
        this.problems = problems;
    }

    /** The document's root, or empty when the text is not well-formed YAML (a problem is added). */
    Optional<YamlNode> read(String yaml) {
        try (JsonParser parser = FACTORY.createParser(yaml)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return Optional.of(new MapNode(Map.of(), new Location(1, 1)));
            }
            return Optional.of(readValue(parser, KeyPath.ROOT));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 1 : Math.max(1, at.getLineNr());
            int column = at == null ? 1 : Math.max(1, at.getColumnNr());
            problems.add(new Location(line, column), KeyPath.ROOT, "not valid YAML: " + e.getOriginalMessage(),
                    "check indentation (spaces only) and quoting around this position");
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("reading from a string cannot fail", e);
        }
    }

    private YamlNode readValue(JsonParser parser, KeyPath path) throws IOException {
        Location at = locationOf(parser.currentTokenLocation());
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> readMap(parser, path, at);
            case START_ARRAY -> readList(parser, path, at);
            case VALUE_STRING, VALUE_EMBEDDED_OBJECT -> new Scalar(parser.getText(), ScalarType.STRING, at);
            case VALUE_NUMBER_INT -> new Scalar(parser.getText(), ScalarType.INTEGER, at);
            case VALUE_NUMBER_FLOAT -> new Scalar(parser.getText(), ScalarType.DECIMAL, at);
            case VALUE_TRUE, VALUE_FALSE -> new Scalar(parser.getText(), ScalarType.BOOLEAN, at);
            case VALUE_NULL -> new Scalar("", ScalarType.NULL, at);
            default -> throw new IllegalStateException("unexpected YAML token " + token);
        };
    }

    private MapNode readMap(JsonParser parser, KeyPath path, Location at) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            Location keyAt = locationOf(parser.currentTokenLocation());
            parser.nextToken();
            YamlNode value = readValue(parser, path.key(key));
            Entry previous = entries.putIfAbsent(key, new Entry(key, keyAt, value));
            if (previous != null) {
                problems.add(keyAt, path.key(key), "duplicate key \"" + key + "\" (first written on line "
                        + previous.keyLocation().line() + ")", "keep one of the two; YAML keys must be unique");
            }
        }
        return new MapNode(entries, at);
    }

    private ListNode readList(JsonParser parser, KeyPath path, Location at) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(readValue(parser, path.index(items.size())));
        }
        return new ListNode(items, at);
    }

    private static Location locationOf(JsonLocation location) {
        return new Location(Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
    }
}
