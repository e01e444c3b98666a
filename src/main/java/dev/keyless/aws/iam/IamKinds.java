package dev.keyless.aws.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyless.json.MalformedJsonException;
import dev.keyless.json.UntrustedJson;
import dev.keyless.resources.ResourceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The resource kinds this API keeps in {@code config_resources}, their keys, and their JSON
 * documents (written here, read back here; still read strictly, as any stored text).
 */
public final class IamKinds {
    public static final String PROVIDER = "aws.oidc-provider";
    public static final String ROLE = "aws.role";
    private static final ObjectMapper JSON = new ObjectMapper();

    private IamKinds() {}

    static ResourceKey providerKey(String accountId, String url) {
        return new ResourceKey(PROVIDER, accountId, withoutScheme(url));
    }

    static ResourceKey roleKey(String accountId, String roleName) {
        return new ResourceKey(ROLE, accountId, roleName.toLowerCase(Locale.ROOT));
    }

    /** The URL without {@code https://}: the provider ARN's resource part (IAM User Guide, OIDC providers). */
    static String withoutScheme(String url) {
        int i = url.indexOf("://");
        return i < 0 ? url : url.substring(i + 3);
    }

    static String providerArn(String accountId, String url) {
        return "arn:aws:iam::" + accountId + ":oidc-provider/" + withoutScheme(url);
    }

    static String write(StoredProvider p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("url", p.url());
        strings(o.putArray("clientIds"), p.clientIds());
        strings(o.putArray("thumbprints"), p.thumbprints());
        map(o.putObject("tags"), p.tags());
        o.put("createDate", p.createDate());
        return text(o);
    }

    static String write(StoredRole r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", r.name());
        o.put("path", r.path());
        o.put("roleId", r.roleId());
        r.description().ifPresent(d -> o.put("description", d));
        o.put("maxSessionDuration", r.maxSessionDuration());
        o.put("assumeRolePolicy", r.assumeRolePolicy());
        map(o.putObject("tags"), r.tags());
        map(o.putObject("inlinePolicies"), r.inlinePolicies());
        strings(o.putArray("attachedPolicies"), r.attachedPolicies());
        o.put("createDate", r.createDate());
        return text(o);
    }

    public static StoredProvider provider(String document) {
        JsonNode o = read(document);
        return new StoredProvider(o.path("url").asText(), strings(o.path("clientIds")), strings(o.path("thumbprints")),
                map(o.path("tags")), o.path("createDate").asText());
    }

    public static StoredRole role(String document) {
        JsonNode o = read(document);
        return new StoredRole(o.path("name").asText(), o.path("path").asText("/"), o.path("roleId").asText(),
                o.has("description") ? Optional.of(o.get("description").asText()) : Optional.empty(),
                o.path("maxSessionDuration").asInt(3600), o.path("assumeRolePolicy").asText(), map(o.path("tags")),
                map(o.path("inlinePolicies")), strings(o.path("attachedPolicies")), o.path("createDate").asText());
    }

    private static JsonNode read(String document) {
        try {
            return UntrustedJson.read(document);
        } catch (MalformedJsonException e) {
            throw new IllegalStateException("stored IAM resource is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void map(ObjectNode o, Map<String, String> values) {
        values.forEach(o::put);
    }

    private static Map<String, String> map(JsonNode o) {
        Map<String, String> out = new LinkedHashMap<>();
        o.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static String text(ObjectNode o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
