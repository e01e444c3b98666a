package dev.keyless.gcp.sts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyless.json.MalformedJsonException;
import dev.keyless.json.UntrustedJson;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes STS request bodies into name → values, form first and JSON second
 * (Google STS API, token: clients send form data; some public code posts JSON with camelCase or
 * snake_case names). JSON names are normalised to snake_case. A JSON body is read strictly
 * ({@link UntrustedJson}): a duplicate name is an error naming it, never "the last one wins".
 */
final class RequestBodies {

    private RequestBodies() {
    }

    /** Empty when the content type is neither form nor JSON or the form does not decode; a bad JSON body throws. */
    static Optional<Map<String, List<String>>> decode(String contentType, byte[] body) throws MalformedJsonException {
        String mediaType = contentType == null ? "application/x-www-form-urlencoded"
                : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (mediaType) {
            case "application/x-www-form-urlencoded" -> form(new String(body, StandardCharsets.UTF_8));
            case "application/json" -> json(body);
            default -> Optional.empty();
        };
    }

    static Optional<Map<String, List<String>>> form(String body) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try {
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decodeComponent(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decodeComponent(pair.substring(eq + 1));
                out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        } catch (IllegalArgumentException e) { // a bad %xx escape
            return Optional.empty();
        }
        return Optional.of(out);
    }

    /**
     * {@link URLDecoder#decode(String, java.nio.charset.Charset)}, which returns its argument unchanged when it
     * holds no {@code %} and no {@code +} but first copies it, character by character, into a new buffer: a
     * subject token (a kilobyte of base64url) never holds either.
     */
    private static String decodeComponent(String component) {
        if (component.indexOf('%') < 0 && component.indexOf('+') < 0) {
            return component;
        }
        return URLDecoder.decode(component, StandardCharsets.UTF_8);
    }

    private static Optional<Map<String, List<String>>> json(byte[] body) throws MalformedJsonException {
        JsonNode root = UntrustedJson.readObject(body);
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue; // clients omit empty fields; null means the same
            }
            String value = v.isValueNode() ? v.asText() : v.toString(); // options may arrive as an object
            out.computeIfAbsent(snakeCase(e.getKey()), k -> new ArrayList<>()).add(value);
        }
        return Optional.of(out);
    }

    static String snakeCase(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 4);
        for (char c : name.toCharArray()) {
            if (c >= 'A' && c <= 'Z') {
                sb.append('_').append((char) (c + ('a' - 'A')));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
