package dev.keyless.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Keyless as a separate OS process ({@code keyless serve}), for tests that must kill a node with
 * SIGKILL or run several nodes. It runs the classes of this build with the test JVM's class path,
 * so it needs no packaged jar. Output goes to {@code serve-PORT.log} in the node's folder.
 */
public final class KeylessProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private KeylessProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code keyless serve --config CONFIG --listen 127.0.0.1:PORT} and waits for /healthz. */
    public static KeylessProcess start(Path config, int port, Map<String, String> env) {
        return launch(javaCommand("serve", "--config", config.toString(), "--listen", "127.0.0.1:" + port), config, port, env);
    }

    /** {@code keyless ARGS} in a JVM of its own on this test run's class path (256 MB heap). */
    public static List<String> javaCommand(String... args) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.keyless.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * Starts {@code keyless serve --config CONFIG} with no {@code --listen}: the address is the config's
     * own {@code server.listen}, which must be {@code 127.0.0.1:PORT}.
     */
    public static KeylessProcess startAsConfigured(Path config, int port, Map<String, String> env) {
        return launch(javaCommand("serve", "--config", config.toString()), config, port, env);
    }

    /**
     * Starts {@code keyless serve} with the JVM options the {@code keyless} launcher uses by default
     * (its {@code default_opts} line, read from the script so a test follows a change of the
     * launcher), under {@code sh -c} so {@code shellSetup} (e.g. {@code umask 022; ulimit -n 40000})
     * applies to the server process.
     */
    public static KeylessProcess startWithLauncherDefaults(Path config, int port, Map<String, String> env, String shellSetup) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", shellSetup + "\nexec \"$@\"", "keyless", java.toString()));
        cmd.addAll(launcherJvmOptions());
        cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.keyless.cli.Main", "serve", "--config", config.toString(), "--listen", "127.0.0.1:" + port));
        return launch(cmd, config, port, env);
    }

    /** The {@code default_opts} of the {@code keyless} launcher script, split on spaces. */
    public static List<String> launcherJvmOptions() {
        try {
            for (String line : Files.readAllLines(Repo.root().resolve("keyless"))) {
                if (line.startsWith("default_opts=\"")) {
                    return List.of(line.substring("default_opts=\"".length(), line.lastIndexOf('"')).trim().split(" +"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no default_opts line in the keyless launcher");
    }

    private static KeylessProcess launch(List<String> cmd, Path config, int port, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(config.getParent().toFile());
        pb.environment().putAll(env);
        Path log = config.getParent().resolve("serve-" + port + ".log");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            Process p = pb.start();
            KeylessProcess node = new KeylessProcess(p, port, log);
            node.awaitHealthy(Duration.ofSeconds(60));
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("keyless serve exited with " + process.exitValue() + ":\n" + logText());
            }
            try {
                var r = http.send(HttpRequest.newBuilder(URI.create(url() + "/healthz")).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        throw new IllegalStateException("keyless serve not healthy after " + timeout + ":\n" + logText());
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /**
     * The log once it contains {@code text}: {@code /healthz} answers as soon as the server listens,
     * a moment before {@code serve} prints its ready line.
     */
    public String logTextOnce(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String now = logText();
        while (!now.contains(text) && System.nanoTime() < deadline && process.isAlive()) {
            sleep(50);
            now = logText();
        }
        return now;
    }

    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** SIGKILL: no shutdown hook, no flush — what a crashed node looks like. */
    public void kill9() {
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM: the graceful path. */
    public void stop() {
        process.destroy();
        waitFor();
    }

    private void waitFor() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }
}
