package dev.keyless.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyless.config.YamlNode.ListNode;
import dev.keyless.config.YamlNode.MapNode;
import dev.keyless.config.YamlNode.Scalar;
import dev.keyless.config.YamlNode.ScalarType;
import dev.keyless.json.MalformedJsonException;
import dev.keyless.json.UntrustedJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;

/**
 * JSON documents embedded in the config (trust policies, JWKS): written either as YAML structure or
 * as a string holding JSON. Both become a Jackson tree and compact JSON text.
 */
final class JsonValues {

    private JsonValues() {}

    /** A JSON object from a YAML mapping or from a JSON string; empty (with a problem) otherwise. */
    static Optional<ObjectNode> object(YamlNode node, KeyPath path, Problems problems, String what) {
        if (node instanceof MapNode) {
            return Optional.of((ObjectNode) toJson(node));
        }
        if (node instanceof Scalar s && s.type() == ScalarType.STRING) {
            try {
                JsonNode parsed = UntrustedJson.read(s.text());
                if (parsed instanceof ObjectNode object) {
                    return Optional.of(object);
                }
                problems.add(node.location(), path, what + " must be a JSON object, got JSON " + parsed.getNodeType()
                        .toString().toLowerCase(java.util.Locale.ROOT), "write {\"...\": ...}");
            } catch (MalformedJsonException e) {
                // Positions are within the JSON string (its line 1 is where the string starts).
                problems.add(node.location(), path, what + " is not valid JSON: " + e.getMessage() + " of the string",
                        "write it as YAML structure instead of a JSON string, or fix the JSON");
            }
            return Optional.empty();
        }
        problems.add(node.location(), path, "expected " + what + " as a mapping or a JSON string, got " + node.kind(),
                "write it as YAML structure under this key");
        return Optional.empty();
    }

    /** A JWKS document ({@code {"keys":[...]}}) as compact JSON text. */
    static Optional<String> jwksJson(YamlNode node, KeyPath path, Problems problems) {
        Optional<ObjectNode> object = object(node, path, problems, "the JWKS");
        if (object.isEmpty()) {
            return Optional.empty();
        }
        if (!(object.get().get("keys") instanceof ArrayNode keys) || keys.isEmpty()) {
            problems.add(node.location(), path, "the JWKS has no \"keys\" array with at least one key",
                    "write {\"keys\":[{\"kty\":\"RSA\",\"kid\":...,\"n\":...,\"e\":...}]}");
            return Optional.empty();
        }
        return Optional.of(object.get().toString());
    }

    static JsonNode toJson(YamlNode node) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (node) {
            case MapNode map -> {
                ObjectNode out = f.objectNode();
                map.entries().values().forEach(e -> out.set(e.key(), toJson(e.value())));
                yield out;
            }
            case ListNode list -> {
                ArrayNode out = f.arrayNode();
                list.items().forEach(i -> out.add(toJson(i)));
                yield out;
            }
            case Scalar s -> switch (s.type()) {
                case STRING -> f.textNode(s.text());
                case INTEGER -> f.numberNode(new BigInteger(s.text().replace("_", "")));
                case DECIMAL -> f.numberNode(new BigDecimal(s.text()));
                case BOOLEAN -> f.booleanNode(Boolean.parseBoolean(s.text()));
                case NULL -> f.nullNode();
            };
        };
    }
}
