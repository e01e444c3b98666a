package dev.keyless.aws.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One statement of {@link PolicyParser}: elements, principals, actions, resources. */
final class StatementParser {
    private static final Set<String> ELEMENTS = Set.of("Sid", "Effect", "Principal", "NotPrincipal", "Action",
            "NotAction", "Resource", "NotResource", "Condition");
    private static final Set<String> PRINCIPAL_TYPES = Set.of("AWS", "Federated", "Service", "CanonicalUser");

    private StatementParser() {}

    static Statement parse(JsonNode node, int index, boolean variables) throws MalformedPolicyException {
        String label = "#" + index;
        if (!node.isObject()) {
            throw new MalformedPolicyException("Statement " + label + ": must be a JSON object");
        }
        Optional<String> sid = Optional.empty();
        if (node.has("Sid")) {
            if (!node.get("Sid").isTextual()) {
                throw new MalformedPolicyException("Statement " + label + ": Sid must be a string");
            }
            sid = Optional.of(node.get("Sid").asText());
            label = "'" + sid.get() + "'";
        }
        String where = "Statement " + label + ": ";
        for (String name : PolicyParser.fields(node).keySet()) {
            if (!ELEMENTS.contains(name)) {
                throw new MalformedPolicyException(where + "unknown element '" + name + "'");
            }
        }
        return new Statement(index, sid, effect(node, where),
                principals(node, where),
                names(node, "Action", "NotAction", true, where),
                names(node, "Resource", "NotResource", false, where),
                ConditionParser.parse(node.get("Condition"), variables, where));
    }

    private static Effect effect(JsonNode node, String where) throws MalformedPolicyException {
        JsonNode e = node.get("Effect");
        if (e == null) {
            throw new MalformedPolicyException(where + "Missing required field Effect");
        }
        return switch (e.asText()) {
            case "Allow" -> Effect.ALLOW;
            case "Deny" -> Effect.DENY;
            default -> throw new MalformedPolicyException(where + "Effect must be \"Allow\" or \"Deny\", got " + e);
        };
    }

    private static Optional<PrincipalSpec> principals(JsonNode node, String where) throws MalformedPolicyException {
        if (node.has("Principal") && node.has("NotPrincipal")) {
            throw new MalformedPolicyException(where + "Principal and NotPrincipal cannot both be present");
        }
        boolean negated = node.has("NotPrincipal");
        String element = negated ? "NotPrincipal" : "Principal";
        JsonNode p = node.get(element);
        if (p == null) {
            return Optional.empty();
        }
        if (p.isTextual() && p.asText().equals("*")) {
            return Optional.of(new PrincipalSpec(negated, true, Map.of()));
        }
        if (!p.isObject() || p.isEmpty()) {
            throw new MalformedPolicyException(where + element + " must be \"*\" or an object of principal types");
        }
        Map<String, List<String>> byType = new LinkedHashMap<>();
        for (var e : PolicyParser.fields(p).entrySet()) {
            if (!PRINCIPAL_TYPES.contains(e.getKey())) {
                throw new MalformedPolicyException(where + element + ": unknown principal type '" + e.getKey()
                        + "' (expected one of AWS, Federated, Service, CanonicalUser)");
            }
            byType.put(e.getKey(), PolicyParser.scalarOrList(e.getValue(), where + element + "." + e.getKey()));
        }
        return Optional.of(new PrincipalSpec(negated, false, byType));
    }

    private static Optional<NameMatcher> names(JsonNode node, String positive, String negative, boolean action,
            String where) throws MalformedPolicyException {
        if (node.has(positive) && node.has(negative)) {
            throw new MalformedPolicyException(where + positive + " and " + negative + " cannot both be present");
        }
        boolean negated = node.has(negative);
        String element = negated ? negative : positive;
        JsonNode n = node.get(element);
        if (n == null) {
            if (action) {
                throw new MalformedPolicyException(where + "Missing required field Action (or NotAction)");
            }
            return Optional.empty();
        }
        List<WildcardPattern> patterns = new ArrayList<>();
        for (String v : PolicyParser.scalarOrList(n, where + element)) {
            if (action && !v.equals("*") && !v.matches("[A-Za-z0-9_\\-]+:[A-Za-z0-9_*?\\-]+")) {
                throw new MalformedPolicyException(where + element + " '" + v + "' must be of the form service:action");
            }
            patterns.add(WildcardPattern.glob(v, action));
        }
        return Optional.of(new NameMatcher(negated, patterns));
    }
}
