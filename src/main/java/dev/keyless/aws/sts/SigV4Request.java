package dev.keyless.aws.sts;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The parts of an HTTP request SigV4 covers, as received: method, raw (still percent-encoded)
 * path and query, headers (names case-insensitive, values in arrival order) and body bytes.
 */
public record SigV4Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
        byte[] body) {

    public SigV4Request {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        rawQuery = rawQuery == null ? "" : rawQuery;
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Objects.requireNonNull(headers, "headers").forEach((k, v) -> copy.merge(k, List.copyOf(v),
                (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
        headers = java.util.Collections.unmodifiableSortedMap(copy);
        body = Objects.requireNonNull(body, "body").clone();
    }

    /** All values of a header (case-insensitive name); empty list when absent. */
    public List<String> headerValues(String name) {
        return headers.getOrDefault(name, List.of());
    }

    public Optional<String> header(String name) {
        List<String> values = headerValues(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public String toString() {
        return "SigV4Request[" + method + " " + rawPath + ", headers=" + headers.keySet() + ", body=" + body.length + " bytes]";
    }
}
