package dev.keyless.cli;

import dev.keyless.Keyless;
import dev.keyless.audit.AuditEvent;
import dev.keyless.audit.AuditKind;
import dev.keyless.audit.AuditQuery;
import dev.keyless.audit.AuditRenderer;
import java.time.Duration;
import java.util.List;
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
            "Why was I denied?   keyless audit --request-id <the RequestId the client printed>",
            "Recent denials:     keyless audit --denied --since 1h"})
public final class AuditCommand implements Callable<Integer> {
    private final CliEnvironment env;

    @Mixin
    ConfigOption config;
    @Option(names = "--denied", description = "Only denials.")
    boolean denied;
    @Option(names = "--since", paramLabel = "DURATION", description = "Only events newer than this, e.g. 15m, 1h, 7d.")
    String since;
    @Option(names = "--request-id", paramLabel = "ID", description = "One request: prints the full explanation.")
    String requestId;
    @Option(names = "--role", paramLabel = "ARN|EMAIL", description = "Only this role ARN or service-account email.")
    String role;
    @Option(names = "--subject", paramLabel = "SUB", description = "Only this token subject.")
    String subject;
    @Option(names = "--kind", paramLabel = "KIND", description = "Only this kind: ${COMPLETION-CANDIDATES}")
    AuditKind kind;
    @Option(names = "--limit", defaultValue = "100", description = "At most this many events (default: ${DEFAULT-VALUE}).")
    int limit;
    @Option(names = "--format", defaultValue = "table", description = "table or json (JSON lines) (default: ${DEFAULT-VALUE})")
    String format;

    public AuditCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        if (!format.equals("table") && !format.equals("json")) {
            throw new UsageException("--format: expected table or json; got '" + format + "'");
        }
        // Checked before the config is loaded, so a typo is reported as such whatever the config says.
        Duration sinceDuration = since == null ? null : JobOptions.parseDuration("--since", since);
        try (Keyless keyless = new Keyless(config.load(env), env.clock(), env.env())) {
            // An absent option is null: no filter on that field.
            List<AuditEvent> events = keyless.auditStore().query(new AuditQuery(denied,
                    sinceDuration == null ? null : env.clock().instant().minus(sinceDuration), requestId, role, subject,
                    kind, limit));
            AuditRenderer renderer = new AuditRenderer();
            if (format.equals("json")) {
                env.out().print(renderer.jsonLines(events));
            } else if (requestId != null) {
                env.out().print(events.isEmpty() ? "no audit event with request id " + requestId + "\n" : renderer.detail(events));
            } else {
                env.out().print(renderer.table(events));
            }
            return requestId != null && events.isEmpty() ? ExitCodes.DENIED : ExitCodes.OK;
        }
    }
}
