package dev.keyless.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a command reads from or writes to the outside world, passed in so tests run commands
 * in-process with their own environment, folder, clock and captured output.
 */
public record CliEnvironment(Map<String, String> env, Path workDir, PrintWriter out, PrintWriter err, InputStream in, Clock clock) {
    public CliEnvironment {
        env = Map.copyOf(Objects.requireNonNull(env, "env"));
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(clock, "clock");
    }

    public static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), Path.of("").toAbsolutePath(),
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8),
                System.in, Clock.systemUTC());
    }

    public Path resolve(String path) {
        return workDir.resolve(path).normalize();
    }
}
