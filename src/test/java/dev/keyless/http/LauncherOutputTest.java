package dev.keyless.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.Processes;
import dev.keyless.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the {@code keyless} launcher prints on stderr: on first use it says it is building before the
 * build starts (and how long it took), and no JVM warning about {@code sun.misc.Unsafe} reaches the user,
 * from Keyless (protobuf inside cel-java) or from Maven. The launcher and its JDK lookup run from a copy
 * of the checkout whose {@code mvnw} stands in for Maven: it records its {@code MAVEN_OPTS} and writes a jar
 * of this build's classes, as {@code package} would.
 */
class LauncherOutputTest {

    @Test
    void firstUseSaysItIsBuildingAndNoUnsafeWarningReachesStderr(@TempDir Path dir) throws Exception {
        Path checkout = dir.resolve("checkout");
        Files.createDirectories(checkout.resolve(".ci"));
        Files.copy(Repo.root().resolve("keyless"), checkout.resolve("keyless"));
        checkout.resolve("keyless").toFile().setExecutable(true);
        Files.copy(Repo.root().resolve(".ci/jdk.sh"), checkout.resolve(".ci/jdk.sh"));
        Path built = dir.resolve("built.jar");
        Files.write(built, LauncherRebuildTest.jarOfThisBuild(""));
        Files.writeString(checkout.resolve("mvnw"), "#!/usr/bin/env bash\nprintf '%s' \"$MAVEN_OPTS\" > '" + dir.resolve("maven-opts")
                + "'\nmkdir -p target && cp '" + built + "' target/keyless.jar\n");
        checkout.resolve("mvnw").toFile().setExecutable(true);
        Path config = dir.resolve("keyless.yaml");
        Files.writeString(config, Repo.exampleYaml());
        Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"), "HOME", dir.toString());

        // lint compiles the example's CEL expressions: protobuf's first use of sun.misc.Unsafe.
        Processes.Result first = Processes.run(List.of(checkout.resolve("keyless").toString(), "lint", "--config", config.toString()),
                env, dir, Duration.ofSeconds(120), null);

        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.stderr().lines().findFirst()).as(first.stderr()).hasValueSatisfying(line ->
                assertThat(line).startsWith("keyless: building target/keyless.jar with Maven (first use"));
        assertThat(first.stderr()).contains("keyless: built in ").doesNotContain("sun.misc.Unsafe").doesNotContain("WARNING");
        Processes.Result second = Processes.run(List.of(checkout.resolve("keyless").toString(), "lint", "--config", config.toString()),
                env, dir, Duration.ofSeconds(120), null);
        assertThat(second.stderr()).as("no rebuild, nothing on stderr").isEmpty();
        if (Runtime.version().feature() >= 23) {
            assertThat(Files.readString(dir.resolve("maven-opts"))).contains("--sun-misc-unsafe-memory-access=allow");
        }
        if (Runtime.version().feature() >= 24) {
            // Without the launcher's switch the same command does warn: the assertion above can fail.
            Processes.Result bare = Processes.run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-jar", built.toString(), "lint", "--config", config.toString()),
                    env, dir, Duration.ofSeconds(120), null);
            assertThat(bare.stderr()).contains("sun.misc.Unsafe");
        }
        System.out.println("launcher, first use: " + first.stderr().strip().replace('\n', ' '));
    }
}
