package dev.keyless.cli;

import dev.keyless.Keyless;
import dev.keyless.audit.AuditEvent;
import dev.keyless.audit.AuditKind;
import dev.keyless.audit.AuditQuery;
import dev.keyless.audit.AuditRenderer;
import dev.keyless.audit.AuditStore;
import dev.keyless.audit.CloudAuditRecords;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Read the audit log: every token and exchange, and why it was allowed or denied.",
        description = {
            "Read the audit log: every token minted and every exchange, allowed or denied, with the check",
            "that decided it. Newest first.",
            "",
            "Why was I denied?   keyless audit --last --denied",
            "                    keyless audit --request-id <the RequestId, or a part of it>",
            "Recent denials:     keyless audit --denied --since 1h"})
public final class AuditCommand implements Callable<Integer> {
    /** Events read to find the requests a part of an id matches. */
    private static final int PART_SCAN = 1000;
    /** Candidates listed when a part of an id is ambiguous. */
    private static final int MAX_CANDIDATES = 10;
    private final CliEnvironment env;

    @Mixin
    ConfigOption config;
    @Option(names = "--denied", description = "Only denials.")
    boolean denied;
    @Option(names = "--since", paramLabel = "DURATION", description = "Only events newer than this, e.g. 15m, 1h, 7d.")
    String since;
    @Option(names = "--request-id", paramLabel = "ID",
            description = "One request: prints the full explanation. A part of its id is enough when no other request id contains it;"
                    + " request ids start with the time, so their last characters tell requests apart.")
    String requestId;
    @Option(names = "--last", description = "The newest event (after the other filters), with its full explanation.")
    boolean last;
    @Option(names = "--role", paramLabel = "ARN|EMAIL", description = "Only this role ARN or service-account email.")
    String role;
    @Option(names = "--subject", paramLabel = "SUB", description = "Only this token subject.")
    String subject;
    @Option(names = "--kind", paramLabel = "KIND", description = "Only this kind: ${COMPLETION-CANDIDATES}")
    AuditKind kind;
    @Option(names = "--limit", defaultValue = "100", description = "At most this many events (default: ${DEFAULT-VALUE}).")
    int limit;
    @Option(names = "--format", defaultValue = "table", description = {
        "table, json (JSON lines), cloudtrail (AWS events as CloudTrail records, one per line) or gcp (GCP events",
        "as Cloud Audit Logs LogEntry objects, one per line); cloudtrail and gcp skip the other cloud's events",
        "(default: ${DEFAULT-VALUE})"})
    String format;

    public AuditCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        if (!List.of("table", "json", "cloudtrail", "gcp").contains(format)) {
            throw new UsageException("--format: expected table, json, cloudtrail or gcp; got '" + format + "'");
        }
        // Checked before the config is loaded, so a typo is reported as such whatever the config says.
        Duration sinceDuration = since == null ? null : JobOptions.parseDuration("--since", since);
        if (limit < 1) {
            throw new UsageException("--limit: expected 1 or more; got " + limit);
        }
        try (Keyless keyless = new Keyless(config.load(env), env.clock(), env.env())) {
            // An absent option is null: no filter on that field.
            AuditQuery query = new AuditQuery(denied, sinceDuration == null ? null
                    : env.clock().instant().minus(sinceDuration), null, null, role, subject, kind, last ? 1 : limit);
            List<AuditEvent> events = requestId != null ? oneRequest(keyless.auditStore(), query)
                    : keyless.auditStore().query(query);
            AuditRenderer renderer = new AuditRenderer();
            boolean single = requestId != null || last;
            if (format.equals("json")) {
                env.out().print(renderer.jsonLines(events));
            } else if (format.equals("cloudtrail") || format.equals("gcp")) {
                StringBuilder out = new StringBuilder();
                for (AuditEvent event : events) {
                    (format.equals("cloudtrail") ? CloudAuditRecords.cloudTrail(event) : CloudAuditRecords.gcpLogEntry(event))
                            .ifPresent(record -> out.append(record).append('\n'));
                }
                env.out().print(out);
            } else if (single) {
                env.out().print(events.isEmpty() ? nothingFound() : renderer.detail(events));
            } else {
                env.out().print(renderer.table(events));
            }
            return single && events.isEmpty() ? ExitCodes.DENIED : ExitCodes.OK;
        }
    }

    private String nothingFound() {
        return requestId != null ? "no audit event with request id " + requestId + "\n" : "no audit event\n";
    }

    /**
     * The events of the request {@code --request-id} names: the exact id, else the one request
     * whose id contains it. Clients that print no request id leave people with a piece of one from a
     * log line or a neighbour's screen; two requests sharing the piece are listed, not guessed.
     */
    private List<AuditEvent> oneRequest(AuditStore store, AuditQuery filters) throws UsageException {
        if (requestId.isBlank()) {
            throw new UsageException("--request-id: expected a request id or a part of it; got an empty value");
        }
        List<AuditEvent> exact = store.query(filters.withRequestId(requestId).withLimit(AuditQuery.DEFAULT_LIMIT));
        if (!exact.isEmpty()) {
            return exact;
        }
        List<AuditEvent> matches = store.query(filters.withRequestIdPart(requestId).withLimit(PART_SCAN));
        Map<String, AuditEvent> byRequest = new LinkedHashMap<>();
        matches.forEach(e -> byRequest.putIfAbsent(e.requestId(), e));
        if (byRequest.size() <= 1) {
            return matches;
        }
        StringBuilder message = new StringBuilder("--request-id: '" + requestId + "' is part of "
                + (matches.size() == PART_SCAN ? "at least " : "") + byRequest.size()
                + " request ids; give more characters of one of them:");
        byRequest.values().stream().limit(MAX_CANDIDATES).forEach(e -> message.append("\n  ")
                .append(e.requestId()).append("  ").append(AuditRenderer.summary(e)));
        if (byRequest.size() > MAX_CANDIDATES) {
            message.append("\n  … and ").append(byRequest.size() - MAX_CANDIDATES).append(" more");
        }
        throw new UsageException(message.toString());
    }
}
