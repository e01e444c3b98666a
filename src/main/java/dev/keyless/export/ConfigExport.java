package dev.keyless.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.keyless.aws.iam.IamKinds;
import dev.keyless.aws.iam.StoredProvider;
import dev.keyless.aws.iam.StoredRole;
import dev.keyless.gcp.iam.admin.GcpResourceDocs;
import dev.keyless.gcp.iam.admin.GcpResourceDocs.BindingDoc;
import dev.keyless.gcp.iam.admin.GcpResourceDocs.PolicyDoc;
import dev.keyless.gcp.iam.admin.GcpResourceDocs.PoolDoc;
import dev.keyless.gcp.iam.admin.GcpResourceDocs.ProviderDoc;
import dev.keyless.gcp.iam.admin.GcpResourceDocs.ServiceAccountDoc;
import dev.keyless.json.MalformedJsonException;
import dev.keyless.json.UntrustedJson;
import dev.keyless.resources.ResourceSnapshot;
import dev.keyless.resources.StoredResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code keyless config export}, pure: keyless.yaml's tree (as loaded, already valid) merged with the
 * resources created through the AWS IAM and GCP IAM v1 APIs, rendered as a keyless.yaml. The merge
 * follows the live views the servers decide against ({@code aws.iam.AwsLiveView},
 * {@code gcp.iam.admin.GcpLiveDirectory}): a file-declared name wins, soft-deleted pools and providers,
 * disabled service accounts and conditional bindings grant nothing and are left out. Whatever the
 * keyless.yaml schema cannot express is named in a {@code #} comment line, never dropped silently.
 * Secrets (a store password, administrator keys and tokens) are never printed.
 */
public final class ConfigExport {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .build();
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)([?&;]password=)[^&;]*");

    private ConfigExport() {}

    /** The exported text: comment lines first, then the YAML document. */
    public static String render(JsonNode file, ResourceSnapshot snapshot) {
        ObjectNode root = file != null && file.isObject() ? ((ObjectNode) file).deepCopy() : NODES.objectNode();
        List<String> notes = new ArrayList<>();
        redactStore(root, notes);
        mergeAws(root, snapshot, notes);
        mergeGcp(root, snapshot, notes);
        StringBuilder out = new StringBuilder();
        out.append("# keyless config export: keyless.yaml merged with the resources created through the IAM APIs")
                .append(" (store revision ").append(snapshot.revision()).append(").\n");
        out.append("# Comments of the original file are not kept; relative paths stay relative to its folder.\n");
        out.append("# Administrator access keys and tokens are not configuration and are not exported.\n");
        for (String note : notes) {
            out.append("# ").append(note.replaceAll("[\\p{Cntrl}]", " ")).append('\n');
        }
        try {
            out.append(YAML.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the exported configuration", e);
        }
        return out.toString();
    }

    private static void redactStore(ObjectNode root, List<String> notes) {
        JsonNode store = root.get("store");
        if (store == null) {
            return;
        }
        if (store.isTextual()) {
            String url = store.asText();
            String safe = URL_PASSWORD.matcher(url).replaceAll("$1REDACTED");
            if (!safe.equals(url)) {
                root.put("store", safe);
                notes.add("store: the password in the JDBC URL is replaced by REDACTED (a secret); set it again.");
            }
            return;
        }
        if (store.isObject()) {
            ObjectNode s = (ObjectNode) store;
            if (s.has("password")) {
                s.remove("password");
                notes.add("store.password: left out (a secret); set it again before use.");
            }
            if (s.path("url").isTextual()) {
                String url = s.get("url").asText();
                String safe = URL_PASSWORD.matcher(url).replaceAll("$1REDACTED");
                if (!safe.equals(url)) {
                    s.put("url", safe);
                    notes.add("store.url: the password in the JDBC URL is replaced by REDACTED (a secret).");
                }
            }
        }
    }

    // ---- AWS ------------------------------------------------------------------------------------

    private static void mergeAws(ObjectNode root, ResourceSnapshot snapshot, List<String> notes) {
        for (StoredResource r : snapshot.ofKind(IamKinds.PROVIDER)) {
            StoredProvider p = IamKinds.provider(r.document());
            ObjectNode account = awsAccount(root, r.key().scope());
            ArrayNode providers = array(account, "openIdConnectProviders");
            if (hasUrl(providers, p.url())) {
                continue;
            }
            ObjectNode o = providers.addObject();
            o.put("url", p.url());
            strings(o.putArray("clientIds"), p.clientIds());
            strings(o.putArray("thumbprints"), p.thumbprints());
            String where = "aws.accounts." + r.key().scope() + ".openIdConnectProviders[url=" + p.url() + "]";
            if (!p.tags().isEmpty()) {
                notes.add(where + ": tags " + p.tags() + " not expressible in keyless.yaml.");
            }
        }
        for (StoredResource r : snapshot.ofKind(IamKinds.ROLE)) {
            StoredRole role = IamKinds.role(r.document());
            ObjectNode roles = object(awsAccount(root, r.key().scope()), "roles");
            if (hasKeyIgnoringCase(roles, role.name())) {
                continue;
            }
            ObjectNode o = roles.putObject(role.name());
            o.put("path", role.path());
            o.put("maxSessionDuration", (long) role.maxSessionDuration());
            // The trust policy as the caller sent it: keyless.yaml accepts a JSON string too.
            o.put("assumeRolePolicy", role.assumeRolePolicy());
            o.put("roleId", role.roleId());
            if (!role.tags().isEmpty()) {
                ObjectNode tags = o.putObject("tags");
                role.tags().forEach(tags::put);
            }
            String where = "aws.accounts." + r.key().scope() + ".roles." + role.name();
            role.description().ifPresent(d -> notes.add(where + ": description " + quoted(d)
                    + " not expressible in keyless.yaml."));
            role.inlinePolicies().forEach((name, doc) -> notes.add(where + ": inline permission policy " + quoted(name)
                    + " not expressible in keyless.yaml: " + oneLine(doc)));
            for (String arn : role.attachedPolicies()) {
                notes.add(where + ": attached managed policy " + arn + " not expressible in keyless.yaml.");
            }
        }
    }

    private static ObjectNode awsAccount(ObjectNode root, String accountId) {
        return object(object(object(root, "aws"), "accounts"), accountId);
    }

    private static boolean hasUrl(ArrayNode providers, String url) {
        for (JsonNode p : providers) {
            if (IamKindsUrls.sameProvider(p.path("url").asText(), url)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasKeyIgnoringCase(ObjectNode o, String name) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            if (it.next().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    // ---- GCP ------------------------------------------------------------------------------------

    private static void mergeGcp(ObjectNode root, ResourceSnapshot snapshot, List<String> notes) {
        Map<String, PolicyDoc> policies = new HashMap<>();
        for (StoredResource r : snapshot.ofKind(GcpResourceDocs.POLICY)) {
            policies.put(r.key().scope() + "/" + r.key().nameKey(), GcpResourceDocs.read(r.document(), PolicyDoc.class));
        }
        Map<String, List<StoredResource>> providersByPool = new LinkedHashMap<>();
        for (StoredResource r : snapshot.ofKind(GcpResourceDocs.PROVIDER)) {
            providersByPool.computeIfAbsent(r.key().scope(), k -> new ArrayList<>()).add(r);
        }
        for (StoredResource r : snapshot.ofKind(GcpResourceDocs.POOL)) {
            String project = r.key().scope();
            String where = "gcp.projects." + project + ".workloadIdentityPools." + r.key().nameKey();
            PoolDoc doc = GcpResourceDocs.read(r.document(), PoolDoc.class);
            ObjectNode pools = object(gcpProject(root, project, notes), "workloadIdentityPools");
            if (pools.has(r.key().nameKey())) {
                continue;
            }
            if (!GcpResourceDocs.ACTIVE.equals(doc.state())) {
                notes.add(where + ": soft-deleted (expires " + doc.expireTime() + "), not exported.");
                continue;
            }
            ObjectNode o = pools.putObject(r.key().nameKey());
            o.put("disabled", doc.disabled());
            if (doc.sessionDuration() != null && !doc.sessionDuration().isEmpty()) {
                o.put("sessionDuration", wholeSeconds(doc.sessionDuration()));
            }
            describe(where, doc.displayName(), doc.description(), notes);
        }
        providersByPool.forEach((scope, stored) -> {
            int slash = scope.indexOf('/');
            String project = scope.substring(0, slash);
            String poolId = scope.substring(slash + 1);
            JsonNode pool = gcpProject(root, project, notes).path("workloadIdentityPools").path(poolId);
            if (!pool.isObject()) {
                return; // its pool is soft-deleted (noted above): the live view serves none of its providers
            }
            ObjectNode providers = object((ObjectNode) pool, "providers");
            for (StoredResource r : stored) {
                String where = "gcp.projects." + project + ".workloadIdentityPools." + poolId + ".providers."
                        + r.key().nameKey();
                ProviderDoc doc = GcpResourceDocs.read(r.document(), ProviderDoc.class);
                if (providers.has(r.key().nameKey())) {
                    continue;
                }
                if (!GcpResourceDocs.ACTIVE.equals(doc.state())) {
                    notes.add(where + ": soft-deleted (expires " + doc.expireTime() + "), not exported.");
                    continue;
                }
                ObjectNode o = providers.putObject(r.key().nameKey());
                o.put("disabled", doc.disabled());
                o.put("issuerUri", doc.issuerUri());
                strings(o.putArray("allowedAudiences"), doc.allowedAudiences());
                if (doc.jwksJson() != null && !doc.jwksJson().isEmpty()) {
                    o.set("jwksJson", jwks(doc.jwksJson()));
                }
                ObjectNode mapping = o.putObject("attributeMapping");
                new java.util.TreeMap<>(doc.attributeMapping()).forEach(mapping::put);
                if (doc.attributeCondition() != null && !doc.attributeCondition().isEmpty()) {
                    o.put("attributeCondition", doc.attributeCondition());
                }
                describe(where, doc.displayName(), doc.description(), notes);
            }
        });
        for (StoredResource r : snapshot.ofKind(GcpResourceDocs.SERVICE_ACCOUNT)) {
            String project = r.key().scope();
            ServiceAccountDoc sa = GcpResourceDocs.read(r.document(), ServiceAccountDoc.class);
            String where = "gcp.projects." + project + ".serviceAccounts." + sa.accountId();
            ObjectNode accounts = object(gcpProject(root, project, notes), "serviceAccounts");
            if (accounts.has(sa.accountId())) {
                continue;
            }
            if (sa.disabled()) {
                notes.add(where + ": disabled (keyless.yaml has no disabled service accounts), not exported.");
                continue;
            }
            ObjectNode o = accounts.putObject(sa.accountId());
            o.put("uniqueId", sa.uniqueId());
            PolicyDoc policy = policies.getOrDefault(project + "/" + r.key().nameKey(), new PolicyDoc(1, List.of()));
            Map<String, List<String>> grants = new LinkedHashMap<>();
            for (BindingDoc b : policy.bindings()) {
                if (b.condition() != null) {
                    notes.add(where + ": conditional binding of " + b.role() + " to " + b.members()
                            + " (condition " + quoted(b.condition().expression())
                            + ") not expressible in keyless.yaml and not exported.");
                    continue;
                }
                grants.computeIfAbsent(b.role(), k -> new ArrayList<>()).addAll(b.members());
            }
            if (!grants.isEmpty()) {
                ObjectNode bindings = o.putObject("bindings");
                grants.forEach((role, members) -> strings(bindings.putArray(role), members));
            }
            describe(where, sa.displayName(), sa.description(), notes);
        }
    }

    private static ObjectNode gcpProject(ObjectNode root, String project, List<String> notes) {
        ObjectNode projects = object(object(root, "gcp"), "projects");
        if (!projects.has(project)) {
            // The IAM v1 API serves only projects keyless.yaml declares (their number comes from it).
            notes.add("gcp.projects." + project + ": not in keyless.yaml; its number must be added by hand.");
        }
        return object(projects, project);
    }

    private static void describe(String where, String displayName, String description, List<String> notes) {
        if (displayName != null && !displayName.isEmpty()) {
            notes.add(where + ": displayName " + quoted(displayName) + " not expressible in keyless.yaml.");
        }
        if (description != null && !description.isEmpty()) {
            notes.add(where + ": description " + quoted(description) + " not expressible in keyless.yaml.");
        }
    }

    private static JsonNode jwks(String text) {
        try {
            return UntrustedJson.read(text);
        } catch (MalformedJsonException e) {
            return NODES.textNode(text);
        }
    }

    /** Google's JSON duration ({@code "3600s"}) as keyless.yaml's whole seconds, as the live view keeps it. */
    private static String wholeSeconds(String googleDuration) {
        return new java.math.BigDecimal(googleDuration.substring(0, googleDuration.length() - 1)).longValue() + "s";
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static ObjectNode object(ObjectNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n instanceof ObjectNode o) {
            return o;
        }
        return parent.putObject(field);
    }

    private static ArrayNode array(ObjectNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n instanceof ArrayNode a) {
            return a;
        }
        return parent.putArray(field);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static String quoted(String s) {
        return NODES.textNode(s).toString();
    }

    private static String oneLine(String json) {
        try {
            return UntrustedJson.read(json).toString();
        } catch (MalformedJsonException e) {
            return quoted(json);
        }
    }

    /** Providers are the same when their URLs without scheme are (the ARN's resource part). */
    private static final class IamKindsUrls {
        private IamKindsUrls() {}

        static boolean sameProvider(String a, String b) {
            return strip(a).equalsIgnoreCase(strip(b));
        }

        private static String strip(String url) {
            int i = url.indexOf("://");
            return i < 0 ? url : url.substring(i + 3);
        }
    }
}
