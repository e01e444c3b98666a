package dev.keyless.aws.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyless.json.MalformedJsonException;
import dev.keyless.json.UntrustedJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses and compiles an IAM policy document [IAM User Guide, reference_policies_grammar,
 * reference_policies_elements_*.md]. Every pattern and typed value is compiled here, so a bad value
 * is a {@link MalformedPolicyException} at load time, never a failure at request time.
 */
public final class PolicyParser {
    private static final Set<String> TOP = Set.of("Version", "Id", "Statement");

    private PolicyParser() {}

    public static PolicyDocument parse(String json) throws MalformedPolicyException {
        try {
            // Strict: {"Effect":"Deny","Effect":"Allow"} must not read as whichever came last.
            return parse(UntrustedJson.read(json));
        } catch (MalformedJsonException e) {
            throw new MalformedPolicyException("Syntax errors in policy: " + e.getMessage(), e);
        }
    }

    public static PolicyDocument parse(JsonNode root) throws MalformedPolicyException {
        if (root == null || !root.isObject()) {
            throw new MalformedPolicyException("Syntax errors in policy: the document must be a JSON object");
        }
        for (var names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!TOP.contains(name)) {
                throw new MalformedPolicyException("Policy document contains unknown element '" + name + "'");
            }
        }
        // An omitted Version means the original 2008-10-17 grammar (variables are then literal text).
        String version = PolicyDocument.VERSION_2008;
        if (root.has("Version")) {
            JsonNode v = root.get("Version");
            if (!v.isTextual() || !(v.asText().equals(PolicyDocument.VERSION_2012)
                    || v.asText().equals(PolicyDocument.VERSION_2008))) {
                throw new MalformedPolicyException("The policy failed legacy parsing: Version must be \""
                        + PolicyDocument.VERSION_2012 + "\" or \"" + PolicyDocument.VERSION_2008 + "\", got " + v);
            }
            version = v.asText();
        }
        Optional<String> id = Optional.empty();
        if (root.has("Id")) {
            if (!root.get("Id").isTextual()) {
                throw new MalformedPolicyException("Id must be a string");
            }
            id = Optional.of(root.get("Id").asText());
        }
        return new PolicyDocument(version, id, statements(root.get("Statement"), version));
    }

    private static List<Statement> statements(JsonNode node, String version) throws MalformedPolicyException {
        if (node == null) {
            throw new MalformedPolicyException("Missing required field Statement");
        }
        List<JsonNode> items = new ArrayList<>();
        if (node.isObject()) {
            items.add(node);
        } else if (node.isArray() && !node.isEmpty()) {
            node.forEach(items::add);
        } else {
            throw new MalformedPolicyException("Statement must be an object or a non-empty array of objects");
        }
        List<Statement> out = new ArrayList<>();
        Set<String> sids = new HashSet<>();
        boolean variables = PolicyDocument.VERSION_2012.equals(version);
        for (int i = 0; i < items.size(); i++) {
            Statement s = StatementParser.parse(items.get(i), i, variables);
            if (s.sid().isPresent() && !sids.add(s.sid().get())) {
                throw new MalformedPolicyException("Statement " + s.label() + ": Sid: Statement IDs (SID) in a single policy must be unique");
            }
            out.add(s);
        }
        return out;
    }

    /** Strings, numbers and booleans as their text; an array of them; anything else is malformed. */
    static List<String> scalarOrList(JsonNode node, String where) throws MalformedPolicyException {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode e : node) {
                out.add(scalar(e, where));
            }
        } else {
            out.add(scalar(node, where));
        }
        if (out.isEmpty()) {
            throw new MalformedPolicyException(where + " must not be empty");
        }
        return out;
    }

    private static String scalar(JsonNode e, String where) throws MalformedPolicyException {
        if (e.isTextual() || e.isNumber() || e.isBoolean()) {
            return e.asText();
        }
        throw new MalformedPolicyException(where + " must be a string or a list of strings, got " + e.getNodeType());
    }

    static Map<String, JsonNode> fields(JsonNode node) {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
