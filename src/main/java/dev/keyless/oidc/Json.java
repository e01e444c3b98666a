package dev.keyless.oidc;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Defensive JSON reading for untrusted token parts. */
final class Json {

    /**
     * Deeply nested JSON overflowed Nimbus' parser stack before 10.0.2 (CVE-2025-53864).
     * Real ID tokens nest a few levels; we refuse more before parsing.
     */
    static final int MAX_DEPTH = 32;

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

    /** A JSON object, or empty when the text is not one (or nests too deeply). */
    static Optional<Map<String, Object>> parseObject(String text) {
        if (depth(text) > MAX_DEPTH) {
            return Optional.empty();
        }
        try {
            Map<String, Object> parsed = JSONObjectUtils.parse(text);
            return Optional.of(copyObject(parsed));
        } catch (ParseException | RuntimeException e) {
            // RuntimeException: the shaded Gson parser signals some malformed input unchecked.
            return Optional.empty();
        }
    }

    /** Maximum nesting of objects and arrays, ignoring brackets inside strings. */
    static int depth(String text) {
        int depth = 0;
        int max = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                max = Math.max(max, ++depth);
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return max;
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
