package dev.keyless.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyless.json.MalformedJsonException;
import dev.keyless.json.UntrustedJson;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Rule checks on bound values. Each returns the value when it passes, or records one problem naming
 * the key path and what was expected and returns empty, so checking goes on.
 */
final class Checks {

    private final Problems problems;

    Checks(Problems problems) {
        this.problems = problems;
    }

    Problems problems() {
        return problems;
    }

    /** The value, or a "missing required key" problem at the mapping that should hold it. */
    <T> Optional<T> required(T value, KeyPath path, String hint) {
        if (value == null && !problems.reported(path)) {
            problems.add(path.parent(), "missing required key \"" + path.segments().getLast() + "\"", hint);
        }
        return Optional.ofNullable(value);
    }

    Optional<Long> integer(Long value, KeyPath path, long min, long max, String unit) {
        if (value != null && (value < min || value > max)) {
            problems.add(path, "expected an integer " + unit + " (" + min + ".." + max + "), got the number " + value,
                    "write a whole number between " + min + " and " + max);
            return Optional.empty();
        }
        return Optional.ofNullable(value);
    }

    Optional<Duration> duration(Duration value, KeyPath path, Duration min, Duration max) {
        if (value != null && (value.compareTo(min) < 0 || value.compareTo(max) > 0)) {
            problems.add(path, "duration " + Durations.format(value) + " is outside the allowed range "
                    + Durations.format(min) + ".." + Durations.format(max),
                    "choose a value between " + Durations.format(min) + " and " + Durations.format(max));
            return Optional.empty();
        }
        return Optional.ofNullable(value);
    }

    /** One of a fixed set of words; a typo gets a "did you mean". */
    Optional<String> choice(String value, KeyPath path, Collection<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            problems.add(path, "\"" + value + "\" is not one of " + String.join(", ", allowed),
                    didYouMean(value, allowed) + "allowed values: " + String.join(", ", allowed));
            return Optional.empty();
        }
        return Optional.ofNullable(value);
    }

    static String didYouMean(String typed, Collection<String> candidates) {
        return Suggestions.closest(typed, candidates).map(s -> "did you mean \"" + s + "\"? ").orElse("");
    }

    /** An absolute http or https URL with a host and no query or fragment. */
    Optional<URI> httpUrl(String text, KeyPath path) {
        if (text == null) {
            return Optional.empty();
        }
        String error;
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            error = !scheme.equals("http") && !scheme.equals("https") ? "the scheme must be http or https"
                    : uri.getHost() == null || uri.getHost().isEmpty() ? "it has no host"
                    : uri.getRawQuery() != null || uri.getRawFragment() != null ? "it must not have a query or fragment"
                    : null;
            if (error == null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            error = e.getReason();
        }
        problems.add(path, "\"" + text + "\" is not a usable URL: " + error,
                "write an absolute URL such as http://127.0.0.1:8080 or https://gitlab.example.com");
        return Optional.empty();
    }

    /**
     * A JSON object embedded in the config (trust policies, JWKS): written either as YAML structure or
     * as a string holding JSON, which is read as untrusted JSON (duplicate keys and trailing content refused).
     */
    Optional<ObjectNode> jsonObject(JsonNode node, KeyPath path, String what) {
        if (node == null || node instanceof ObjectNode) {
            return Optional.ofNullable((ObjectNode) node);
        }
        if (!node.isTextual()) {
            problems.add(path, "expected " + what + " as a mapping or a JSON string, got " + node.getNodeType()
                    .toString().toLowerCase(Locale.ROOT), "write it as YAML structure under this key");
            return Optional.empty();
        }
        try {
            JsonNode parsed = UntrustedJson.read(node.asText());
            if (parsed instanceof ObjectNode object) {
                return Optional.of(object);
            }
            problems.add(path, what + " must be a JSON object, got JSON " + parsed.getNodeType().toString()
                    .toLowerCase(Locale.ROOT), "write {\"...\": ...}");
        } catch (MalformedJsonException e) {
            // Positions are within the JSON string (its line 1 is where the string starts).
            problems.add(path, what + " is not valid JSON: " + e.getMessage() + " of the string",
                    "write it as YAML structure instead of a JSON string, or fix the JSON");
        }
        return Optional.empty();
    }

    /** A JWKS document ({@code {"keys":[...]}}) as compact JSON text. */
    Optional<String> jwksJson(JsonNode node, KeyPath path) {
        Optional<ObjectNode> object = jsonObject(node, path, "the JWKS");
        if (object.isPresent() && !(object.get().get("keys") instanceof ArrayNode keys && !keys.isEmpty())) {
            problems.add(path, "the JWKS has no \"keys\" array with at least one key",
                    "write {\"keys\":[{\"kty\":\"RSA\",\"kid\":...,\"n\":...,\"e\":...}]}");
            return Optional.empty();
        }
        return object.map(ObjectNode::toString);
    }
}
