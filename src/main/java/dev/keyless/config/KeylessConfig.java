package dev.keyless.config;

import java.nio.file.Path;
import java.util.Objects;

/** The whole validated {@code keyless.yaml}; {@code baseDir} is the folder relative paths resolve against. */
public record KeylessConfig(Path baseDir, ServerConfig server, StoreConfig store, IssuerConfig issuer, AwsConfig aws,
        GcpConfig gcp, AuditConfig audit, VerificationConfig verification, LoggingConfig logging,
        ConsoleConfig console) {

    public KeylessConfig {
        Objects.requireNonNull(baseDir, "baseDir");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(aws, "aws");
        Objects.requireNonNull(gcp, "gcp");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(verification, "verification");
        Objects.requireNonNull(logging, "logging");
        Objects.requireNonNull(console, "console");
    }
}
