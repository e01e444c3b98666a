package dev.keyless.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a real client as a child process with a controlled environment and a time limit. */
public final class Processes {
    private Processes() {}

    public record Result(int exitCode, String stdout, String stderr) {
        public String all() {
            return stdout + stderr;
        }
    }

    public static Result run(List<String> command, Map<String, String> env, Path workDir, Duration timeout, String stdin) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        // A minimal, explicit environment so no developer credential or config leaks into a test.
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("LANG", "C.UTF-8");
        for (String keep : List.of("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "PYENV_ROOT", "NODE_EXTRA_CA_CERTS")) {
            String v = System.getenv(keep);
            if (v != null) {
                pb.environment().put(keep, v);
            }
        }
        pb.environment().putAll(env);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        try {
            Process p = pb.start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            var out = new java.util.concurrent.CompletableFuture<String>();
            var err = new java.util.concurrent.CompletableFuture<String>();
            Thread.ofVirtual().start(() -> out.complete(read(p.getInputStream())));
            Thread.ofVirtual().start(() -> err.complete(read(p.getErrorStream())));
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out after " + timeout + ": " + command);
            }
            return new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new AssertionError("could not start " + command + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
