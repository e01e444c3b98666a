package dev.keyless.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * {@code keyless serve} as an attacker meets it: a separate process with the {@code keyless}
 * launcher's default JVM options (its heap, its collector, exit on OutOfMemoryError), configured by
 * a YAML whose {@code 127.0.0.1:8080} is replaced by the process's address, with its SQLite store
 * in {@code dir/keyless-data}. The test reads what the server minted back from that store (the
 * audit log) and from {@code /metrics}, never from the server's objects, which it cannot reach.
 */
public final class LauncherServer implements AutoCloseable {
    /** The CI API client secret of the example configuration. */
    public static final String EXAMPLE_CI_SECRET = "dev-secret-change-me";
    public static final String EXAMPLE_ROLE_ARN = "arn:aws:iam::111122223333:role/gitlab-deployer";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeylessProcess process;
    private final Path dir;

    private LauncherServer(KeylessProcess process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /** The example configuration ({@link Repo#exampleYaml()}). */
    public static LauncherServer startExample(Path dir) {
        return start(dir, Repo.exampleYaml());
    }

    /** {@code yaml} uses {@code 127.0.0.1:8080} for "this server" and {@code ./keyless-data/keyless.db} as its store. */
    public static LauncherServer start(Path dir, String yaml) {
        if (!yaml.contains("jdbc:sqlite:./keyless-data/keyless.db")) {
            throw new IllegalArgumentException("the test config must use the store jdbc:sqlite:./keyless-data/keyless.db");
        }
        int port = KeylessProcess.freePort();
        try {
            Files.createDirectories(dir);
            Path config = Files.writeString(dir.resolve("keyless.yaml"), yaml.replace("127.0.0.1:8080", "127.0.0.1:" + port));
            return new LauncherServer(KeylessProcess.startWithLauncherDefaults(config, port, Map.of(), "true"), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return process.url();
    }

    /** {@code 127.0.0.1:PORT}: the provider part of condition keys and provider ARNs. */
    public String hostAndPort() {
        return "127.0.0.1:" + process.port();
    }

    public int port() {
        return process.port();
    }

    public Path dir() {
        return dir;
    }

    public KeylessProcess process() {
        return process;
    }

    /**
     * A job token of the server's issuer, minted as a CI system gets one: {@code POST
     * /api/v1/ci/id_tokens} with the example client's secret (so only for projects it may mint for).
     */
    public String mint(String audience, String projectPath, String ref) {
        try {
            String body = "{\"job\":{\"project_path\":" + JSON.writeValueAsString(projectPath) + ",\"ref\":"
                    + JSON.writeValueAsString(ref) + "},\"id_tokens\":{\"T\":{\"aud\":" + JSON.writeValueAsString(audience) + "}}}";
            HttpResponse<String> r = client().send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/ci/id_tokens"))
                    .header("Authorization", "Bearer " + EXAMPLE_CI_SECRET).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("CI API " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body()).get("id_tokens").get("T").textValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Audit rows matching {@code where} (SQL over {@code audit_events}), read from the server's store
     * file once the server has moved its audit journal into it (as a query of {@code keyless audit}
     * waits for: the journal folder empty), so an event answered just now is counted.
     */
    public long auditCount(String where) {
        AuditJournalFolder.awaitCommitted(dir.resolve("keyless-data"));
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("keyless-data/keyless.db"));
                ResultSet rows = db.createStatement().executeQuery("SELECT count(*) FROM audit_events WHERE " + where)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the audit log: " + e.getMessage(), e);
        }
    }

    /**
     * What the server handed out, by the audit log: job tokens minted, AWS sessions and GCP tokens
     * granted. A refused attack leaves this count unchanged.
     */
    public long mintedSoFar() {
        return auditCount("decision = 'ALLOW' AND kind IN ('TOKEN_MINTED', 'AWS_ASSUME_ROLE_WITH_WEB_IDENTITY',"
                + " 'GCP_TOKEN_EXCHANGE', 'GCP_GENERATE_ACCESS_TOKEN', 'GCP_GENERATE_ID_TOKEN')");
    }

    /** A legitimate AssumeRoleWithWebIdentity on a fresh connection, timed. */
    public Legit assumeRole(String roleArn, String token) {
        long start = System.nanoTime();
        try {
            String body = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=" + enc(roleArn)
                    + "&RoleSessionName=legit&WebIdentityToken=" + enc(token);
            HttpResponse<String> r = client().send(HttpRequest.newBuilder(URI.create(url() + "/"))
                    .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return new Legit(r.statusCode(), (System.nanoTime() - start) / 1_000_000, r.body());
        } catch (IOException e) {
            return new Legit(-1, (System.nanoTime() - start) / 1_000_000, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Up to three legitimate AssumeRoles, stopping at the first minted within a second: on a
     * 2-core machine shared with other builds one call can stall on the machine, not the server.
     */
    public Legit assumeRoleSettled(String roleArn, Supplier<String> token) {
        Legit last = null;
        for (int i = 0; i < 3; i++) {
            last = assumeRole(roleArn, token.get());
            if (last.mintedWithin(1_000)) {
                return last;
            }
        }
        return last;
    }

    /**
     * Runs {@code attack} while a legitimate AssumeRole is made every {@code everyMillis} (each
     * settled as {@link #assumeRoleSettled}); returns the legitimate calls made during the attack,
     * at least one.
     */
    public List<Legit> duringAttack(String roleArn, Supplier<String> token, long everyMillis, Attack attack) throws Exception {
        List<Legit> during = new ArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread legit = Thread.ofPlatform().name("legit-client").start(() -> {
            boolean first = true;
            while (!done.get() || first) {
                first = false;
                Legit l = assumeRoleSettled(roleArn, token);
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

    /** The attack run by {@link #duringAttack}. */
    @FunctionalInterface
    public interface Attack {
        void run() throws Exception;
    }

    /** One legitimate call: its HTTP status (-1 for a connection error), its latency, its body. */
    public record Legit(int status, long millis, String body) {
        public boolean minted() {
            return status == 200 && body.contains("<SessionToken>");
        }

        public boolean mintedWithin(long limitMillis) {
            return minted() && millis < limitMillis;
        }

        @Override
        public String toString() {
            return status + " in " + millis + " ms";
        }
    }

    public String log() {
        return process.logText();
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        process.close();
    }
}
