package dev.keyless.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads {@code audit:}, {@code verification:} and {@code logging:}. */
final class OperationsSections {

    private static final List<String> AUDIT_KEYS = List.of("enabled", "retention");
    private static final List<String> VERIFICATION_KEYS = List.of("leeway", "maxTokenAge", "jwksCacheTtl",
            "jwksRefetchCooldown", "jwksFetchTimeout");
    private static final List<String> LOGGING_KEYS = List.of("format", "level");

    private final Problems problems;

    OperationsSections(Problems problems) {
        this.problems = problems;
    }

    AuditConfig audit(Optional<YamlNode> node) {
        Optional<MapReader> r = node.flatMap(n -> MapReader.of(n, KeyPath.ROOT.key("audit"), problems, AUDIT_KEYS));
        return new AuditConfig(r.map(m -> m.bool("enabled", true)).orElse(true),
                r.flatMap(m -> m.duration("retention", Duration.ofDays(1), Duration.ofDays(3650)))
                        .orElse(AuditConfig.DEFAULT_RETENTION));
    }

    VerificationConfig verification(Optional<YamlNode> node) {
        Optional<MapReader> r = node.flatMap(n ->
                MapReader.of(n, KeyPath.ROOT.key("verification"), problems, VERIFICATION_KEYS));
        VerificationConfig d = VerificationConfig.defaults();
        // A leeway past 5 minutes would turn expired tokens into valid ones (RFC 7519 §4.1.4: a small leeway).
        return new VerificationConfig(
                r.flatMap(m -> m.duration("leeway", Duration.ZERO, Duration.ofMinutes(5))).orElse(d.leeway()),
                r.flatMap(m -> m.duration("maxTokenAge", Duration.ofMinutes(1), Duration.ofDays(30)))
                        .orElse(d.maxTokenAge()),
                r.flatMap(m -> m.duration("jwksCacheTtl", Duration.ofSeconds(10), Duration.ofDays(1)))
                        .orElse(d.jwksCacheTtl()),
                r.flatMap(m -> m.duration("jwksRefetchCooldown", Duration.ofSeconds(1), Duration.ofHours(1)))
                        .orElse(d.jwksRefetchCooldown()),
                r.flatMap(m -> m.duration("jwksFetchTimeout", Duration.ofMillis(100), Duration.ofMinutes(1)))
                        .orElse(d.jwksFetchTimeout()));
    }

    LoggingConfig logging(Optional<YamlNode> node) {
        Optional<MapReader> r = node.flatMap(n -> MapReader.of(n, KeyPath.ROOT.key("logging"), problems, LOGGING_KEYS));
        String format = r.flatMap(m -> m.choice("format", LoggingConfig.FORMATS)).orElse("text");
        String level = r.flatMap(m -> m.node("level").flatMap(n -> Values.string(n, m.path("level"), problems)
                .map(s -> s.toUpperCase(Locale.ROOT))
                .flatMap(s -> LoggingConfig.LEVELS.contains(s) ? Optional.of(s) : Values.choice(n, m.path("level"),
                        problems, LoggingConfig.LEVELS)))).orElse("INFO");
        return new LoggingConfig(format, level);
    }
}
