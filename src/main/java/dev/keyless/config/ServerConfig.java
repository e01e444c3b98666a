package dev.keyless.config;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code server:}. {@code listen} is {@code HOST:PORT} (default 127.0.0.1:8080); {@code publicUrl}
 * defaults to {@code http(s)://HOST:PORT}; request bodies above {@code maxBodyBytes} get 413.
 */
public record ServerConfig(String listenHost, int listenPort, URI publicUrl, long maxBodyBytes, Optional<TlsConfig> tls) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** 64 KiB: the largest legitimate body (a 20,000-character web identity token in a form) fits easily. */
    public static final long DEFAULT_MAX_BODY_BYTES = 65_536;

    public ServerConfig {
        Objects.requireNonNull(listenHost, "listenHost");
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(tls, "tls");
    }
}
