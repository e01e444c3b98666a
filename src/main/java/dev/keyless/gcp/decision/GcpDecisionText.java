package dev.keyless.gcp.decision;

import dev.keyless.decision.Check;
import dev.keyless.gcp.iam.BindingDecision;
import dev.keyless.gcp.mapping.MappingTrace;
import java.util.Locale;

/**
 * A {@link GcpDecision} for people — the one text form {@code keyless explain} and
 * {@code keyless test} print: every check with expected and actual, the CEL trace, the caller's
 * principals, the bindings looked at, and the decision naming the decisive check and Google's error.
 */
public final class GcpDecisionText {

    private GcpDecisionText() {
    }

    public static String render(GcpDecision decision) {
        return checks(decision) + "\n" + trace(decision.trace()) + "\n" + decisionLine(decision) + "\n";
    }

    static String checks(GcpDecision decision) {
        StringBuilder b = new StringBuilder();
        int width = decision.checks().stream().mapToInt(c -> c.name().label().length()).max().orElse(0);
        String line = "  %-13s %-" + width + "s  %s %s%n";
        for (Check<CheckName> c : decision.checks()) {
            b.append(String.format(Locale.ROOT, line, c.status().mark(), c.name().label(), "expected:", c.expected()));
            b.append(String.format(Locale.ROOT, line, "", "", "actual:  ", c.actual()));
        }
        return b.toString();
    }

    /** The CEL trace, the principals and the bindings, as far as the decision got. */
    public static String trace(GcpDecision.Trace trace) {
        StringBuilder b = new StringBuilder();
        trace.mapping().ifPresent(m -> {
            b.append("Attribute mapping:\n");
            m.targets().forEach(t -> evaluated(b, t));
            m.condition().ifPresent(c -> evaluated(b, c));
        });
        if (!trace.principals().isEmpty()) {
            b.append("Principals:\n");
            trace.principals().forEach(p -> b.append("    ").append(p).append('\n'));
        }
        trace.bindings().ifPresent(t -> bindings(b, t));
        return b.toString();
    }

    /** {@code Decision: DENIED at attribute condition — unauthorized_client: …}. */
    public static String decisionLine(GcpDecision decision) {
        return switch (decision.outcome()) {
            case GcpDecision.Allowed a -> "Decision: ALLOWED — " + decision.summary();
            case GcpDecision.Denied d -> "Decision: DENIED at " + d.decisive().label() + " — " + d.error().wireCode()
                    + ": " + d.error().message() + " (" + d.detail() + ")";
        };
    }

    private static void evaluated(StringBuilder b, MappingTrace.Evaluated e) {
        b.append("    ").append(e.target()).append(" = ").append(e.expression()).append(" → ").append(e.result())
                .append('\n');
    }

    private static void bindings(StringBuilder b, GcpDecision.BindingTrace t) {
        b.append("Service account ").append(t.serviceAccount()).append(" (").append(t.permission().permissionName())
                .append("):\n");
        switch (t.decision().orElse(null)) {
            case null -> b.append("    [NO MATCH] no such service account is configured\n");
            case BindingDecision.Granted g -> b.append("    [match]    ").append(g.role()).append(" bound to ")
                    .append(g.member()).append('\n');
            case BindingDecision.Denied d -> {
                b.append("    [NO MATCH] no binding of ").append(d.grantingRoles())
                        .append(" names one of the caller's principals\n");
                d.checkedMembers().forEach(m -> b.append("        caller: ").append(m).append('\n'));
                t.policy().forEach((role, members) -> members.forEach(m ->
                        b.append("        bound:  ").append(role).append(" → ").append(m).append('\n')));
            }
        }
    }
}
