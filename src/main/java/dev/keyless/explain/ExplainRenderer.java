package dev.keyless.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyless.decision.Check;
import java.util.Locale;

/** Prints an {@link ExplainReport}: aligned text for a terminal, or one JSON object. */
public final class ExplainRenderer {

    public String text(ExplainReport report) {
        StringBuilder b = new StringBuilder("Explaining ").append(report.exchange()).append('\n');
        int width = report.checks().stream().mapToInt(c -> c.name().length()).max().orElse(0);
        for (Check<String> c : report.checks()) {
            b.append(String.format(Locale.ROOT, "  %-13s %-" + width + "s  expected: %s%n", c.status().mark(), c.name(),
                    c.expected()));
            b.append(String.format(Locale.ROOT, "  %-13s %-" + width + "s  actual:   %s%n", "", "", c.actual()));
        }
        report.detailText().ifPresent(t -> b.append('\n').append(t));
        b.append('\n').append("Decision: ").append(report.allowed() ? "ALLOWED" : "DENIED").append(" — ")
                .append(report.reason()).append('\n');
        return b.toString();
    }

    public JsonNode json(ExplainReport report) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("exchange", report.exchange());
        root.put("decision", report.allowed() ? "allowed" : "denied");
        root.put("reason", report.reason());
        var checks = root.putArray("checks");
        for (Check<String> c : report.checks()) {
            checks.addObject().put("name", c.name()).put("status", c.status().name().toLowerCase(Locale.ROOT))
                    .put("expected", c.expected()).put("actual", c.actual());
        }
        report.detailJson().ifPresent(d -> root.set("detail", d));
        return root;
    }
}
