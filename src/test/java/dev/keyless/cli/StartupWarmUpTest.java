package dev.keyless.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class StartupWarmUpTest {
    @Test
    void everyCommandThatReadsTheConfigurationWarmsUpAndEveryStepRuns() {
        for (String command : Main.COMMANDS.keySet()) {
            for (Runnable step : StartupWarmUp.workFor(command)) {
                assertThatCode(step::run).as(command).doesNotThrowAnyException();
            }
        }
        assertThat(StartupWarmUp.workFor("serve")).hasSize(6);
        assertThat(StartupWarmUp.workFor("explain")).hasSize(5);
        assertThat(StartupWarmUp.workFor("help")).isEmpty();
        assertThat(StartupWarmUp.workFor("--version")).isEmpty();
    }
}
