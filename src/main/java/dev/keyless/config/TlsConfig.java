package dev.keyless.config;

import java.nio.file.Path;
import java.util.Objects;

/** {@code server.tls}: PEM certificate chain and PEM private key files (resolved against the config folder). */
public record TlsConfig(Path certificate, Path privateKey) {

    public TlsConfig {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }
}
