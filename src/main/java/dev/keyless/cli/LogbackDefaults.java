package dev.keyless.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Keyless's logging set-up, found by logback through {@code META-INF/services} (logback's
 * {@code Configurator} SPI, logback.qos.ch/manual/configuration.html#auto_configuration). Written
 * in Java rather than as a logback.xml: parsing and interpreting the XML (Joran) was about 50 ms of
 * every start, a CLI command's as much as the server's (bench/RESULTS.md).
 *
 * <p>Logs go to stderr, so CLI output on stdout (tokens, JSON) stays machine-readable. Request threads
 * only enqueue; one thread formats and writes, many lines at a time ({@link BatchingStderrAppender}:
 * the synchronous console write was a per-request lock and syscall). Nothing is discarded: INFO lines
 * (the access log with its request id) are kept and a full queue blocks. No logback shutdown hook: JVM hooks run
 * concurrently, so it could stop logging while {@code keyless serve} is still shutting down; the CLI
 * stops logging itself, last ({@link LogSetup#stop}), which flushes the queue.
 *
 * <p>{@code KEYLESS_LOG_LEVEL} sets the root level and {@code KEYLESS_ACCESS_LOG} the access log's
 * ({@code OFF} silences it), each from a system property or else the environment, as logback's
 * {@code ${NAME:-default}} substitution did; an unknown level name is ignored (INFO).
 */
public final class LogbackDefaults extends ContextAwareBase implements Configurator {
    /**
     * %safeMsg and %safeEx escape control characters (CR, LF, ESC, C1...) in every line: messages
     * quote what clients sent, which must not forge lines or drive the terminal ({@link LogText}).
     */
    /** The root logger's appender. */
    static final String APPENDER = "STDERR";

    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} %safeMsg%n%safeEx";

    private final Function<String, String> settings;

    public LogbackDefaults() {
        this(name -> {
            String property = System.getProperty(name);
            return property != null ? property : System.getenv(name);
        });
    }

    LogbackDefaults(Function<String, String> settings) {
        this.settings = settings;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        @SuppressWarnings("unchecked")
        Map<String, Supplier<DynamicConverter<?>>> rules =
                (Map<String, Supplier<DynamicConverter<?>>>) context.getObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS);
        if (rules == null) {
            rules = new HashMap<>();
            context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);
        }
        rules.put("safeMsg", SafeMessageConverter::new);
        rules.put("safeEx", SafeThrowableConverter::new);

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        BatchingStderrAppender stderr = new BatchingStderrAppender();
        stderr.setContext(context);
        stderr.setName(APPENDER);
        stderr.setEncoder(encoder);
        stderr.start();

        context.getLogger("io.helidon").setLevel(Level.WARN);
        context.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
        context.getLogger(LogSetup.ACCESS_LOGGER).setLevel(level("KEYLESS_ACCESS_LOG"));
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(level("KEYLESS_LOG_LEVEL"));
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private Level level(String setting) {
        String value = settings.apply(setting);
        return value == null || value.isBlank() ? Level.INFO : Level.toLevel(value.strip(), Level.INFO);
    }
}
