package dev.keyless.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Size limits for what an audit row stores, in UTF-8 bytes. Most fields can carry what a client
 * sent (user agent, role ARN, an unverified token's issuer, a message quoting either), and every
 * request is audited, so without limits a junk request with 20 KB of headers stores 20 KB. A
 * request whose token was not verified (no subject) gets the tight limits, which keep its whole
 * row under 2 KiB; with a verified identity the limits only stop absurd values, so a long branch
 * name or an explanation tree survives. A cut value ends with a visible marker saying how long it
 * was; a cut explanation (a JSON document) is replaced by a JSON object saying the same.
 */
final class FieldBounds {
    record Limits(int requestId, int reason, int message, int explanation, int issuer, int subject, int audience,
            int role, int sessionName, int clientAddress, int userAgent, int jti) {}

    /** Sum with the fixed columns (time, kind, decision, fingerprint; about 70 bytes): under 2 KiB. */
    static final Limits UNAUTHENTICATED = new Limits(64, 64, 256, 256, 128, 128, 384, 384, 64, 64, 128, 64);
    static final Limits AUTHENTICATED = new Limits(64, 64, 1024, 16 * 1024, 512, 1024, 1024, 1024, 64, 64, 256, 128);

    private FieldBounds() {}

    /** {@code value} if it fits in {@code maxBytes}; else its start and a marker, the whole within the limit. */
    static String truncate(String value, int maxBytes) {
        if (value == null) {
            return null;
        }
        int total = utf8Length(value, Integer.MAX_VALUE);
        if (total <= maxBytes) {
            return value;
        }
        String marker = "…[truncated, " + total + " bytes]";
        int room = Math.max(0, maxBytes - utf8Length(marker, Integer.MAX_VALUE));
        int end = 0;
        int used = 0;
        while (end < value.length()) {
            int cp = value.codePointAt(end);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (used + size > room) {
                break;
            }
            used += size;
            end += Character.charCount(cp);
        }
        return value.substring(0, end) + marker;
    }

    /**
     * A JSON document if it fits; else a JSON object that says it was cut and how long it was, and
     * keeps the short top-level fields that say what was decided and by which check (the audit
     * log's readers, {@code keyless audit} and the decision tests, look for them first).
     */
    static String truncateJson(String json, int maxBytes) {
        if (json == null) {
            return null;
        }
        int total = utf8Length(json, Integer.MAX_VALUE);
        if (total <= maxBytes) {
            return json;
        }
        ObjectNode cut = JsonNodeFactory.instance.objectNode().put("truncated", true).put("bytes", total);
        try {
            JsonNode whole = OWN_JSON.readTree(json);
            for (String field : KEPT_FIELDS) {
                JsonNode value = whole.path(field);
                if (value.isTextual() && value.textValue().length() <= 64) {
                    cut.put(field, value.textValue());
                }
            }
        } catch (JsonProcessingException notJson) {
            // nothing to keep: the marker alone says what happened
        }
        String out = cut.toString();
        return utf8Length(out, Integer.MAX_VALUE) <= maxBytes ? out : "{\"truncated\":true,\"bytes\":" + total + "}";
    }

    /** Top-level explanation fields that name the decision and its decisive check (AWS and GCP). */
    private static final List<String> KEPT_FIELDS = List.of("decision", "check", "decisiveCheck", "error");
    /** Explanations are the server's own JSON (not untrusted input), so a plain mapper reads them. */
    private static final ObjectMapper OWN_JSON = new ObjectMapper();

    private static int utf8Length(String s, int stopAfter) {
        int n = 0;
        for (int i = 0; i < s.length() && n <= stopAfter; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

}
