package dev.keyless.oidc;

import dev.keyless.json.MalformedJsonException;
import dev.keyless.json.UntrustedJson;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Defensive JSON reading for untrusted token parts. */
final class Json {

    private Json() {
    }

    /** Strict UTF-8 (RFC 8725 §3.7): malformed byte sequences are an error, not U+FFFD. */
    static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /**
     * A JSON object, or empty when the text is not one. Read by {@link UntrustedJson}: a duplicated
     * claim or header name ({@code "alg"} twice) is refused rather than resolved to either copy
     * (RFC 7515 §4 and RFC 7519 §4 allow refusing), and nesting is bounded before anything is built.
     */
    static Optional<Map<String, Object>> parseObject(String text) {
        try {
            return Optional.of(copyObject(UntrustedJson.mapper().convertValue(UntrustedJson.readObject(text), Map.class)));
        } catch (MalformedJsonException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Deep copy into plain unmodifiable JDK collections so no parser type leaks out. */
    static Map<String, Object> copyObject(Map<?, ?> source) {
        Map<String, Object> copy = new LinkedHashMap<>();
        source.forEach((k, v) -> copy.put(String.valueOf(k), copyValue(v)));
        return Collections.unmodifiableMap(copy);
    }

    private static Object copyValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return copyObject(map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(copyValue(v)));
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        return value;
    }
}
