package dev.keyless.gcp.iam;

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
 * JSON codecs for the payloads Keyless seals with {@code TokenSealer}, and the {@code ya29.}
 * access-token shape (Google STS API, token: real tokens start {@code ya29.}; clients treat
 * them as opaque). Times are epoch seconds. A version field {@code v} lets the format evolve.
 * Decoding never throws: a payload that unseals but does not parse is simply not a token.
 */
public final class GcpTokenCodec {

    public static final String ACCESS_TOKEN_PREFIX = "ya29.";
    private static final int VERSION = 1;

    private final ObjectMapper json = new ObjectMapper();

    public static String accessToken(String sealed) {
        return ACCESS_TOKEN_PREFIX + sealed;
    }

    /** The sealed part of a {@code ya29.} token, or empty when the prefix is missing. */
    public static Optional<String> sealedPart(String accessToken) {
        if (accessToken == null || !accessToken.startsWith(ACCESS_TOKEN_PREFIX)) {
            return Optional.empty();
        }
        return Optional.of(accessToken.substring(ACCESS_TOKEN_PREFIX.length()));
    }

    public byte[] encode(FederatedToken t) {
        ObjectNode n = json.createObjectNode().put("v", VERSION)
                .put("projectNumber", t.projectNumber()).put("pool", t.poolId()).put("provider", t.providerId())
                .put("sub", t.subject()).put("principal", t.principal())
                .put("iat", t.issuedAt().getEpochSecond()).put("exp", t.expiresAt().getEpochSecond())
                .put("iss", t.originalIssuer()).put("jtiHash", t.subjectJtiHash());
        t.principalSets().forEach(n.putArray("principalSets")::add);
        ObjectNode attrs = n.putObject("attributes");
        t.attributes().forEach(attrs::put);
        t.scopes().forEach(n.putArray("scopes")::add);
        return write(n);
    }

    public Optional<FederatedToken> decodeFederated(byte[] bytes) {
        try {
            JsonNode n = read(bytes);
            Map<String, String> attributes = new LinkedHashMap<>();
            n.required("attributes").properties().forEach(e -> attributes.put(e.getKey(), text(e.getValue())));
            return Optional.of(new FederatedToken(n.required("projectNumber").longValue(), text(n.required("pool")),
                    text(n.required("provider")), text(n.required("sub")), text(n.required("principal")),
                    strings(n.required("principalSets")), attributes,
                    Instant.ofEpochSecond(n.required("iat").longValue()),
                    Instant.ofEpochSecond(n.required("exp").longValue()), strings(n.required("scopes")),
                    text(n.required("iss")), text(n.required("jtiHash"))));
        } catch (IOException | RuntimeException e) { // malformed payload: not a token
            return Optional.empty();
        }
    }

    public byte[] encode(ServiceAccountToken t) {
        ObjectNode n = json.createObjectNode().put("v", VERSION).put("email", t.email())
                .put("uniqueId", t.uniqueId()).put("iat", t.issuedAt().getEpochSecond())
                .put("exp", t.expiresAt().getEpochSecond()).put("delegatedFrom", t.delegatedFrom());
        t.scopes().forEach(n.putArray("scopes")::add);
        return write(n);
    }

    public Optional<ServiceAccountToken> decodeServiceAccount(byte[] bytes) {
        try {
            JsonNode n = read(bytes);
            return Optional.of(new ServiceAccountToken(text(n.required("email")), text(n.required("uniqueId")),
                    strings(n.required("scopes")), Instant.ofEpochSecond(n.required("iat").longValue()),
                    Instant.ofEpochSecond(n.required("exp").longValue()), text(n.required("delegatedFrom"))));
        } catch (IOException | RuntimeException e) { // malformed payload: not a token
            return Optional.empty();
        }
    }

    private JsonNode read(byte[] bytes) throws IOException {
        JsonNode n = json.readTree(bytes);
        if (n == null || !n.isObject() || n.path("v").intValue() != VERSION) {
            throw new IOException("not a version " + VERSION + " token payload");
        }
        return n;
    }

    private byte[] write(ObjectNode n) {
        try {
            return json.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e); // a bug, not input
        }
    }

    private static String text(JsonNode n) {
        if (!n.isTextual()) {
            throw new IllegalArgumentException("expected a string");
        }
        return n.textValue();
    }

    private static List<String> strings(JsonNode n) {
        if (!n.isArray()) {
            throw new IllegalArgumentException("expected an array");
        }
        List<String> out = new ArrayList<>();
        n.forEach(e -> out.add(text(e)));
        return out;
    }
}
