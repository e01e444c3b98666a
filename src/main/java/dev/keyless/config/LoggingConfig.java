package dev.keyless.config;

import java.util.List;
import java.util.Objects;

/** {@code logging:} {@code format} text (default) or json (one structured line per request), and the level. */
public record LoggingConfig(String format, String level) {

    public static final List<String> FORMATS = List.of("text", "json");
    public static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    public LoggingConfig {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(level, "level");
    }

    public boolean json() {
        return format.equals("json");
    }
}
