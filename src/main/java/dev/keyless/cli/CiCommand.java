package dev.keyless.cli;

import dev.keyless.Keyless;
import dev.keyless.ci.LocalJob;
import dev.keyless.ci.ShellJobRunner;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ci", mixinStandardHelpOptions = true, description = "Rehearse a GitLab CI job locally: its ID tokens, or the whole job.",
        subcommands = {CiCommand.Tokens.class, CiCommand.Run.class})
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
                "`export NAME='<jwt>'` line per token. The job is resolved as GitLab does (include: local,",
                "extends:, inherit:, anchors and <<, !reference); aud is expanded with GitLab's predefined",
                "variables and the file's variables. Project path, ref, ref type, sha and GitLab's URL come from",
                "the local git checkout (origin remote, current branch or tag, HEAD); flags override them.",
                "",
                "Example:  eval \"$(keyless ci tokens --job deploy)\""})
    static final class Tokens implements Callable<Integer> {
        private static final java.util.regex.Pattern SHELL_NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
        private final CliEnvironment env;

        @Mixin
        ConfigOption config;
        @Option(names = "--job", required = true, description = "Job name in the CI file")
        String job;
        @Mixin
        CiJobOptions ci;

        Tokens(CliEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            try (Keyless keyless = new Keyless(config.load(env), env.clock(), env.env())) {
                LocalJob.Prepared prepared = ci.resolve(env, keyless, job, "keyless ci tokens").prepared();
                if (prepared.tokens().isEmpty()) {
                    throw new UsageException("keyless ci tokens: job '" + job + "' has no id_tokens: (and no default:id_tokens it inherits)");
                }
                for (LocalJob.Token token : prepared.tokens()) {
                    if (!SHELL_NAME.matcher(token.name()).matches()) {
                        throw new UsageException("keyless ci tokens: id_tokens:" + token.name() + ": GitLab accepts this name but a"
                                + " shell `export` cannot; use keyless ci run, which passes it in the environment");
                    }
                }
                List<String> lines = new ArrayList<>();
                for (LocalJob.Token token : prepared.tokens()) {
                    String jwt = TokenMinting.mint(keyless, prepared.context(), token.audience(), Map.of(),
                            "cli:keyless ci tokens:" + token.name());
                    lines.add("export " + token.name() + "='" + jwt + "'");
                }
                lines.forEach(env.out()::println);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                "Run a job of .gitlab-ci.yml on this machine, its ID tokens minted by this Keyless.",
                "It runs the way GitLab Runner's shell executor would: GitLab's predefined variables and the file's variables",
                "set, before_script and script in one bash with `set -eo pipefail` (each command shown as",
                "`$ command`), after_script always, in its own shell. The AWS CLI/SDKs and gcloud are pointed at",
                "this Keyless (AWS_ENDPOINT_URL_STS, CLOUDSDK_API_ENDPOINT_OVERRIDES_STS/IAMCREDENTIALS).",
                "image: and services: are NOT run: the commands use this machine's tools.",
                "Exit code: 0 when the job succeeds, 1 when it fails, 2 on a usage or CI file error.",
                "",
                "Example:  keyless ci run deploy --ref main"})
    static final class Run implements Callable<Integer> {
        private final CliEnvironment env;

        @Mixin
        ConfigOption config;
        @Parameters(index = "0", paramLabel = "JOB", description = "Job name in the CI file")
        String job;
        @Mixin
        CiJobOptions ci;

        Run(CliEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            PrintWriter log = env.out();
            CiJobOptions.Resolved resolved;
            Map<String, String> tokens = new LinkedHashMap<>();
            String stsUrl;
            try (Keyless keyless = new Keyless(config.load(env), env.clock(), env.env())) {
                resolved = ci.resolve(env, keyless, job, "keyless ci run");
                stsUrl = keyless.config().server().publicUrl().toString().replaceAll("/$", "");
                for (LocalJob.Token token : resolved.prepared().tokens()) {
                    tokens.put(token.name(), TokenMinting.mint(keyless, resolved.prepared().context(), token.audience(),
                            Map.of(), "cli:keyless ci run:" + token.name()));
                }
            }
            LocalJob.Prepared p = resolved.prepared();
            log.println("Running job \"" + job + "\" of " + ci.file + " with keyless ci run, on this machine");
            if (p.job().hasImage() || p.job().hasServices()) {
                log.println("Note: image: and services: are not run; the commands use this machine's shell and tools.");
            } else {
                log.println("Note: the commands use this machine's shell and tools (image: and services: are never run).");
            }
            log.println("Project " + p.context().jobProjectPath() + ", " + p.context().refType().wire() + " " + p.context().ref()
                    + " (protected: " + p.context().refProtected() + "), pipeline source " + p.context().pipelineSource()
                    + p.context().environment().map(e -> ", environment " + e.name() + " (" + e.deploymentTier() + ")").orElse(""));
            for (LocalJob.Token token : p.tokens()) {
                log.println("ID token " + token.name() + ": aud " + audienceText(token.audience()) + ", sub "
                        + subOf(tokens.get(token.name())) + ", valid " + lifetimeOf(tokens.get(token.name())) + "s");
            }
            Map<String, String> clients = new LinkedHashMap<>();
            clients.put("AWS_ENDPOINT_URL_STS", stsUrl);
            clients.put("CLOUDSDK_API_ENDPOINT_OVERRIDES_STS", stsUrl + "/");
            clients.put("CLOUDSDK_API_ENDPOINT_OVERRIDES_IAMCREDENTIALS", stsUrl + "/");
            clients.forEach((k, v) -> log.println("Client endpoint: " + k + "=" + v));
            log.println("Job timeout: " + p.timeout().toSeconds() + "s");
            log.println();
            log.flush();
            Map<String, String> shellEnv = new LinkedHashMap<>(env.env());
            p.variables().entries().forEach(e -> shellEnv.put(e.getKey(), e.getValue()));
            shellEnv.putAll(tokens);
            shellEnv.putAll(clients);
            Path work = Files.createTempDirectory("keyless-ci-run");
            try {
                ShellJobRunner.Result result = ShellJobRunner.run(p.job(), resolved.repo(), shellEnv, p.timeout(), log, work);
                return result.succeeded() ? ExitCodes.OK : ExitCodes.DENIED;
            } finally {
                try (var files = Files.list(work)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(work);
            }
        }

        private static String audienceText(dev.keyless.issuer.Audience aud) {
            return aud.array() ? aud.values().toString() : "\"" + aud.values().getFirst() + "\"";
        }

        private static String subOf(String jwt) {
            return payload(jwt).path("sub").asText();
        }

        private static long lifetimeOf(String jwt) {
            var claims = payload(jwt);
            return claims.path("exp").asLong() - claims.path("iat").asLong();
        }

        private static com.fasterxml.jackson.databind.JsonNode payload(String jwt) {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                        java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
