package dev.keyless.testing;

import dev.keyless.cli.CliEnvironment;
import dev.keyless.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** Runs {@code keyless …} through {@link Main#run} in-process, capturing stdout and stderr. */
public final class InProcessCli {
    public record Result(int exitCode, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    private InProcessCli() {}

    public static Result run(Path workDir, Clock clock, String stdin, String... args) {
        return run(workDir, clock, Map.of(), stdin, args);
    }

    public static Result run(Path workDir, Clock clock, Map<String, String> env, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment cli = new CliEnvironment(env, workDir, new PrintWriter(out, true), new PrintWriter(err, true),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), clock);
        int code = Main.run(cli, args);
        return new Result(code, out.toString(), err.toString());
    }
}
