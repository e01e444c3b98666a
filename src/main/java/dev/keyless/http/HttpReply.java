package dev.keyless.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: status, content type, extra headers and the body. */
public record HttpReply(int status, String contentType, Map<String, String> headers, byte[] body) {
    public HttpReply {
        headers = Map.copyOf(headers);
    }

    public static HttpReply of(int status, String contentType, String body) {
        return new HttpReply(status, contentType, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    public static HttpReply json(int status, String json) {
        return of(status, "application/json", json);
    }

    public HttpReply withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpReply(status, contentType, copy, body);
    }
}
