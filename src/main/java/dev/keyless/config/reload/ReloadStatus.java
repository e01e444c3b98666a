package dev.keyless.config.reload;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which version of the config file is live: its SHA-256 prefix and since when, the findings of
 * {@code keyless lint} on it as it serves (one rendered line each, {@code FILE:LINE: PATH: SEVERITY
 * rule: message}), and the last reload that was refused (the old version kept serving), if any since then.
 */
public record ReloadStatus(String file, String sha256Prefix, Instant since, List<String> findings,
        Optional<String> lastError, Optional<Instant> lastErrorAt) {
    public ReloadStatus {
        findings = List.copyOf(findings);
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256Prefix, "sha256Prefix");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(lastErrorAt, "lastErrorAt");
    }

    /** A version without lint findings. */
    public ReloadStatus(String file, String sha256Prefix, Instant since, Optional<String> lastError,
            Optional<Instant> lastErrorAt) {
        this(file, sha256Prefix, since, List.of(), lastError, lastErrorAt);
    }
}
