package dev.keyless.cli;

import dev.keyless.Keyless;
import dev.keyless.aws.iam.AdminAccessKeys;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code keyless admin access-key create|list|delete}: the long-term keys that may sign AWS IAM API calls;
 * {@code keyless admin token create}: bearer tokens for the GCP IAM API.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Administration of the configuration APIs.",
        subcommands = {AdminCommand.AccessKey.class, AdminCommand.Token.class})
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

    @Command(name = "access-key", mixinStandardHelpOptions = true,
            description = {"Administrator access keys for the AWS IAM API (aws iam …, boto3, Terraform).",
                "The secret is printed once and stored only sealed under the master key."},
            subcommands = {Create.class, ListKeys.class, Delete.class})
    static final class AccessKey implements Callable<Integer> {
        private final CliEnvironment env;
        @Spec
        CommandSpec spec;

        AccessKey(CliEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            env.err().println("keyless admin access-key: name a subcommand (create, list, delete).");
            spec.commandLine().usage(env.err());
            return ExitCodes.USAGE;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a key for one AWS account; prints AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY once.")
    static final class Create implements Callable<Integer> {
        private final CliEnvironment env;
        @Mixin
        ConfigOption config;
        @Option(names = "--account", required = true, paramLabel = "ID", description = "12-digit AWS account id.")
        String account;

        Create(CliEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            if (!account.matches("[0-9]{12}")) {
                throw new UsageException("keyless admin access-key create: --account must be 12 digits, got '"
                        + account + "'");
            }
            try (Keyless keyless = new Keyless(config.load(env), env.clock(), env.env())) {
                AdminAccessKeys.Created c = keyless.adminKeys().create(account,
                        env.clock().instant().truncatedTo(ChronoUnit.SECONDS).toString());
                env.out().println("AWS_ACCESS_KEY_ID=" + c.key().accessKeyId());
                env.out().println("AWS_SECRET_ACCESS_KEY=" + c.secret().value());
                env.err().println("The secret is shown only now. Account " + account
                        + "; delete with: keyless admin access-key delete " + c.key().accessKeyId());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the keys (never their secrets).")
    static final class ListKeys implements Callable<Integer> {
        private final CliEnvironment env;
        @Mixin
        ConfigOption config;

        ListKeys(CliEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            try (Keyless keyless = new Keyless(config.load(env), env.clock(), env.env())) {
                env.out().printf("%-20s  %-12s  %s%n", "ACCESS KEY ID", "ACCOUNT", "CREATED");
                for (AdminAccessKeys.AdminKey k : keyless.adminKeys().list()) {
                    env.out().printf("%-20s  %-12s  %s%n", k.accessKeyId(), k.accountId(), k.createDate());
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a key: it signs nothing afterwards.")
    static final class Delete implements Callable<Integer> {
        private final CliEnvironment env;
        @Mixin
        ConfigOption config;
        @Parameters(paramLabel = "ACCESS_KEY_ID")
        String keyId;

        Delete(CliEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            try (Keyless keyless = new Keyless(config.load(env), env.clock(), env.env())) {
                if (!keyless.adminKeys().delete(keyId)) {
                    env.err().println("keyless admin access-key delete: no key " + keyId);
                    return ExitCodes.DENIED;
                }
                env.out().println("deleted " + keyId);
            }
            return ExitCodes.OK;
        }
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
                "Create a bearer token for the GCP IAM API of one project, printed once (only its SHA-256 is stored).",
                "It may change the project's workload identity pools, providers, service accounts and IAM policies.",
                "Use it with gcloud as CLOUDSDK_AUTH_ACCESS_TOKEN, and CLOUDSDK_API_ENDPOINT_OVERRIDES_IAM=<publicUrl>/.",
                "It also signs in to the web console (<publicUrl>/console/signin) as an administrator."})
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
