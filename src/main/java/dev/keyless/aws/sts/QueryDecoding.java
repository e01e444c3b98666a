package dev.keyless.aws.sts;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code application/x-www-form-urlencoded} decoding (WHATWG URL §5.1, which query strings share):
 * pairs split on {@code &}, name and value on the first {@code =}, {@code +} is a space,
 * {@code %XX} are bytes, and the bytes must be UTF-8.
 */
public final class QueryDecoding {

    /** The decoded pairs, or the first problem (a malformed escape, bad UTF-8, or a repeated name). */
    public sealed interface Result {
        record Decoded(Map<String, String> pairs) implements Result {}

        record Malformed(StsFailure failure) implements Result {}
    }

    private QueryDecoding() {}

    public static Result decode(byte[] raw, Map<String, String> into) {
        int start = 0;
        for (int i = 0; i <= raw.length; i++) {
            if (i == raw.length || raw[i] == '&') {
                if (i > start) {
                    Optional<StsFailure> problem = addPair(raw, start, i, into);
                    if (problem.isPresent()) {
                        return new Result.Malformed(problem.get());
                    }
                }
                start = i + 1;
            }
        }
        return new Result.Decoded(into);
    }

    public static Result decode(byte[] raw) {
        return decode(raw, new LinkedHashMap<>());
    }

    private static Optional<StsFailure> addPair(byte[] raw, int from, int to, Map<String, String> into) {
        int eq = from;
        while (eq < to && raw[eq] != '=') {
            eq++;
        }
        Optional<String> name = unescape(raw, from, eq);
        Optional<String> value = eq < to ? unescape(raw, eq + 1, to) : Optional.of("");
        if (name.isEmpty() || value.isEmpty()) {
            return Optional.of(new StsFailure(StsError.MALFORMED_QUERY_STRING,
                    "The query string is not valid percent-encoded UTF-8"));
        }
        if (into.putIfAbsent(name.get(), value.get()) != null) {
            // Every STS parameter is single-valued by name (list members have indexed names), so a
            // repeat is ambiguous: reject it and name it.
            return Optional.of(new StsFailure(StsError.INVALID_PARAMETER_VALUE,
                    "The parameter " + name.get() + " was given more than once"));
        }
        return Optional.empty();
    }

    private static Optional<String> unescape(byte[] raw, int from, int to) {
        // One pass into a byte array (no stream, buffer or decoder objects); text that decodes to
        // ASCII bytes only, such as a token or an ARN, becomes a String directly: ASCII is valid
        // UTF-8 and decodes to the same characters. Anything else goes through a reporting UTF-8
        // decoder as before, so malformed UTF-8 is still refused rather than replaced.
        byte[] out = new byte[to - from];
        int n = 0;
        boolean ascii = true;
        for (int i = from; i < to; i++) {
            byte b = raw[i];
            if (b == '+') {
                b = ' ';
            } else if (b == '%') {
                if (i + 2 >= to) {
                    return Optional.empty();
                }
                int hi = Character.digit(raw[i + 1], 16);
                int lo = Character.digit(raw[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                b = (byte) (hi << 4 | lo);
                i += 2;
            }
            ascii &= b >= 0;
            out[n++] = b;
        }
        if (ascii) {
            return Optional.of(new String(out, 0, n, StandardCharsets.US_ASCII));
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out, 0, n)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
