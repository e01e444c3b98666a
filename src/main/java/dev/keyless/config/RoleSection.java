package dev.keyless.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyless.aws.policy.MalformedPolicyException;
import dev.keyless.aws.policy.PolicyDocument;
import dev.keyless.aws.policy.PolicyParser;
import dev.keyless.config.YamlNode.Entry;
import dev.keyless.config.YamlNode.MapNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads one account's {@code roles:}, compiling each trust policy and checking its provider references. */
final class RoleSection {

    private static final List<String> ROLE_KEYS = List.of("path", "maxSessionDuration", "assumeRolePolicy",
            "roleId", "tags");
    /** IAM CreateRole: RoleName 1-64 of [\w+=,.@-], Path 1-512 of "/" or "/.../" with printable ASCII. */
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern ROLE_PATH = Pattern.compile("/|/[\\x21-\\x7E]{0,510}/");
    private static final Pattern ROLE_ID = Pattern.compile("AROA[A-Z0-9]{17}");

    private final Problems problems;

    RoleSection(Problems problems) {
        this.problems = problems;
    }

    Map<String, RoleConfig> read(MapNode roles, KeyPath path, String accountId, List<OidcProviderConfig> providers) {
        Map<String, RoleConfig> out = new LinkedHashMap<>();
        for (Entry entry : roles.entries().values()) {
            KeyPath at = path.key(entry.key());
            if (!ROLE_NAME.matcher(entry.key()).matches()) {
                problems.add(entry.keyLocation(), at, "\"" + entry.key() + "\" is not a valid IAM role name",
                        "use 1-64 letters, digits and + = , . @ _ -");
            }
            MapReader.of(entry.value(), at, problems, ROLE_KEYS)
                    .flatMap(r -> role(r, entry.key(), accountId, providers))
                    .ifPresent(role -> out.put(role.name(), role));
        }
        return out;
    }

    private Optional<RoleConfig> role(MapReader r, String name, String accountId, List<OidcProviderConfig> providers) {
        String path = r.string("path").orElse("/");
        if (!ROLE_PATH.matcher(path).matches()) {
            r.problem("path", "\"" + path + "\" is not a valid IAM path", "a path starts and ends with /, e.g. /ci/");
        }
        int maxSession = r.integer("maxSessionDuration", 3600, 43200, "number of seconds").map(Long::intValue)
                .orElse(RoleConfig.DEFAULT_MAX_SESSION_DURATION);
        String roleId = r.string("roleId").orElse(StableIds.roleId(accountId, name));
        if (!ROLE_ID.matcher(roleId).matches()) {
            r.problem("roleId", "\"" + roleId + "\" is not a role unique id",
                    "leave roleId out (a stable one is derived) or write AROA followed by 17 uppercase letters/digits");
        }
        Map<String, String> tags = r.node("tags").map(n -> tags(n, r.path("tags"))).orElse(Map.of());
        Optional<ObjectNode> policy = r.required("assumeRolePolicy",
                "every role needs a trust policy: {Version: \"2012-10-17\", Statement: [...]}")
                .flatMap(n -> JsonValues.object(n, r.path("assumeRolePolicy"), problems, "the trust policy"));
        policy.ifPresent(p -> checkFederated(p, r.node("assumeRolePolicy").orElseThrow(), r.path("assumeRolePolicy"),
                accountId, providers));
        return policy.flatMap(p -> compile(p, r)).map(compiled -> new RoleConfig(accountId, name, path, maxSession,
                policy.get().toString(), roleId, tags, compiled));
    }

    /** Parsed and compiled here, once: a policy AWS would refuse is a config error, not a 500 at request time. */
    private Optional<PolicyDocument> compile(ObjectNode policy, MapReader r) {
        try {
            return Optional.of(PolicyParser.parse(policy));
        } catch (MalformedPolicyException e) {
            r.problem("assumeRolePolicy", "the trust policy is malformed: " + e.getMessage(),
                    "IAM would refuse it with MalformedPolicyDocument; see the IAM JSON policy grammar");
            return Optional.empty();
        }
    }

    private Map<String, String> tags(YamlNode node, KeyPath path) {
        Map<String, String> out = new LinkedHashMap<>();
        MapReader.namedEntries(node, path, problems, "tag").ifPresent(map -> map.entries().values().forEach(e ->
                Values.string(e.value(), path.key(e.key()), problems).ifPresent(v -> {
                    if (e.key().length() > 128 || v.length() > 256) {
                        problems.add(e.keyLocation(), path.key(e.key()), "tag too long",
                                "IAM limits tag keys to 128 and values to 256 characters");
                    }
                    out.put(e.key(), v);
                })));
        if (out.size() > 50) {
            problems.add(node.location(), path, "more than 50 tags", "IAM allows at most 50 tags per role");
        }
        return out;
    }

    /**
     * A {@code Principal.Federated} naming an IAM OIDC provider ARN must name one configured in this
     * account: AWS resolves it in the role's own account (IAM User Guide, role trust policies).
     */
    private void checkFederated(ObjectNode policy, YamlNode policyNode, KeyPath policyPath, String accountId,
            List<OidcProviderConfig> providers) {
        List<String> known = providers.stream().map(OidcProviderConfig::providerArn).toList();
        JsonNode statements = policy.path("Statement");
        List<JsonNode> list = statements.isArray() ? iterate(statements) : List.of(statements);
        for (int i = 0; i < list.size(); i++) {
            JsonNode federated = list.get(i).path("Principal").path("Federated");
            List<JsonNode> values = federated.isArray() ? iterate(federated) : List.of(federated);
            KeyPath at = (statements.isArray() ? policyPath.key("Statement").index(i) : policyPath.key("Statement"))
                    .key("Principal").key("Federated");
            for (JsonNode value : values) {
                if (value.isTextual() && !known.contains(value.asText())) {
                    String hint = known.isEmpty()
                            ? "add an openIdConnectProviders entry to account " + accountId + " for this issuer"
                            : "configured providers in account " + accountId + ": " + String.join(", ", known)
                                    + Suggestions.closest(value.asText(), known).map(s -> "; did you mean " + s + "?")
                                            .orElse("");
                    problems.add(locate(policyNode, statements.isArray() ? i : -1), at,
                            "Federated principal \"" + value.asText() + "\" is not an OIDC provider of this account", hint);
                }
            }
        }
    }

    /** The YAML location of {@code Statement[i].Principal.Federated}, or of the policy when it is a JSON string. */
    private static YamlNode.Location locate(YamlNode policy, int index) {
        YamlNode node = policy;
        for (Object step : List.of("Statement", index, "Principal", "Federated")) {
            if (step instanceof String key && node instanceof MapNode map && map.entries().containsKey(key)) {
                node = map.entries().get(key).value();
            } else if (step instanceof Integer i && i >= 0 && node instanceof YamlNode.ListNode l && i < l.items().size()) {
                node = l.items().get(i);
            } else if (!(step instanceof Integer i && i < 0)) {
                return node == policy ? policy.location() : node.location();
            }
        }
        return node.location();
    }

    private static List<JsonNode> iterate(JsonNode array) {
        List<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
