package dev.keyless.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyless.aws.policy.MalformedPolicyException;
import dev.keyless.aws.policy.PolicyDocument;
import dev.keyless.aws.policy.PolicyParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks one account's {@code roles:}, compiling each trust policy and checking its provider references. */
final class RoleSection {

    /** IAM CreateRole: RoleName 1-64 of [\\w+=,.@-], Path 1-512 of "/" or "/.../" with printable ASCII. */
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern ROLE_PATH = Pattern.compile("/|/[\\x21-\\x7E]{0,510}/");
    private static final Pattern ROLE_ID = Pattern.compile("AROA[A-Z0-9]{17}");

    private final Checks checks;
    private final Problems problems;

    /**
     * Written anywhere in a trust policy in keyless.yaml (a Federated provider ARN, a condition key),
     * it stands for the built-in issuer's URL minus its scheme: the provider's name in IAM, and the
     * prefix of its condition keys (IAM User Guide, "Available keys for AWS web identity federation").
     * Replaced when the file is loaded, so the port is written once, in server.listen.
     */
    static final String ISSUER_PLACEHOLDER = "${keyless:issuer}";

    private final String issuerId;

    RoleSection(Checks checks, java.net.URI issuer) {
        this.issuerId = OidcProviderConfig.stripScheme(issuer.toString());
        this.checks = checks;
        this.problems = checks.problems();
    }

    Map<String, RoleConfig> read(Map<String, ConfigFile.Role> roles, KeyPath path, String accountId,
            List<OidcProviderConfig> providers) {
        Map<String, RoleConfig> out = new LinkedHashMap<>();
        roles.forEach((name, role) -> {
            KeyPath at = path.key(name);
            if (!ROLE_NAME.matcher(name).matches()) {
                problems.addAtKey(at, "\"" + name + "\" is not a valid IAM role name",
                        "use 1-64 letters, digits and + = , . @ _ -");
            }
            role(role == null ? new ConfigFile.Role(null, null, null, null, null) : role, at, name, accountId, providers)
                    .ifPresent(r -> out.put(name, r));
        });
        return out;
    }

    private Optional<RoleConfig> role(ConfigFile.Role r, KeyPath at, String name, String accountId,
            List<OidcProviderConfig> providers) {
        String path = Optional.ofNullable(r.path()).orElse("/");
        if (!ROLE_PATH.matcher(path).matches()) {
            problems.add(at.key("path"), "\"" + path + "\" is not a valid IAM path",
                    "a path starts and ends with /, e.g. /ci/");
        }
        int maxSession = checks.integer(r.maxSessionDuration(), at.key("maxSessionDuration"), 3600, 43200,
                "number of seconds").map(Long::intValue).orElse(RoleConfig.DEFAULT_MAX_SESSION_DURATION);
        String roleId = Optional.ofNullable(r.roleId()).orElse(StableIds.roleId(accountId, name));
        if (!ROLE_ID.matcher(roleId).matches()) {
            problems.add(at.key("roleId"), "\"" + roleId + "\" is not a role unique id",
                    "leave roleId out (a stable one is derived) or write AROA followed by 17 uppercase letters/digits");
        }
        Map<String, String> tags = new LinkedHashMap<>(Optional.ofNullable(r.tags()).orElse(Map.of()));
        tags.values().removeIf(Objects::isNull);
        tags.forEach((key, value) -> {
            if (key.length() > 128 || value.length() > 256) {
                problems.addAtKey(at.key("tags").key(key), "tag too long",
                        "IAM limits tag keys to 128 and values to 256 characters");
            }
        });
        if (tags.size() > 50) {
            problems.add(at.key("tags"), "more than 50 tags", "IAM allows at most 50 tags per role");
        }
        KeyPath policyAt = at.key("assumeRolePolicy");
        Optional<ObjectNode> policy = checks.required(r.assumeRolePolicy(), policyAt,
                "every role needs a trust policy: {Version: \"2012-10-17\", Statement: [...]}")
                .flatMap(n -> checks.jsonObject(n, policyAt, "the trust policy")).map(n -> expandIssuer(n, policyAt));
        policy.ifPresent(p -> checkFederated(p, policyAt, accountId, providers));
        return policy.flatMap(p -> compile(p, policyAt)).map(compiled -> new RoleConfig(accountId, name, path,
                maxSession, policy.get().toString(), roleId, tags, compiled));
    }

    /** The policy with {@link #ISSUER_PLACEHOLDER} replaced in every key and string value. */
    private ObjectNode expandIssuer(ObjectNode policy, KeyPath at) {
        return (ObjectNode) expand(policy, at);
    }

    private JsonNode expand(JsonNode node, KeyPath at) {
        if (node.isTextual()) {
            return node.asText().contains(ISSUER_PLACEHOLDER)
                    ? com.fasterxml.jackson.databind.node.TextNode.valueOf(node.asText().replace(ISSUER_PLACEHOLDER, issuerId))
                    : node;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            node.forEach(v -> out.add(expand(v, at)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> {
                String key = e.getKey().replace(ISSUER_PLACEHOLDER, issuerId);
                if (out.has(key)) {
                    problems.add(at, "the key " + key + " is written twice once " + ISSUER_PLACEHOLDER + " is replaced",
                            "keep one of the two: " + ISSUER_PLACEHOLDER + " already stands for " + issuerId);
                }
                out.set(key, expand(e.getValue(), at));
            });
            return out;
        }
        return node;
    }

    /** Parsed and compiled here, once: a policy AWS would refuse is a config error, not a 500 at request time. */
    private Optional<PolicyDocument> compile(ObjectNode policy, KeyPath at) {
        try {
            return Optional.of(PolicyParser.parse(policy));
        } catch (MalformedPolicyException e) {
            problems.add(at, "the trust policy is malformed: " + e.getMessage(),
                    "IAM would refuse it with MalformedPolicyDocument; see the IAM JSON policy grammar");
            return Optional.empty();
        }
    }

    /**
     * A {@code Principal.Federated} naming an IAM OIDC provider ARN must name one configured in this
     * account: AWS resolves it in the role's own account (IAM User Guide, role trust policies).
     */
    private void checkFederated(ObjectNode policy, KeyPath policyPath, String accountId,
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
                    problems.add(at,
                            "Federated principal \"" + value.asText() + "\" is not an OIDC provider of this account", hint);
                }
            }
        }
    }

    private static List<JsonNode> iterate(JsonNode array) {
        List<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
