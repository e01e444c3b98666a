package dev.keyless.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Checks {@code audit:}, {@code verification:}, {@code logging:} and {@code console:}. */
final class OperationsSections {

    private static final KeyPath AUDIT = KeyPath.ROOT.key("audit");
    private static final KeyPath VERIFICATION = KeyPath.ROOT.key("verification");
    private static final KeyPath LOGGING = KeyPath.ROOT.key("logging");

    private OperationsSections() {}

    static AuditConfig audit(Checks checks, ConfigFile.Audit audit) {
        ConfigFile.Audit a = audit == null ? new ConfigFile.Audit(null, null) : audit;
        return new AuditConfig(a.enabled() == null || a.enabled(), checks.duration(a.retention(),
                AUDIT.key("retention"), Duration.ofDays(1), Duration.ofDays(3650)).orElse(AuditConfig.DEFAULT_RETENTION));
    }

    static VerificationConfig verification(Checks checks, ConfigFile.Verification verification) {
        ConfigFile.Verification v = verification == null ? new ConfigFile.Verification(null, null, null, null, null)
                : verification;
        VerificationConfig d = VerificationConfig.defaults();
        // A leeway past 5 minutes would turn expired tokens into valid ones (RFC 7519 §4.1.4: a small leeway).
        return new VerificationConfig(
                checks.duration(v.leeway(), VERIFICATION.key("leeway"), Duration.ZERO, Duration.ofMinutes(5))
                        .orElse(d.leeway()),
                checks.duration(v.maxTokenAge(), VERIFICATION.key("maxTokenAge"), Duration.ofMinutes(1),
                        Duration.ofDays(30)).orElse(d.maxTokenAge()),
                checks.duration(v.jwksCacheTtl(), VERIFICATION.key("jwksCacheTtl"), Duration.ofSeconds(10),
                        Duration.ofDays(1)).orElse(d.jwksCacheTtl()),
                checks.duration(v.jwksRefetchCooldown(), VERIFICATION.key("jwksRefetchCooldown"), Duration.ofSeconds(1),
                        Duration.ofHours(1)).orElse(d.jwksRefetchCooldown()),
                checks.duration(v.jwksFetchTimeout(), VERIFICATION.key("jwksFetchTimeout"), Duration.ofMillis(100),
                        Duration.ofMinutes(1)).orElse(d.jwksFetchTimeout()));
    }

    /** A non-boolean {@code allowRemote} is refused with its line by the binding itself. */
    static ConsoleConfig console(ConfigFile.Console console) {
        return new ConsoleConfig(console != null && Boolean.TRUE.equals(console.allowRemote()));
    }

    static LoggingConfig logging(Checks checks, ConfigFile.Logging logging) {
        ConfigFile.Logging l = logging == null ? new ConfigFile.Logging(null, null) : logging;
        String format = checks.choice(l.format(), LOGGING.key("format"), LoggingConfig.FORMATS).orElse("text");
        String level = Optional.ofNullable(l.level()).map(s -> s.toUpperCase(Locale.ROOT))
                .flatMap(s -> LoggingConfig.LEVELS.contains(s) ? Optional.of(s)
                        : checks.choice(l.level(), LOGGING.key("level"), LoggingConfig.LEVELS))
                .orElse("INFO");
        return new LoggingConfig(format, level);
    }
}
