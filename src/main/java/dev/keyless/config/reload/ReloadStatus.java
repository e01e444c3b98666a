package dev.keyless.config.reload;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which version of the config file is live: its SHA-256 prefix and since when, and the last reload
 * that was refused (the old version kept serving), if any since then.
 */
public record ReloadStatus(String file, String sha256Prefix, Instant since, Optional<String> lastError,
        Optional<Instant> lastErrorAt) {
    public ReloadStatus {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256Prefix, "sha256Prefix");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(lastErrorAt, "lastErrorAt");
    }
}
