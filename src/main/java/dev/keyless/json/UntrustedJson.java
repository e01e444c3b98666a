package dev.keyless.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The one JSON reader for input Keyless does not control: request bodies, trust and session
 * policies, CI API bodies, policy documents sent to the configuration APIs.
 *
 * <p>RFC 8259 §4 leaves the meaning of duplicate member names to the implementation ("the names
 * within an object SHOULD be unique"); Jackson keeps the last one by default, so
 * {@code {"Effect":"Deny","Effect":"Allow"}} would read as Allow while another reader sees Deny.
 * Here a duplicate name is an error, as is anything after the first value (RFC 8259 §2: a JSON text
 * is one value). Nesting and string sizes are bounded before any object is built.
 */
public final class UntrustedJson {

    /** Real policies and bodies nest a handful of levels; deeper input is an attack, not data. */
    public static final int MAX_DEPTH = 32;
    /** Larger than any single value a client legitimately sends (tokens are capped at 20,000 chars). */
    public static final int MAX_STRING_LENGTH = 64 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            // Bound to records, a value has the JSON type its field declares: 42 is not the string "42",
            // "42" and 4.2 are not the integer 42, "" is not an absent integer.
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNumberLength(100)
                .build());
    }

    private UntrustedJson() {
    }

    /** The shared strict mapper, for binding untrusted JSON to records ({@code treeToValue}, {@code readValue}). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The one JSON value in {@code text}, or a {@link MalformedJsonException} saying what is wrong and where. */
    public static JsonNode read(String text) throws MalformedJsonException {
        Objects.requireNonNull(text, "text");
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The one JSON value in {@code bytes} (UTF-8), or a {@link MalformedJsonException}. */
    public static JsonNode read(byte[] bytes) throws MalformedJsonException {
        Objects.requireNonNull(bytes, "bytes");
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new MalformedJsonException("no JSON value (empty input)", 1, 1);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw MalformedJsonException.from(e);
        } catch (IOException e) {
            throw new MalformedJsonException("unreadable JSON: " + e.getMessage(), 0, 0);
        }
    }

    /** A JSON object, or a {@link MalformedJsonException} naming what arrived instead. */
    public static JsonNode readObject(byte[] bytes) throws MalformedJsonException {
        JsonNode node = read(bytes);
        if (!node.isObject()) {
            throw new MalformedJsonException("expected a JSON object, got " + kind(node), 1, 1);
        }
        return node;
    }

    /** A JSON object, or a {@link MalformedJsonException} naming what arrived instead. */
    public static JsonNode readObject(String text) throws MalformedJsonException {
        return readObject(text.getBytes(StandardCharsets.UTF_8));
    }

    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
