package dev.keyless.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.KeylessProcess;
import dev.keyless.testing.Repo;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code keyless} launcher rebuilds {@code target/keyless.jar} in place when sources change; a
 * {@code keyless serve} started earlier must keep working. The launcher script and its JDK lookup are
 * copied into a folder with a jar of this build's classes, so the launcher's own logic runs as users run
 * it; the rebuild is what Maven does to that jar: rewrite the same file with different content.
 */
class LauncherRebuildTest {
    @TempDir
    Path dir;

    @Test
    void serveStartedByTheLauncherKeepsAnsweringAfterTheJarIsRebuiltInPlace() throws Exception {
        Path home = builtCheckout(dir);
        Path jar = home.resolve("target/keyless.jar");

        int port = KeylessProcess.freePort();
        Path config = dir.resolve("keyless.yaml");
        Files.writeString(config, Repo.exampleYaml().replace("127.0.0.1:8080", "127.0.0.1:" + port));
        Path log = dir.resolve("serve.log");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("keyless").toString(), "serve", "--config", config.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process serve = pb.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String url = "http://127.0.0.1:" + port;
        try {
            awaitHealthy(http, url, serve, log);

            // The rebuild: the same file rewritten with new content (a source changed), then the next command.
            Files.write(jar, jarOfThisBuild("rebuilt"), StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            ProcessBuilder help = new ProcessBuilder(home.resolve("keyless").toString(), "--help").redirectErrorStream(true);
            help.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process h = help.start();
            String helpText = new String(h.getInputStream().readAllBytes());
            assertThat(h.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(helpText).contains("Usage: keyless");

            // A GCP token exchange loads the GCP STS request classes for the first time.
            var r = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/token")).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("log:%n%s", Files.readString(log)).isEqualTo(400);
            assertThat(r.body()).contains("\"error\"");
            assertThat(Files.readString(log)).doesNotContain("NoClassDefFoundError").doesNotContain("ZipException");
        } finally {
            serve.destroy();
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
    }

    private static void awaitHealthy(HttpClient http, String url, Process serve, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            assertThat(serve.isAlive()).as("serve exited:%n%s", Files.readString(log)).isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url + "/healthz")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("serve not healthy:\n" + Files.readString(log));
    }

    /** A checkout holding the launcher and its JDK lookup only (dir/checkout). */
    static Path launcherCheckout(Path dir) throws IOException {
        Path checkout = dir.resolve("checkout");
        Files.createDirectories(checkout.resolve(".ci"));
        Files.copy(Repo.root().resolve("keyless"), checkout.resolve("keyless"));
        checkout.resolve("keyless").toFile().setExecutable(true);
        Files.copy(Repo.root().resolve(".ci/jdk.sh"), checkout.resolve(".ci/jdk.sh"));
        return checkout;
    }

    /** A checkout with the launcher, its JDK lookup and a jar of this build already in target/. */
    static Path builtCheckout(Path dir) throws IOException {
        Path checkout = launcherCheckout(dir);
        Files.write(Files.createDirectories(checkout.resolve("target")).resolve("keyless.jar"), jarOfThisBuild(""));
        return checkout;
    }

    /** A runnable jar holding this build's main classes, dependencies by Class-Path; {@code marker} varies its content. */
    static byte[] jarOfThisBuild(String marker) throws IOException {
        Path classes = Repo.root().resolve("target/classes");
        List<String> deps = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (entry.endsWith(".jar")) {
                deps.add(p.toUri().toString());
            }
        }
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.keyless.cli.Main");
        mf.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", deps));
        mf.getMainAttributes().putValue("Enable-Native-Access", "ALL-UNNAMED");
        var bytes = new java.io.ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, mf); Stream<Path> files = Files.walk(classes)) {
            // First, so a rebuilt jar's entries move, as after a real source change.
            out.putNextEntry(new JarEntry("build-marker.txt"));
            out.write(marker.repeat(1000).getBytes());
            out.closeEntry();
            // Folder entries too, as Maven writes them: resources are found by folder (e.g. migrations).
            for (Path f : files.filter(f -> !f.equals(classes)).sorted().toList()) {
                String name = classes.relativize(f).toString().replace(File.separatorChar, '/');
                if (Files.isDirectory(f)) {
                    out.putNextEntry(new JarEntry(name + "/"));
                } else {
                    out.putNextEntry(new JarEntry(name));
                    Files.copy(f, (OutputStream) out);
                }
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
