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
        Path checkout = LauncherRebuildTest.launcherCheckout(dir);
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

    /**
     * The start-up cache: the first run of a command records, the second assembles and uses the
     * cache, named after the jar copy's content hash and the command; a rebuilt jar (new content)
     * gets a cache of its own and the old one is never used for it. Stdout stays the command's own.
     */
    @Test
    void startUpCacheIsPerJarContentAndCommandAndKeepsStdoutClean(@TempDir Path dir) throws Exception {
        Path checkout = LauncherRebuildTest.builtCheckout(dir);
        Path jar = checkout.resolve("target/keyless.jar");
        Path config = dir.resolve("keyless.yaml");
        Files.writeString(config, Repo.exampleYaml());
        Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"), "HOME", dir.toString());
        List<String> lint = List.of(checkout.resolve("keyless").toString(), "lint", "--config", config.toString());

        String reference = null;
        for (String build : List.of("", "rebuilt")) {
            Files.write(jar, LauncherRebuildTest.jarOfThisBuild(build));
            for (int run = 1; run <= 3; run++) {
                Processes.Result r = Processes.run(lint, env, dir, Duration.ofSeconds(120), null);
                assertThat(r.exitCode()).as(r.all()).isZero();
                if (reference == null) {
                    reference = r.stdout();
                }
                assertThat(r.stdout()).as("run %d of build '%s'", run, build).isEqualTo(reference);
                assertThat(r.stderr()).doesNotContain("WARNING").doesNotContain("[aot]").doesNotContain("[cds]");
            }
        }
        Path runDir = checkout.resolve("target/run");
        List<String> jars = names(runDir, ".jar");
        assertThat(jars).hasSize(2);
        if (Runtime.version().feature() >= 25) {
            // One cache per jar copy, named after it; nothing half-written left behind.
            List<String> caches = names(runDir, ".aot");
            assertThat(caches).hasSize(2);
            for (String copy : jars) {
                assertThat(caches).contains(copy.replace(".jar", "-lint.aot"));
            }
            try (var files = Files.list(runDir)) {
                assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
            }
        }
        System.out.println("launcher start-up cache files: " + names(runDir, ""));
    }

    /**
     * A start-up cache is made only from a run that did the command's work: {@code --help} records
     * nothing, a run ending in a usage or configuration error (exit 2) has its recording dropped, and
     * the first run that works records the cache the next run uses.
     */
    @Test
    void startUpCacheIsNotRecordedFromHelpOrAUsageError(@TempDir Path dir) throws Exception {
        Path checkout = LauncherRebuildTest.builtCheckout(dir);
        Path config = dir.resolve("keyless.yaml");
        Files.writeString(config, Repo.exampleYaml());
        Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"), "HOME", dir.toString());
        String launcher = checkout.resolve("keyless").toString();
        Path runDir = checkout.resolve("target/run");

        for (int run = 1; run <= 2; run++) {
            Processes.Result help = Processes.run(List.of(launcher, "lint", "--help"), env, dir, Duration.ofSeconds(120), null);
            assertThat(help.exitCode()).as(help.all()).isZero();
            assertThat(help.stdout()).contains("--config");
        }
        assertThat(names(runDir, "")).as("--help records nothing").noneMatch(n -> n.contains("-lint."));
        for (int run = 1; run <= 2; run++) {
            Processes.Result usage = Processes.run(List.of(launcher, "lint", "--config", dir.resolve("missing.yaml").toString()),
                    env, dir, Duration.ofSeconds(120), null);
            assertThat(usage.exitCode()).as(usage.all()).isEqualTo(2);
        }
        if (Runtime.version().feature() >= 25) {
            assertThat(names(runDir, ".aot")).as("no cache from a run that ended in a usage error").isEmpty();
            assertThat(names(runDir, ".aotconf")).isEmpty();
        }
        for (int run = 1; run <= 2; run++) {
            Processes.Result lint = Processes.run(List.of(launcher, "lint", "--config", config.toString()), env, dir,
                    Duration.ofSeconds(120), null);
            assertThat(lint.exitCode()).as(lint.all()).isZero();
        }
        if (Runtime.version().feature() >= 25) {
            assertThat(names(runDir, ".aot")).as("the first run that worked recorded it").singleElement()
                    .satisfies(n -> assertThat(n).endsWith("-lint.aot"));
            try (var files = Files.list(runDir)) {
                assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".part") || n.endsWith(".discard"));
            }
        }
        System.out.println("launcher start-up cache after --help, usage errors and two good runs: " + names(runDir, ""));
    }

    private static List<String> names(Path folder, String suffix) throws java.io.IOException {
        try (var files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(suffix) && !n.startsWith(".")).sorted()
                    .toList();
        }
    }
}
