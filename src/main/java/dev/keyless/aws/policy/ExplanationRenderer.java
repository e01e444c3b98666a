package dev.keyless.aws.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Prints an {@link Explanation} for people ({@link #text}) or as JSON ({@link #json}). */
public final class ExplanationRenderer {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    public String text(Explanation e) {
        StringBuilder b = new StringBuilder();
        b.append("Decision: ").append(e.decision().name()).append('\n');
        b.append("Summary: ").append(e.summary()).append('\n');
        for (Explanation.ActionResult a : e.actions()) {
            b.append("Action ").append(a.action()).append(": ").append(a.decision().name());
            a.decidedBy().ifPresent(i -> b.append(" (statement ").append(e.statements().get(i).label()).append(')'));
            b.append('\n');
        }
        for (Explanation.StatementResult s : e.statements()) {
            b.append("Statement ").append(s.label()).append(' ').append(s.effect())
                    .append(s.applies() ? " applies" : " does not apply").append('\n');
            line(b, "principal", s.principalMatched(), "");
            line(b, "action", s.actionMatched(), s.matchedActions().isEmpty() ? "" : " " + s.matchedActions());
            line(b, "resource", s.resourceMatched(), "");
            for (Explanation.ConditionResult c : s.conditions()) {
                b.append("    ").append(mark(c.result())).append(" condition ").append(c.operator()).append(' ')
                        .append(c.key()).append(": policy ").append(c.policyValues()).append(", request ")
                        .append(c.keyMissing() ? "(absent)" : c.requestValues().toString());
                c.note().ifPresent(n -> b.append(" — ").append(n));
                b.append('\n');
            }
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String what, boolean ok, String detail) {
        b.append("    ").append(mark(ok)).append(' ').append(what).append(detail).append('\n');
    }

    private static String mark(boolean ok) {
        return ok ? "[match]   " : "[NO MATCH]";
    }

    public JsonNode json(Explanation e) {
        ObjectNode root = F.objectNode();
        root.put("decision", e.decision().name());
        root.put("summary", e.summary());
        ArrayNode actions = root.putArray("actions");
        for (Explanation.ActionResult a : e.actions()) {
            ObjectNode n = actions.addObject().put("action", a.action()).put("decision", a.decision().name());
            a.decidedBy().ifPresent(i -> n.put("decidedBy", i));
        }
        ArrayNode statements = root.putArray("statements");
        for (Explanation.StatementResult s : e.statements()) {
            ObjectNode n = statements.addObject().put("index", s.index());
            s.sid().ifPresent(sid -> n.put("sid", sid));
            n.put("effect", s.effect().wire()).put("applies", s.applies()).put("principalMatched", s.principalMatched())
                    .put("actionMatched", s.actionMatched()).put("resourceMatched", s.resourceMatched())
                    .put("conditionsMatched", s.conditionsMatched());
            strings(n.putArray("matchedActions"), s.matchedActions());
            ArrayNode conds = n.putArray("conditions");
            for (Explanation.ConditionResult c : s.conditions()) {
                ObjectNode cn = conds.addObject().put("operator", c.operator()).put("key", c.key());
                strings(cn.putArray("policyValues"), c.policyValues());
                strings(cn.putArray("requestValues"), c.requestValues());
                cn.put("result", c.result()).put("keyMissing", c.keyMissing());
                c.note().ifPresent(note -> cn.put("note", note));
            }
        }
        return root;
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }
}
