package dev.keyless.cli;

import dev.keyless.Keyless;
import dev.keyless.keys.KeyInfo;
import dev.keyless.keys.Rotation;
import dev.keyless.keys.SigningKeyRing;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "The issuer's signing keys: list them, or rotate with an overlap.",
        subcommands = {KeysCommand.ListKeys.class, KeysCommand.Rotate.class})
public final class KeysCommand implements Callable<Integer> {
    private final CliEnvironment env;

    public KeysCommand(CliEnvironment env) {
        this.env = env;
    }

    @Spec
    CommandSpec spec;

    // Without a subcommand there is nothing to do: usage on stderr and exit 2, as for any other usage error
    // (the command line built here has the environment factory; a fresh one could not build the subcommands).
    @Override
    public Integer call() {
        env.err().println("keyless keys: name a subcommand.");
        spec.commandLine().usage(env.err());
        return ExitCodes.USAGE;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Show every key: kid (RFC 7638 thumbprint), algorithm, state (next, active, retired), dates.",
                "No private material."})
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
                env.out().printf("%-44s  %-5s  %-7s  %-20s  %-20s  %s%n", "KID", "ALG", "STATE", "CREATED", "ACTIVATED", "UNPUBLISH AFTER");
                for (KeyInfo k : keyless.keyRing().list()) {
                    env.out().printf("%-44s  %-5s  %-7s  %-20s  %-20s  %s%n", k.kid(), k.alg(), k.state().toString().toLowerCase(java.util.Locale.ROOT),
                            k.created(), k.activated() == null ? "-" : k.activated(), k.retireAfter().map(Object::toString).orElse("-"));
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            header = "Create a new signing key, published at once and signing after the publish delay.",
            description = {
                "Create a new signing key. It is published in the JWKS at once and signs only after the",
                "publish delay (10 minutes), so verifiers that cached the JWKS see it before any token uses it;",
                "the old key stays published until every token it signed has expired.",
                "--now activates it at once (for a compromised key)."})
    static final class Rotate implements Callable<Integer> {
        private final CliEnvironment env;
        @Mixin
        ConfigOption config;
        @Option(names = "--now", description = "Activate the new key immediately (emergency rotation).")
        boolean now;

        Rotate(CliEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            try (Keyless keyless = new Keyless(config.load(env), env.clock(), env.env())) {
                Rotation r = keyless.keyRing().rotate(keyless.config().issuer().maxTtl(),
                        now ? SigningKeyRing.RotateMode.NOW : SigningKeyRing.RotateMode.PUBLISH_FIRST);
                switch (r) {
                    case Rotation.Scheduled s -> env.out().println("new key " + s.next().kid() + " ("
                            + s.next().state().toString().toLowerCase(java.util.Locale.ROOT) + ")");
                    case Rotation.AlreadyPending p -> {
                        env.out().println("a rotation is already pending: key " + p.pending().kid()
                                + " activates after the publish delay; use --now to activate it at once");
                        return ExitCodes.DENIED;
                    }
                }
            }
            return ExitCodes.OK;
        }
    }
}
