package dev.keyless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * picocli is compiled with the project from its source file (pom.xml): its published jar is Java 5
 * bytecode, which the JVM verifies with its old verifier at every start and which the launcher's
 * start-up cache cannot hold (bench/RESULTS.md, round 3). The class on the classpath must be ours.
 */
class PicocliFromSourceTest {
    @Test
    void picocliOnTheClasspathIsCompiledForTheProjectsRelease() throws IOException {
        try (InputStream in = CommandLine.class.getResourceAsStream("CommandLine.class");
                DataInputStream data = new DataInputStream(in)) {
            assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
            data.readUnsignedShort(); // minor version
            // Class file major version 65 is Java 21 (JVMS 4.1, Table 4.1-A).
            assertThat(data.readUnsignedShort()).isEqualTo(65);
        }
        assertThat(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .doesNotContain("picocli-");
    }
}
