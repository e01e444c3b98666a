package dev.keyless.hardening;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.testing.KeylessProcess;
import dev.keyless.testing.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code keyless serve} of the example configuration as a separate process with the launcher's
 * default JVM options, plus what the hardening tests measure on it: a legitimate AssumeRole and
 * its latency, the process CPU time, the heap after a full GC.
 */
final class HardeningNode implements AutoCloseable {
    static final String ROLE_ARN = "arn:aws:iam::111122223333:role/gitlab-deployer";
    private static final String CI_SECRET = "dev-secret-change-me";
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    final KeylessProcess process;
    final Path dir;

    private HardeningNode(KeylessProcess process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /** The example keyless.yaml (its test copy) on a free port, edited by {@code edit}, served under {@code shellSetup}. */
    static HardeningNode start(Path dir, UnaryOperator<String> edit, String shellSetup) {
        int port = KeylessProcess.freePort();
        try {
            String yaml = Repo.exampleYaml().replace("127.0.0.1:8080", "127.0.0.1:" + port);
            Files.createDirectories(dir);
            Path config = Files.writeString(dir.resolve("keyless.yaml"), edit.apply(yaml));
            return new HardeningNode(KeylessProcess.startWithLauncherDefaults(config, port, Map.of(), shellSetup), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return process.url();
    }

    int port() {
        return process.port();
    }

    /** A CI job token for mygroup/myrepo at main, audience sts.amazonaws.com. */
    String ciToken() throws IOException, InterruptedException {
        String body = "{\"job\":{\"project_path\":\"mygroup/myrepo\",\"ref\":\"main\"},"
                + "\"id_tokens\":{\"T\":{\"aud\":\"sts.amazonaws.com\"}}}";
        HttpResponse<String> r = client().send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/ci/id_tokens"))
                .header("Authorization", "Bearer " + CI_SECRET).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("CI API " + r.statusCode() + ": " + r.body());
        }
        return new ObjectMapper().readTree(r.body()).findValue("T").asText();
    }

    /** A legitimate AssumeRoleWithWebIdentity on a new connection; the result carries its latency. */
    Legit assumeRole(String token) {
        long start = System.nanoTime();
        try {
            String body = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=" + enc(ROLE_ARN)
                    + "&RoleSessionName=legit&WebIdentityToken=" + enc(token);
            HttpResponse<String> r = client().send(HttpRequest.newBuilder(URI.create(url() + "/"))
                    .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                    .timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return new Legit(r.statusCode(), (System.nanoTime() - start) / 1_000_000, r.body());
        } catch (IOException e) {
            return new Legit(-1, (System.nanoTime() - start) / 1_000_000, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Up to three legitimate AssumeRoles, stopping at the first minted within a second: on a
     * 2-core machine shared with other builds one call can stall on the machine, not the server.
     */
    Legit assumeRoleSettled(String token) {
        Legit last = null;
        for (int i = 0; i < 3; i++) {
            last = assumeRole(token);
            if (last.minted() && last.millis() < 1_000) {
                return last;
            }
        }
        return last;
    }

    /**
     * One AssumeRole as an AWS SDK makes it: a connection reset or refused before any answer is
     * retried (the SDKs' standard retry mode retries connection errors, up to 3 attempts in all),
     * and the time is that of the whole call, retries included.
     */
    Legit assumeRoleAsSdk(String token) {
        long start = System.nanoTime();
        Legit last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            last = assumeRole(token);
            if (last.status() != -1) {
                break;
            }
        }
        return new Legit(last.status(), (System.nanoTime() - start) / 1_000_000, last.body());
    }

    /**
     * Runs {@code attack} while a legitimate AssumeRole (settled as {@link #assumeRoleSettled}) is
     * made every {@code everyMillis}, with a CI job token minted before the attack (and again every
     * two minutes); the legitimate calls made during the attack, at least one.
     */
    List<Legit> duringAttack(long everyMillis, Attack attack) throws Exception {
        List<Legit> during = new ArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        String firstToken = ciToken(); // minted before the attack: the CI API is not what is measured
        Thread legit = Thread.ofPlatform().name("legit-client").start(() -> {
            String token = firstToken;
            long mintedAt = System.nanoTime();
            boolean first = true;
            while (!done.get() || first) {
                first = false;
                if (System.nanoTime() - mintedAt > 120_000_000_000L) { // well inside the 5-minute token lifetime
                    try {
                        token = ciToken();
                        mintedAt = System.nanoTime();
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
                Legit l = assumeRoleSettled(token);
                synchronized (during) {
                    during.add(l);
                }
                try {
                    Thread.sleep(everyMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            attack.run();
        } finally {
            done.set(true);
            legit.join(30_000);
        }
        synchronized (during) {
            return List.copyOf(during);
        }
    }

    @FunctionalInterface
    interface Attack {
        void run() throws Exception;
    }

    record Legit(int status, long millis, String body) {
        boolean mintedWithin(long limitMillis) {
            return minted() && millis < limitMillis;
        }

        @Override
        public String toString() {
            return status + " in " + millis + " ms";
        }

        boolean minted() {
            return status == 200 && body.contains("<SessionToken>");
        }
    }

    /** A client with its own connection pool, so every call opens a fresh connection. */
    private static HttpClient client() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** utime + stime of the server process in clock ticks (proc(5), fields 14 and 15). */
    long cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Heap in use after a full GC, in bytes ({@code jcmd GC.run}, then {@code GC.heap_info}). */
    long heapAfterFullGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        long kb = 0;
        for (String line : info.lines().toList()) {
            // One unindented line per generation (Serial: DefNew and Tenured), with its "used NK".
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
                Matcher m = USED.matcher(line);
                if (m.find()) {
                    kb += Long.parseLong(m.group(1));
                }
            }
        }
        if (kb == 0) {
            throw new AssertionError("no heap figures in jcmd GC.heap_info:\n" + info);
        }
        return kb * 1024;
    }

    /** Open file descriptors of the server process (its sockets among them). */
    long openFds() throws IOException {
        try (var fds = Files.list(Path.of("/proc/" + process.pid() + "/fd"))) {
            return fds.count();
        }
    }

    String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("jcmd " + command + " failed:\n" + out);
        }
        return out;
    }

    String log() {
        return process.logText();
    }

    @Override
    public void close() {
        process.close();
    }
}
