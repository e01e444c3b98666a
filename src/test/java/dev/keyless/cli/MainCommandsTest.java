package dev.keyless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/** Main registers its commands by name (so that a run builds only the one it runs): the names must be theirs. */
class MainCommandsTest {
    @Test
    void everyRegisteredNameIsTheCommandsOwnName() {
        for (Map.Entry<String, Class<?>> command : Main.COMMANDS.entrySet()) {
            Command annotation = command.getValue().getAnnotation(Command.class);
            assertThat(annotation).as(command.getValue().getName()).isNotNull();
            assertThat(annotation.name()).as(command.getValue().getName()).isEqualTo(command.getKey());
        }
    }

    @Test
    void theUsageListsEveryCommandWhateverWasNamed() {
        TrustCli.Result help = TrustCli.run(TrustCli.repoRoot(), "--help");
        assertThat(help.exitCode()).isZero();
        for (String name : Main.COMMANDS.keySet()) {
            assertThat(help.out()).as(name).containsPattern("(?m)^  " + name + "\\b");
        }
        // A name that is no command: the error suggests the nearest one, which must have been built.
        TrustCli.Result typo = TrustCli.run(TrustCli.repoRoot(), "explian");
        assertThat(typo.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(typo.err()).contains("Did you mean", "explain");
    }
}
