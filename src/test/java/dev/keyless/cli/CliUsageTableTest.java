package dev.keyless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every command of {@code keyless}, by table: run with a flag it does not know, or (when it cannot do
 * anything without arguments) with none, it prints its usage on stderr and exits 2, without a stack
 * trace. The table must name every command picocli knows, so a new command cannot be left out; and every
 * help text reads in whole sentences at the width {@code keyless} prints it.
 */
class CliUsageTableTest {

    /** What a command does when given no arguments at all. */
    enum Bare {
        /** It needs arguments (or a subcommand): usage on stderr, exit 2. */
        USAGE,
        /** It has a documented default (serves, lints or lists ./keyless.yaml's data): not run here. */
        RUNS_WITH_DEFAULTS
    }

    static final Map<String, Bare> TABLE = new LinkedHashMap<>();

    static {
        TABLE.put("", Bare.USAGE);
        TABLE.put("init", Bare.RUNS_WITH_DEFAULTS);
        TABLE.put("serve", Bare.RUNS_WITH_DEFAULTS);
        TABLE.put("token", Bare.USAGE);
        TABLE.put("ci", Bare.USAGE);
        TABLE.put("ci tokens", Bare.USAGE);
        TABLE.put("ci run", Bare.USAGE);
        TABLE.put("keys", Bare.USAGE);
        TABLE.put("keys list", Bare.RUNS_WITH_DEFAULTS);
        TABLE.put("keys rotate", Bare.RUNS_WITH_DEFAULTS);
        TABLE.put("lint", Bare.RUNS_WITH_DEFAULTS);
        TABLE.put("test", Bare.USAGE);
        TABLE.put("policy", Bare.USAGE);
        TABLE.put("policy eval", Bare.USAGE);
        TABLE.put("audit", Bare.RUNS_WITH_DEFAULTS);
        TABLE.put("explain", Bare.USAGE);
        TABLE.put("creds", Bare.USAGE);
        TABLE.put("creds aws", Bare.USAGE);
        TABLE.put("creds gcp", Bare.USAGE);
        TABLE.put("admin", Bare.USAGE);
        TABLE.put("status", Bare.RUNS_WITH_DEFAULTS);
        TABLE.put("admin access-key", Bare.USAGE);
        TABLE.put("admin access-key create", Bare.USAGE);
        TABLE.put("admin access-key list", Bare.RUNS_WITH_DEFAULTS);
        TABLE.put("admin access-key delete", Bare.USAGE);
        TABLE.put("admin token", Bare.USAGE);
        TABLE.put("admin token create", Bare.USAGE);
        TABLE.put("config", Bare.USAGE);
        TABLE.put("config export", Bare.RUNS_WITH_DEFAULTS);
        TABLE.put("help", Bare.RUNS_WITH_DEFAULTS);
    }

    @TempDir
    static Path dir;

    record Run(int exitCode, String out, String err) {}

    static Run run(String command, String... more) {
        List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
        args.addAll(List.of(more));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment env = new CliEnvironment(Map.of(), dir, new PrintWriter(out, true), new PrintWriter(err, true),
                new ByteArrayInputStream(new byte[0]), Clock.systemUTC());
        int code = Main.run(env, args.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    static Stream<Arguments> commands() {
        return TABLE.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @Test
    void theTableNamesEveryCommand() {
        assertThat(TABLE.keySet()).containsExactlyInAnyOrderElementsOf(commandNames());
    }

    @ParameterizedTest(name = "keyless {0} --no-such-flag")
    @MethodSource("commands")
    void anUnknownFlagPrintsUsageAndExits2(String command, Bare bare) {
        if (command.equals("help")) {
            // picocli's built-in `help COMMAND`: an unknown command name is the usage error there.
            Run r = run("help", "no-such-command");
            assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains("Unknown subcommand 'no-such-command'").contains("Usage: keyless");
            return;
        }
        Run r = run(command, "--no-such-flag");

        assertThat(r.exitCode()).as("keyless %s --no-such-flag: %s", command, r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("Unknown option: '--no-such-flag'").contains(("Usage: keyless " + command).strip())
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @ParameterizedTest(name = "keyless {0}")
    @MethodSource("commands")
    void withoutArgumentsACommandThatNeedsThemPrintsUsageAndExits2(String command, Bare bare) {
        if (bare != Bare.USAGE) {
            return;
        }
        Run r = run(command);

        assertThat(r.exitCode()).as("keyless %s: %s", command, r.err()).isEqualTo(2);
        assertThat(r.err()).contains(("Usage: keyless " + command).strip()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    /** Help text as printed: each line of a description and of an option ends a sentence or continues on the next line. */
    @ParameterizedTest(name = "keyless {0} --help")
    @MethodSource("commands")
    void helpIsPrintedInWholeSentences(String command, Bare bare) {
        if (command.equals("help")) {
            return;
        }
        Run r = run(command, "--help");
        assertThat(r.exitCode()).isZero();
        System.out.println("=== keyless " + command + " --help\n" + r.out());
        CommandLine.Model.CommandSpec spec = spec(command);
        // The one-line summary a parent lists for each subcommand is a whole sentence.
        String summary = summary(spec);
        assertThat(summary).as("summary of keyless %s", command).matches("(?s)[A-Z`].*[.)]");
        for (CommandLine.Model.OptionSpec option : spec.options()) {
            String text = String.join(" ", option.description()).strip();
            assertThat(text).as("keyless %s %s", command, option.longestName()).isNotEmpty();
        }
        // Header and description lines are printed as written only when they fit the width keyless lays help
        // out for (110); a longer one is wrapped by picocli, which cuts an example command or URL in two.
        List<String> written = new ArrayList<>(List.of(spec.usageMessage().header()));
        written.addAll(List.of(spec.usageMessage().description()));
        for (String line : written) {
            assertThat(line.length()).as("keyless %s --help line: %s", command, line).isLessThanOrEqualTo(110);
        }
        String printed = r.out();
        for (String line : written) {
            assertThat(printed).as("keyless %s --help prints the line unbroken", command).contains(line.strip());
        }
    }

    private static String summary(CommandLine.Model.CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        String[] description = spec.usageMessage().description();
        return header.length > 0 ? header[0] : description.length > 0 ? description[0] : "";
    }

    private static List<String> commandNames() {
        List<String> names = new ArrayList<>();
        collect(root(), "", names);
        return names;
    }

    private static void collect(CommandLine cli, String prefix, List<String> names) {
        names.add(prefix);
        cli.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().aliases().equals(new String[0]) && !name.equals(sub.getCommandName())) {
                return; // an alias
            }
            collect(sub, (prefix + " " + name).strip(), names);
        });
    }

    private static CommandLine.Model.CommandSpec spec(String command) {
        CommandLine cli = root();
        for (String part : command.isEmpty() ? new String[0] : command.split(" ")) {
            cli = cli.getSubcommands().get(part);
        }
        return cli.getCommandSpec();
    }

    private static CommandLine root() {
        CliEnvironment env = new CliEnvironment(Map.of(), dir, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                new ByteArrayInputStream(new byte[0]), Clock.systemUTC());
        return Main.commandLine(env);
    }
}
