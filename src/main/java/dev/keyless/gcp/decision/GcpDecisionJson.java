package dev.keyless.gcp.decision;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyless.decision.CheckStatus;
import dev.keyless.gcp.iam.BindingDecision;
import dev.keyless.gcp.mapping.MappingTrace;

/** A {@link GcpDecision} as one JSON object: the audit log's explanation and {@code keyless explain --format json}'s detail. */
public final class GcpDecisionJson {

    private GcpDecisionJson() {
    }

    public static ObjectNode render(GcpDecision decision) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("decision", decision.allowed() ? "allowed" : "denied");
        if (decision.outcome() instanceof GcpDecision.Denied d) {
            root.put("decisiveCheck", d.decisive().label()).put("error", d.error().wireCode()).put("detail", d.detail());
        }
        root.put("summary", decision.summary());
        ArrayNode checks = root.putArray("checks");
        decision.checks().forEach(c -> checks.addObject().put("name", c.name().label())
                .put("status", word(c.status())).put("expected", c.expected())
                .put("actual", c.actual()));
        GcpDecision.Trace trace = decision.trace();
        trace.mapping().ifPresent(m -> {
            ObjectNode mapping = root.putObject("mapping");
            ArrayNode targets = mapping.putArray("targets");
            m.targets().forEach(t -> evaluated(targets.addObject(), t));
            m.condition().ifPresent(c -> evaluated(mapping.putObject("condition"), c));
        });
        if (!trace.principals().isEmpty()) {
            trace.principals().forEach(root.putArray("principals")::add);
        }
        trace.bindings().ifPresent(t -> bindings(root.putObject("bindings"), t));
        return root;
    }

    private static void evaluated(ObjectNode node, MappingTrace.Evaluated e) {
        node.put("target", e.target()).put("expression", e.expression());
        node.put(e.failed() ? "error" : "value", e.value());
    }

    private static void bindings(ObjectNode node, GcpDecision.BindingTrace t) {
        node.put("serviceAccount", t.serviceAccount()).put("permission", t.permission().permissionName())
                .put("found", t.decision().isPresent());
        ObjectNode policy = node.putObject("policy");
        t.policy().forEach((role, members) -> members.forEach(policy.withArray(role)::add));
        switch (t.decision().orElse(null)) {
            case null -> { }
            case BindingDecision.Granted g -> node.putObject("granted").put("role", g.role()).put("member", g.member());
            case BindingDecision.Denied d -> {
                d.checkedMembers().forEach(node.putArray("checkedMembers")::add);
                d.grantingRoles().forEach(node.putArray("grantingRoles")::add);
            }
        }
    }

    /** The GCP decision JSON keeps its past-tense status words ("passed", "failed"), unlike explain's. */
    private static String word(CheckStatus status) {
        return switch (status) {
            case PASS -> "passed";
            case FAIL -> "failed";
            case NOT_CHECKED -> "not_checked";
            case NOT_REACHED -> "not_reached";
        };
    }
}
