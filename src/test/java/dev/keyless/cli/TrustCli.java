package dev.keyless.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Runs {@code keyless ...} through {@link Main#run} in a folder, capturing stdout and stderr. */
final class TrustCli {
    record Result(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private TrustCli() {}

    static Result run(Path workDir, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment env = new CliEnvironment(Map.of(), workDir, new PrintWriter(out, true), new PrintWriter(err, true),
                new ByteArrayInputStream(new byte[0]), Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));
        int code = Main.run(env, args);
        return new Result(code, out.toString(), err.toString());
    }

    /** The repository root, where the example keyless.yaml and examples/ are (surefire runs tests from there). */
    static Path repoRoot() {
        return Path.of("").toAbsolutePath();
    }
}
