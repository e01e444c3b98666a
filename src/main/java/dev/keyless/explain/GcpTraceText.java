package dev.keyless.explain;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Prints the GCP explanation maps (CEL trace, bindings) for people. */
final class GcpTraceText {
    private static final String CONDITION = "attributeCondition";

    private GcpTraceText() {
    }

    /** {@code google.subject="…", attribute.x="…"}: each mapping target and its value. */
    static String values(Map<?, ?> mapping) {
        StringJoiner j = new StringJoiner(", ");
        mapping.forEach((target, entry) -> {
            if (!CONDITION.equals(target) && entry instanceof Map<?, ?> e) {
                j.add(target + "=" + (e.containsKey("error") ? "error: " + e.get("error") : quote(e.get("value"))));
            }
        });
        return j.toString();
    }

    static String mapping(Map<String, Object> explanation) {
        if (!(explanation.get("mapping") instanceof Map<?, ?> mapping)) {
            return "";
        }
        StringBuilder b = new StringBuilder("Attribute mapping:\n");
        mapping.forEach((target, entry) -> {
            if (entry instanceof Map<?, ?> e) {
                b.append("    ").append(CONDITION.equals(target) ? "condition" : target).append(" = ")
                        .append(e.get("expression")).append(" → ").append(e.containsKey("error") ? "error: " + e.get("error")
                                : quote(e.containsKey("result") ? e.get("result") : e.get("value"))).append('\n');
            }
        });
        if (explanation.get("principals") instanceof List<?> principals) {
            b.append("Principals:\n");
            principals.forEach(p -> b.append("    ").append(p).append('\n'));
        }
        return b.toString();
    }

    static String bindings(Object bindings) {
        if (!(bindings instanceof Map<?, ?> b)) {
            return "";
        }
        StringBuilder out = new StringBuilder("Service account ").append(b.get("serviceAccount")).append(":\n");
        if (b.get("granted") instanceof Map<?, ?> g) {
            out.append("    [match]    ").append(g.get("role")).append(" bound to ").append(g.get("member")).append('\n');
        } else {
            out.append("    [NO MATCH] ").append(b.get("grantingRoles")).append('\n');
            if (b.get("checkedMembers") instanceof List<?> members) {
                members.forEach(m -> out.append("        caller: ").append(m).append('\n'));
            }
            if (b.get("policy") instanceof Map<?, ?> policy) {
                policy.forEach((role, ms) -> out.append("        bound:  ").append(role).append(" → ").append(ms).append('\n'));
            }
        }
        return out.toString();
    }

    private static String quote(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }
}
