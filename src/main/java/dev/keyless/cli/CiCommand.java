package dev.keyless.cli;

import dev.keyless.Keyless;
import dev.keyless.ci.GitCheckout;
import dev.keyless.ci.GitlabCiIdTokens;
import dev.keyless.issuer.Audience;
import dev.keyless.issuer.RefType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "ci", mixinStandardHelpOptions = true, description = "Run a GitLab CI job's token setup locally.",
        subcommands = CiCommand.Tokens.class)
public final class CiCommand implements Callable<Integer> {
    private final CliEnvironment env;

    public CiCommand(CliEnvironment env) {
        this.env = env;
    }

    @Spec
    CommandSpec spec;

    // Without a subcommand there is nothing to do: usage on stderr and exit 2, as for any other usage error
    // (the command line built here has the environment factory; a fresh one could not build the subcommands).
    @Override
    public Integer call() {
        env.err().println("keyless ci: name a subcommand.");
        spec.commandLine().usage(env.err());
        return ExitCodes.USAGE;
    }

    @Command(name = "tokens", mixinStandardHelpOptions = true, sortOptions = false,
            header = "Mint a job's id_tokens from .gitlab-ci.yml, as GitLab would at job start.",
            description = {
                "Mint a job's id_tokens: from .gitlab-ci.yml, as GitLab would at job start, and print one",
                "`export NAME='<jwt>'` line per token. Project path, ref, ref type and sha come from the local",
                "git checkout (origin remote, current branch or tag, HEAD); flags override them.",
                "",
                "Example:  eval \"$(keyless ci tokens --job deploy)\""})
    static final class Tokens implements Callable<Integer> {
        private final CliEnvironment env;

        @Mixin
        ConfigOption config;
        @Option(names = "--file", defaultValue = ".gitlab-ci.yml", description = "CI file (default: ${DEFAULT-VALUE})")
        String file;
        @Option(names = "--job", required = true, description = "Job name in the CI file")
        String job;
        @Option(names = "--project-path", description = "Override the project path (default: from the origin remote)")
        String projectPath;
        @Option(names = "--ref", description = "Override the ref (default: current branch or tag)")
        String ref;
        @Option(names = "--ref-type", description = "Override: branch or tag")
        String refType;
        @Mixin
        JobOptions jobOptions;

        Tokens(CliEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            Path ciFile = env.resolve(file);
            if (!Files.isRegularFile(ciFile)) {
                throw new UsageException("keyless ci tokens: " + ciFile + " not found (use --file)");
            }
            List<GitlabCiIdTokens.IdTokenSpec> specs;
            try {
                specs = GitlabCiIdTokens.forJob(Files.readString(ciFile), job, env.env());
            } catch (GitlabCiIdTokens.CiFileException e) {
                throw new UsageException("keyless ci tokens: " + ciFile + ": " + e.getMessage());
            }
            GitCheckout git = GitCheckout.read(ciFile.getParent());
            String path = projectPath != null ? projectPath : git.projectPath().orElseThrow(() -> new UsageException(
                    "keyless ci tokens: no project path: the checkout has no origin remote; pass --project-path GROUP/PROJECT"));
            String r = ref != null ? ref : git.ref().orElseThrow(() -> new UsageException(
                    "keyless ci tokens: no ref: not on a branch or tag; pass --ref"));
            String typeText = refType != null ? refType : git.refType().orElse("branch");
            RefType type = RefType.fromWire(typeText).orElseThrow(() -> new UsageException("--ref-type: expected branch or tag"));
            var jobContext = jobOptions.toJob(path, r, type, git.sha().orElse(null));
            try (Keyless keyless = new Keyless(config.load(env), env.clock(), env.env())) {
                for (var spec : specs) {
                    Audience aud = spec.audienceIsList() ? Audience.ofList(spec.audiences()) : Audience.of(spec.audiences().get(0));
                    String token = TokenMinting.mint(keyless, jobContext, aud, java.util.Map.of(), "cli:keyless ci tokens:" + spec.name());
                    env.out().println("export " + spec.name() + "='" + token + "'");
                }
            }
            return ExitCodes.OK;
        }
    }
}
