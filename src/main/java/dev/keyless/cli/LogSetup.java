package dev.keyless.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.keyless.config.LoggingConfig;
import net.logstash.logback.composite.loggingevent.ArgumentsJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventFormattedTimestampJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventJsonProviders;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code logging.format} to Logback when serving. With {@code format: json}
 * the access log ({@code keyless.access}, one line per request, {@code dev.keyless.http.AccessLog})
 * is written by a JSON encoder (logstash-logback-encoder): each line is one JSON object, its
 * timestamp and the request's structured arguments as fields, a log shipper parses as is.
 */
final class LogSetup {
    static final String ACCESS_LOGGER = "keyless.access";

    private LogSetup() {
    }

    /**
     * {@code logging.level} sets the root level; the environment variable {@code KEYLESS_LOG_LEVEL}
     * (read by {@link LogbackDefaults}) wins over the file, so an operator can turn on DEBUG without editing it.
     */
    static void apply(LoggingConfig logging, java.util.Map<String, String> env) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J binding: its own configuration rules
        }
        if (env.get("KEYLESS_LOG_LEVEL") == null) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.toLevel(logging.level()));
        }
        if (!logging.json()) {
            return;
        }
        LoggingEventCompositeJsonEncoder encoder = new LoggingEventCompositeJsonEncoder();
        encoder.setContext(context);
        LoggingEventJsonProviders fields = new LoggingEventJsonProviders();
        fields.addTimestamp(new LoggingEventFormattedTimestampJsonProvider());
        fields.addArguments(new ArgumentsJsonProvider());
        encoder.setProviders(fields);
        encoder.start();
        BatchingStderrAppender appender = new BatchingStderrAppender();
        appender.setContext(context);
        appender.setName("ACCESS_JSON");
        appender.setEncoder(encoder);
        appender.start();
        Logger access = context.getLogger(ACCESS_LOGGER);
        access.detachAndStopAllAppenders();
        access.addAppender(appender);
        access.setAdditive(false);
    }

    /** Flushes the asynchronous log queue and stops logging; safe to call twice. */
    static void stop() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context && context.isStarted()) {
            context.stop();
        }
    }
}
