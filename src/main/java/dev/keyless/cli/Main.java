package dev.keyless.cli;

import dev.keyless.config.ConfigException;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code keyless} command line: one process, the same services the server uses, in-process. */
@Command(name = "keyless",
        mixinStandardHelpOptions = true,
        version = "keyless 0.1.0",
        header = "Short-lived cloud credentials for CI jobs through OIDC federation, with no stored keys.",
        description = {
            "Keyless plays all three parts of the flow: a GitLab-compatible CI token issuer, an AWS-compatible",
            "STS and a GCP-compatible STS, with an audit log that explains every denial.",
            "",
            "Start with:  keyless serve     (serves ./keyless.yaml on 127.0.0.1:8080)",
            "Then:        keyless token --aud sts.amazonaws.com --project-path mygroup/myrepo --ref main"},
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
        StartupWarmUp.start(args.length > 0 ? args[0] : "");
        int code = run(CliEnvironment.system(), args);
        StartupCacheRecording.discardIfUnrepresentative(code);
        LogSetup.stop();
        System.exit(code);
    }

    /**
     * The commands, in the order the usage lists them. Registered here rather than in the
     * {@code @Command} annotation so that a run builds the model of the command it runs only: picocli
     * reflects over every registered command (options, mixins, nested subcommands, their static
     * initialisers) before it parses, which was about 0.3 s of every start (bench/RESULTS.md).
     * {@code MainCommandsTest} checks each name against the command's own annotation.
     */
    static final Map<String, Class<?>> COMMANDS = commands();

    private static Map<String, Class<?>> commands() {
        Map<String, Class<?>> commands = new LinkedHashMap<>();
        commands.put("init", InitCommand.class);
        commands.put("serve", ServeCommand.class);
        commands.put("token", TokenCommand.class);
        commands.put("ci", CiCommand.class);
        commands.put("keys", KeysCommand.class);
        commands.put("lint", LintCommand.class);
        commands.put("test", TestCommand.class);
        commands.put("policy", PolicyCommand.class);
        commands.put("audit", AuditCommand.class);
        commands.put("explain", ExplainCommand.class);
        commands.put("creds", CredsCommand.class);
        commands.put("admin", AdminCommand.class);
        commands.put("status", StatusCommand.class);
        commands.put("config", ConfigCommand.class);
        commands.put("help", CommandLine.HelpCommand.class);
        return Collections.unmodifiableMap(commands);
    }

    public static int run(CliEnvironment env, String... args) {
        CommandLine cli = commandLine(env, args);
        // Descriptions are written as lines of up to ~105 characters; 110 keeps them unbroken.
        cli.setUsageHelpWidth(110);
        cli.setOut(env.out());
        cli.setErr(env.err());
        cli.setParameterExceptionHandler(Main::usageError);
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

    /**
     * The command line for these arguments: the command named first (the root has no option that takes
     * a value) is the only one built. With no command, {@code help}, a root option ({@code -h},
     * {@code -V}) or a name that is no command, all are: the usage lists them and picocli suggests the
     * nearest name.
     */
    static CommandLine commandLine(CliEnvironment env, String... args) {
        CommandLine cli = new CommandLine(new Main(env), new EnvironmentFactory(env));
        String named = args.length > 0 ? args[0] : "";
        boolean one = COMMANDS.containsKey(named) && !named.equals("help");
        COMMANDS.forEach((name, command) -> {
            if (!one || name.equals(named)) {
                cli.addSubcommand(name, command);
            }
        });
        return cli;
    }

    /**
     * A usage error, for every command alike: the problem, then the command's usage on stderr, exit 2.
     * A flag the command does not know is named first, even when picocli noticed a missing required
     * option before it (the unknown flag is usually why the required one looks missing).
     */
    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        Optional<String> unknown = unknownOption(cmd, args);
        if (unknown.isPresent() && !(ex instanceof CommandLine.UnmatchedArgumentException)) {
            err.println("Unknown option: '" + unknown.get() + "'");
        } else {
            err.println(ex.getMessage());
            if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
                CommandLine.UnmatchedArgumentException.printSuggestions(unmatched, err);
            }
        }
        cmd.usage(err);
        err.flush();
        return ExitCodes.USAGE;
    }

    /** The first {@code --name} (or {@code -x}) that neither the failing command nor its parents define. */
    private static Optional<String> unknownOption(CommandLine cmd, String[] args) {
        for (String arg : args) {
            boolean longOption = arg.startsWith("--") && arg.length() > 2;
            boolean shortOption = arg.length() == 2 && arg.charAt(0) == '-' && arg.charAt(1) != '-';
            if (!longOption && !shortOption) {
                continue;
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            boolean known = false;
            for (CommandLine c = cmd; c != null && !known; c = c.getParent()) {
                known = c.getCommandSpec().optionsMap().containsKey(name);
            }
            if (!known) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
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
