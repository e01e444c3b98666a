package dev.keyless.cli;

import dev.keyless.Keyless;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Credentials for the configuration APIs (GCP IAM v1 on /v1/projects/…).",
        subcommands = {AdminCommand.Token.class})
public final class AdminCommand implements Callable<Integer> {
    private final CliEnvironment env;

    @Spec
    CommandSpec spec;

    public AdminCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        env.err().println("keyless admin: name a subcommand.");
        spec.commandLine().usage(env.err());
        return ExitCodes.USAGE;
    }

    @Command(name = "token", mixinStandardHelpOptions = true, description = "Administrator tokens.",
            subcommands = {AdminCommand.CreateToken.class})
    static final class Token implements Callable<Integer> {
        private final CliEnvironment env;

        @Spec
        CommandSpec spec;

        Token(CliEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            env.err().println("keyless admin token: name a subcommand.");
            spec.commandLine().usage(env.err());
            return ExitCodes.USAGE;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {
                "Create a bearer token that may change the GCP trust configuration of one project",
                "(workload identity pools, providers, service accounts, IAM policies) through the IAM API.",
                "It is printed once; only its SHA-256 is stored. Use it with gcloud:",
                "  CLOUDSDK_AUTH_ACCESS_TOKEN=<token> CLOUDSDK_API_ENDPOINT_OVERRIDES_IAM=<publicUrl>/ gcloud iam …"})
    static final class CreateToken implements Callable<Integer> {
        private final CliEnvironment env;
        @Mixin
        ConfigOption config;
        @Option(names = "--project", required = true, paramLabel = "PROJECT_ID",
                description = "The GCP project (as declared under gcp.projects) the token may change.")
        String project;
        @Option(names = "--label", defaultValue = "cli", description = "A note stored with the token's digest.")
        String label;

        CreateToken(CliEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            try (Keyless keyless = new Keyless(config.load(env), env.clock(), env.env())) {
                if (!keyless.config().gcp().projects().containsKey(project)) {
                    env.err().println("keyless admin token create: no GCP project \"" + project + "\" in "
                            + config.path(env) + "; declared: " + keyless.config().gcp().projects().keySet());
                    return ExitCodes.USAGE;
                }
                env.out().println(keyless.gcpIam().createAdminToken(project, label));
            }
            return ExitCodes.OK;
        }
    }
}
