package dev.keyless.cli;

import dev.keyless.config.ConfigException;
import java.lang.reflect.Constructor;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code keyless} command line: one process, the same services the server uses, in-process. */
@Command(name = "keyless",
        mixinStandardHelpOptions = true,
        version = "keyless 0.1.0",
        description = {
            "Short-lived cloud credentials for CI through OIDC federation: a GitLab-compatible token issuer,",
            "an AWS-compatible STS and a GCP-compatible STS, with an audit log that explains every denial.",
            "",
            "Start with:  keyless serve     (serves ./keyless.yaml on 127.0.0.1:8080)",
            "Then:        keyless token --aud sts.amazonaws.com --project-path mygroup/myrepo --ref main"},
        subcommands = {
            ServeCommand.class,
            TokenCommand.class,
            CiCommand.class,
            KeysCommand.class,
            LintCommand.class,
            TestCommand.class,
            PolicyCommand.class,
            AuditCommand.class,
            ExplainCommand.class,
            CredsCommand.class,
            AdminCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"", "Exit codes: 0 success, 1 denied or a failed check, 2 usage or configuration error."})
public final class Main implements Callable<Integer> {
    private final CliEnvironment env;

    public Main(CliEnvironment env) {
        this.env = env;
    }

    @Spec
    CommandSpec spec;

    // Without a command there is nothing to do: usage on stderr and exit 2, as for any other usage error
    // (the command line built here has the environment factory; a fresh one could not build the subcommands).
    @Override
    public Integer call() {
        env.err().println("keyless: name a command.");
        spec.commandLine().usage(env.err());
        return ExitCodes.USAGE;
    }

    public static void main(String[] args) {
        int code = run(CliEnvironment.system(), args);
        LogSetup.stop();
        System.exit(code);
    }

    public static int run(CliEnvironment env, String... args) {
        CommandLine cli = new CommandLine(new Main(env), new EnvironmentFactory(env));
        // Descriptions are written as lines of up to ~105 characters; 110 keeps them unbroken.
        cli.setUsageHelpWidth(110);
        cli.setOut(env.out());
        cli.setErr(env.err());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof ConfigException ce) {
                env.err().println(ce.getMessage());
                env.err().flush();
                return ExitCodes.USAGE;
            }
            if (ex instanceof dev.keyless.StartupException se) {
                env.err().println("keyless: cannot start: " + se.getMessage());
                env.err().flush();
                return ExitCodes.USAGE;
            }
            if (ex instanceof UsageException ue) {
                env.err().println(ue.getMessage());
                env.err().flush();
                return ExitCodes.USAGE;
            }
            throw ex;
        });
        int code = cli.execute(args);
        env.out().flush();
        env.err().flush();
        return code;
    }

    /** Builds commands that take a {@link CliEnvironment} in their constructor. */
    private record EnvironmentFactory(CliEnvironment env) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                Constructor<K> c = cls.getDeclaredConstructor(CliEnvironment.class);
                return c.newInstance(env);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
