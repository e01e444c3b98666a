package dev.keyless.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Output of {@code keyless audit}: an aligned table for a terminal, JSON lines
 * for tools, and the detailed view of one request with its explanation pretty-printed.
 *
 * <p>Stored text comes from requests (a subject, a user agent), so the table and the detail view
 * replace control characters: an event must not be able to move the cursor or fake lines in the
 * operator's terminal. JSON output is escaped by Jackson.
 */
public final class AuditRenderer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ELLIPSIS = "…";
    /** The SUBJECT column's target width; see {@link #subjectCell}. */
    static final int SUBJECT_WIDTH = 60;

    private record Column(String title, int max, Function<AuditEvent, String> value) {}

    private static final List<Column> COLUMNS = List.of(
            new Column("TIME", 20, e -> DateTimeFormatter.ISO_INSTANT.format(e.time().truncatedTo(ChronoUnit.SECONDS))),
            new Column("REQUEST ID", 36, AuditEvent::requestId),
            new Column("KIND", 33, e -> e.kind().name()),
            new Column("DECISION", 8, e -> e.decision().name()),
            new Column("REASON", 24, AuditEvent::reason),
            new Column("SUBJECT", SUBJECT_WIDTH, AuditEvent::subject),
            new Column("ROLE/SA", 48, AuditEvent::role));

    /** One line per event under a header; each column as wide as its widest cell, capped. */
    public String table(List<AuditEvent> events) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(COLUMNS.stream().map(Column::title).toList());
        for (AuditEvent event : events) {
            rows.add(COLUMNS.stream().map(c -> c.title().equals("SUBJECT") ? subjectCell(event.subject())
                    : cell(c.value().apply(event), c.max())).toList());
        }
        int[] widths = new int[COLUMNS.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], width(row.get(i)));
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(row.get(i));
                if (i < widths.length - 1) {
                    line.append(" ".repeat(widths[i] - width(row.get(i)) + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** One JSON object per line; the explanation embedded as JSON (a string if it is not JSON). */
    public String jsonLines(List<AuditEvent> events) {
        StringBuilder out = new StringBuilder();
        for (AuditEvent event : events) {
            out.append(toJson(event).toString()).append('\n');
        }
        return out.toString();
    }

    /** Every field of the events of one request, then each explanation pretty-printed. */
    public String detail(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return "no audit event for this request id\n";
        }
        StringBuilder out = new StringBuilder();
        for (AuditEvent event : events) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            ObjectNode json = toJson(event);
            JsonNode explanation = json.remove("explanation");
            json.fields().forEachRemaining(f -> out.append(String.format("%-14s %s%n", f.getKey() + ":",
                    safe(f.getValue().asText()))));
            if (explanation != null) {
                out.append("explanation:\n").append(pretty(explanation)).append('\n');
            }
        }
        return out.toString();
    }

    ObjectNode toJson(AuditEvent e) {
        ObjectNode json = JSON.createObjectNode();
        json.put("time", DateTimeFormatter.ISO_INSTANT.format(e.time()));
        json.put("requestId", e.requestId());
        json.put("kind", e.kind().name());
        json.put("decision", e.decision().name());
        putIfSet(json, "reason", e.reason());
        putIfSet(json, "message", e.message());
        if (e.explanation() != null) {
            json.set("explanation", parseOrText(e.explanation()));
        }
        putIfSet(json, "issuer", e.issuer());
        putIfSet(json, "subject", e.subject());
        putIfSet(json, "audience", e.audience());
        putIfSet(json, "role", e.role());
        putIfSet(json, "sessionName", e.sessionName());
        putIfSet(json, "clientAddress", e.clientAddress());
        putIfSet(json, "userAgent", e.userAgent());
        putIfSet(json, "jti", e.jti());
        putIfSet(json, "tokenSha256", e.tokenSha256());
        return json;
    }

    private static JsonNode parseOrText(String explanation) {
        try {
            return JSON.readTree(explanation);
        } catch (JsonProcessingException e) {
            // Stored by a handler that wrote plain text: still show it, as a string.
            return JSON.getNodeFactory().textNode(explanation);
        }
    }

    private static String pretty(JsonNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always serializes", e);
        }
    }

    private static void putIfSet(ObjectNode json, String name, String value) {
        if (value != null) {
            json.put(name, value);
        }
    }

    /**
     * One line naming an event for a list of candidates: time, kind, decision, reason and subject
     * (the subject whole: it is what tells two requests apart).
     */
    public static String summary(AuditEvent e) {
        return String.join("  ", DateTimeFormatter.ISO_INSTANT.format(e.time().truncatedTo(ChronoUnit.SECONDS)),
                e.kind().name(), e.decision().name(), cell(e.reason(), 24), e.subject() == null ? "-" : safe(e.subject()));
    }

    /**
     * The SUBJECT cell. A GitLab {@code sub} is {@code name:value} pairs (project_path, ref_type,
     * ref, environment…; GitLab docs, "OpenID Connect (OIDC) Authentication Using ID Tokens", token
     * payload), and the pair that tells two rows apart is usually the last one ({@code ref:main}
     * against {@code ref:feature-x}), so a long subject loses whole pairs from its middle, shown as
     * {@code …}, never part of a component. When the first and last pair alone do not fit, or the
     * subject is not pairs, it is shown whole: a wide row is better than a misleading one.
     */
    static String subjectCell(String subject) {
        if (subject == null || subject.isEmpty()) {
            return "-";
        }
        String clean = safe(subject);
        if (width(clean) <= SUBJECT_WIDTH) {
            return clean;
        }
        String[] parts = clean.split(":", -1);
        if (parts.length < 6 || parts.length % 2 != 0) {
            return clean;
        }
        // The first pair, "…" for at least one dropped pair, and as many trailing pairs as fit.
        String head = parts[0] + ":" + parts[1] + ":" + ELLIPSIS + ":";
        for (int from = 4; from < parts.length; from += 2) {
            String kept = head + String.join(":", Arrays.copyOfRange(parts, from, parts.length));
            if (width(kept) <= SUBJECT_WIDTH) {
                return kept;
            }
        }
        return clean;
    }

    /** A table cell: control characters replaced, cut to {@code max} code points ending in "…". */
    static String cell(String value, int max) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        String clean = safe(value);
        if (width(clean) <= max) {
            return clean;
        }
        int end = clean.offsetByCodePoints(0, max - 1);
        return clean.substring(0, end) + ELLIPSIS;
    }

    /** Replaces C0/C1 controls (ESC, CR, LF, …) so text cannot drive the terminal. */
    static String safe(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> out.appendCodePoint(Character.isISOControl(cp) ? '\uFFFD' : cp));
        return out.toString();
    }

    private static int width(String text) {
        return text.codePointCount(0, text.length());
    }
}
