package dev.keyless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command that only groups subcommands, run without one, is a usage error: usage on stderr, exit 2, no trace. */
class ParentCommandUsageTest {
    @TempDir
    Path dir;

    @Test
    void bareKeylessThenUsageOnStderrAndExit2() {
        TrustCli.Result r = TrustCli.run(dir);

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("keyless: name a command.\n").contains("Usage: keyless").contains("serve")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void keylessCiWithoutSubcommandThenUsageOnStderrAndExit2() {
        TrustCli.Result r = TrustCli.run(dir, "ci");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("keyless ci: name a subcommand.\n").contains("Usage: keyless ci").contains("tokens")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void keylessKeysWithoutSubcommandThenUsageOnStderrAndExit2() {
        TrustCli.Result r = TrustCli.run(dir, "keys");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("keyless keys: name a subcommand.\n").contains("Usage: keyless keys")
                .contains("rotate").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void auditSinceWithABadDurationThenTheErrorNamesSince() {
        TrustCli.Result r = TrustCli.run(dir, "audit", "--since", "1x");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("--since: expected a duration").contains("got '1x'").doesNotContain("--ttl");
    }

    @Test
    void tokenTtlWithABadDurationStillNamesTtl() {
        TrustCli.Result r = TrustCli.run(TrustCli.repoRoot(), "token", "--aud", "sts.amazonaws.com", "--project-path", "g/p", "--ref", "main",
                "--ttl", "1x");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--ttl: expected a duration").contains("got '1x'");
    }
}
