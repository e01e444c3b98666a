package dev.keyless.trust;

import dev.keyless.gcp.iam.BindingDecision;
import java.util.List;
import java.util.Map;

/** Prints a GCP decision for people: each mapping target with its value, the condition, the bindings looked at. */
final class GcpTrace {
    private GcpTrace() {}

    static String mapping(Map<String, Object> trace) {
        StringBuilder b = new StringBuilder("Attribute mapping:\n");
        trace.forEach((target, entry) -> {
            if (entry instanceof Map<?, ?> e) {
                b.append("    ").append(target).append(" = ").append(e.get("expression")).append(" → ");
                if (e.containsKey("error")) {
                    b.append("error: ").append(e.get("error"));
                } else {
                    b.append(quote(e.containsKey("result") ? e.get("result") : e.get("value")));
                }
                b.append('\n');
            }
        });
        return b.toString();
    }

    static String bindings(String email, Map<String, List<String>> bindings, BindingDecision d) {
        StringBuilder b = new StringBuilder("Service account ").append(email).append(":\n");
        switch (d) {
            case BindingDecision.Granted g -> b.append("    [match]    ").append(g.role()).append(" bound to ")
                    .append(g.member()).append('\n');
            case BindingDecision.Denied x -> {
                b.append("    [NO MATCH] no binding of ").append(x.grantingRoles()).append(" names one of the caller's principals\n");
                x.checkedMembers().forEach(m -> b.append("        caller: ").append(m).append('\n'));
                bindings.forEach((role, members) -> members.forEach(m ->
                        b.append("        bound:  ").append(role).append(" → ").append(m).append('\n')));
            }
        }
        return b.toString();
    }

    private static String quote(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }
}
