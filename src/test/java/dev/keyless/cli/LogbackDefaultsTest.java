package dev.keyless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogbackDefaultsTest {
    @Test
    void theRunningLoggerContextWasSetUpByKeylessNotByAnXmlFile() {
        LoggerContext running = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(running.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(LogbackDefaults.APPENDER))
                .isInstanceOf(BatchingStderrAppender.class);
        assertThat(running.getLogger("io.helidon").getLevel()).isEqualTo(Level.WARN);
        assertThat(getClass().getClassLoader().getResource("logback.xml")).isNull();
    }

    @Test
    void levelsComeFromTheSettingsAndAnUnknownNameMeansInfo() {
        LoggerContext context = configured(Map.of("KEYLESS_LOG_LEVEL", "debug", "KEYLESS_ACCESS_LOG", "OFF"));
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger(LogSetup.ACCESS_LOGGER).getLevel()).isEqualTo(Level.OFF);
        assertThat(context.getLogger("com.zaxxer.hikari").getLevel()).isEqualTo(Level.WARN);

        LoggerContext unset = configured(Map.of("KEYLESS_LOG_LEVEL", "loud"));
        assertThat(unset.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
        assertThat(unset.getLogger(LogSetup.ACCESS_LOGGER).getLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void aLineEscapesTheControlCharactersAClientSent() {
        LoggerContext context = configured(Map.of());
        ch.qos.logback.classic.Logger logger = context.getLogger("keyless.test");
        LoggingEvent event = new LoggingEvent("x", logger, Level.WARN, "role {}", null,
                new Object[] {"evil\r\n12:00:00.000 INFO  forged\u001b[31m\u0085"});
        BatchingStderrAppender stderr =
                (BatchingStderrAppender) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(LogbackDefaults.APPENDER);
        String line = new String(stderr.getEncoder().encode(event), StandardCharsets.UTF_8);
        assertThat(line).endsWith("\n").contains("WARN ", "keyless.test", "role evil");
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\r", "\n", "\u001b", "\u0085");
        context.stop();
    }

    private static LoggerContext configured(Map<String, String> settings) {
        LoggerContext context = new LoggerContext();
        LogbackDefaults defaults = new LogbackDefaults(settings::get);
        defaults.setContext(context);
        defaults.configure(context);
        return context;
    }
}
