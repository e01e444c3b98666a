package dev.keyless.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class StartupWarmUpTest {
    @Test
    void everyCommandThatReadsTheConfigurationWarmsUpAndEveryStepRuns() {
        for (String command : Main.COMMANDS.keySet()) {
            for (var lane : StartupWarmUp.workFor(command)) {
                for (Runnable step : lane) {
                    assertThatCode(step::run).as(command).doesNotThrowAnyException();
                }
            }
        }
        assertThat(StartupWarmUp.workFor("serve").stream().mapToInt(java.util.List::size).sum()).isEqualTo(6);
        assertThat(StartupWarmUp.workFor("explain").stream().mapToInt(java.util.List::size).sum()).isEqualTo(5);
        assertThat(StartupWarmUp.workFor("lint").stream().mapToInt(java.util.List::size).sum()).isEqualTo(3);
        assertThat(StartupWarmUp.workFor("help")).isEmpty();
        assertThat(StartupWarmUp.workFor("--version")).isEmpty();
    }
}
