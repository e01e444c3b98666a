package dev.keyless.cli;

import dev.keyless.config.KeylessConfig;
import dev.keyless.config.SourceLines;
import dev.keyless.trust.ConfigTrustLinter;
import dev.keyless.trust.TrustFinding;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Prints the trust-rule findings over every role and provider in the config, one line each. */
final class TrustLint {
    private TrustLint() {}

    /** What was found: errors fail {@code keyless lint}, warnings are printed only. */
    record Counts(int errors, int warnings) {}

    static Counts print(KeylessConfig config, String file, Path source, PrintWriter out) {
        List<TrustFinding> findings = new ConfigTrustLinter().lint(config);
        SourceLines lines = lines(source);
        findings.forEach(f -> out.println(f.render(file, lines)));
        int errors = (int) findings.stream().filter(TrustFinding::error).count();
        return new Counts(errors, findings.size() - errors);
    }

    /** Where each key is written in {@code source}, so each finding names its line; none when unreadable. */
    static SourceLines lines(Path source) {
        try {
            return SourceLines.of(Files.readString(source, StandardCharsets.UTF_8));
        } catch (IOException | UncheckedIOException e) {
            return SourceLines.none();
        }
    }
}
