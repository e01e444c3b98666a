package dev.keyless.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code keyless creds ...} in-process as Main will, capturing stdout and stderr. */
final class CredsCli {
    record Result(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private CredsCli() {}

    static Result run(Map<String, String> envVars, Path workDir, Clock clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment env = new CliEnvironment(envVars, workDir, new PrintWriter(out, true), new PrintWriter(err, true),
                new ByteArrayInputStream(new byte[0]), clock);
        CommandLine cli = new CommandLine(new CredsCommand(env), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                try {
                    Constructor<K> c = cls.getDeclaredConstructor(CliEnvironment.class);
                    return c.newInstance(env);
                } catch (NoSuchMethodException e) {
                    return CommandLine.defaultFactory().create(cls);
                }
            }
        });
        cli.setOut(env.out());
        cli.setErr(env.err());
        int code = cli.execute(args);
        env.out().flush();
        env.err().flush();
        return new Result(code, out.toString(), err.toString());
    }
}
