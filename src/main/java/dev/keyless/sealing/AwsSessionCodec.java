package dev.keyless.sealing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link AwsSession} as compact JSON (short field names keep session tokens small). Written by
 * hand rather than by data binding so the field names are a stable format across versions.
 */
public final class AwsSessionCodec {

    private final ObjectMapper json = new ObjectMapper();

    public byte[] encode(AwsSession s) {
        ObjectNode n = json.createObjectNode();
        n.put("k", s.accessKeyId()).put("s", s.secret().value()).put("a", s.account())
                .put("r", s.roleName()).put("rp", s.rolePath()).put("ri", s.roleId())
                .put("n", s.sessionName()).put("sub", s.subject()).put("aud", s.audience())
                .put("p", s.providerArn()).put("iat", s.issuedAt().getEpochSecond())
                .put("exp", s.expiresAt().getEpochSecond());
        s.sourceIdentity().ifPresent(v -> n.put("si", v));
        s.sessionPolicy().ifPresent(v -> n.put("pol", v));
        s.policyArns().forEach(n.putArray("pa")::add);
        ObjectNode tags = n.putObject("t");
        s.sessionTags().forEach(tags::put);
        try {
            return json.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a session", e);
        }
    }

    /** Empty when the bytes are not a session of this format (only after a successful unseal). */
    public Optional<AwsSession> decode(byte[] bytes) {
        try {
            JsonNode n = json.readTree(bytes);
            List<String> arns = new ArrayList<>();
            n.path("pa").forEach(a -> arns.add(a.asText()));
            Map<String, String> tags = new LinkedHashMap<>();
            n.path("t").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
            return Optional.of(new AwsSession(text(n, "k"), new SecretAccessKey(text(n, "s")), text(n, "a"),
                    text(n, "r"), text(n, "rp"), text(n, "ri"), text(n, "n"), text(n, "sub"), text(n, "aud"),
                    text(n, "p"), optional(n, "si"), seconds(n, "iat"), seconds(n, "exp"), optional(n, "pol"), arns, tags));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return v.asText();
    }

    private static Instant seconds(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToLong()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return Instant.ofEpochSecond(v.asLong());
    }

    private static Optional<String> optional(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }
}
