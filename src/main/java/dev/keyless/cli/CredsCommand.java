package dev.keyless.cli;

import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code keyless creds}: the client-side credential helpers. */
@Command(name = "creds", mixinStandardHelpOptions = true,
        subcommands = {CredsAwsCommand.class, CredsGcpCommand.class},
        header = "Credential helpers for CI jobs (AWS credential_process, google-auth executable source).",
        description = {
            "Credential helpers for CI jobs, so no credential is ever exported by hand. Both re-read the",
            "token file on every call, so a refreshed token is picked up without restarting anything.",
            "  aws  prints the credential_process JSON     (~/.aws/config: credential_process = keyless creds aws ...)",
            "  gcp  prints google-auth's executable-source JSON (credential_source.executable.command)"})
public final class CredsCommand implements Callable<Integer> {
    private final CliEnvironment env;

    @Spec
    CommandSpec spec;

    public CredsCommand(CliEnvironment env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    @Override
    public Integer call() {
        env.err().println("keyless creds: name a helper, aws or gcp.");
        spec.commandLine().usage(env.err());
        return ExitCodes.USAGE;
    }
}
