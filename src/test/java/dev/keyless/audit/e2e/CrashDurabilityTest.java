package dev.keyless.audit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.Keyless;
import dev.keyless.audit.AuditEvent;
import dev.keyless.audit.AuditKind;
import dev.keyless.audit.AuditQuery;
import dev.keyless.config.ConfigLoader;
import dev.keyless.issuer.Audience;
import dev.keyless.issuer.JobContext;
import dev.keyless.issuer.MintResult;
import dev.keyless.issuer.RefType;
import dev.keyless.testing.KeylessProcess;
import dev.keyless.testing.Repo;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability: 8 virtual threads drive AssumeRoleWithWebIdentity over HTTP
 * against {@code keyless serve} (a separate process) with distinct tokens, recording the
 * {@code x-amzn-RequestId} of every response they received; the node is killed with SIGKILL
 * mid-flight and restarted on the same store. Every request id a client saw must be in the audit
 * log — an event is committed before its response is sent (group commit). SQLite and PostgreSQL.
 */
class CrashDurabilityTest {
    private static final int CLIENTS = 8;
    private static final int TOKENS = 3000;

    @TempDir
    Path dir;

    @Test
    void sigkillWhenExchangesInFlightOnSqliteThenEveryAnsweredRequestIsAudited() throws Exception {
        Path config = config(dir.resolve("node"), "jdbc:sqlite:./data/keyless.db");
        crashAndCheck(config, Map.of());
    }

    @Test
    void sigkillWhenExchangesInFlightOnPostgresThenEveryAnsweredRequestIsAudited() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            Path config = config(dir.resolve("node"), "\"jdbc:postgresql://localhost:" + postgres.getPort()
                    + "/postgres?user=postgres\"");
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            // No data folder on PostgreSQL: the master key comes from the environment.
            crashAndCheck(config, Map.of("KEYLESS_MASTER_KEY", Base64.getEncoder().encodeToString(key)));
        }
    }

    private void crashAndCheck(Path config, Map<String, String> env) throws Exception {
        int port = portOf(config);
        List<String> tokens = mint(config, env);
        Set<String> received;
        try (KeylessProcess node = KeylessProcess.start(config, port, env)) {
            received = driveAndKill(node, tokens);
        }
        assertThat(received).as("responses received before the kill").hasSizeGreaterThan(CLIENTS);
        // The kill must land while requests flow, not after the clients ran out of tokens.
        assertThat(received).as("responses received: the node was killed mid-flight").hasSizeLessThan(TOKENS);
        // On SQLite the killed node's newest events wait in its audit journal; the restart commits them.
        Path journal = config.getParent().resolve("data/audit-journal");
        long left = 0;
        if (Files.isDirectory(journal)) {
            try (var files = Files.list(journal)) {
                left = files.mapToLong(f -> f.toFile().length()).sum();
            }
        }
        try (KeylessProcess restarted = KeylessProcess.start(config, port, env)) {
            Set<String> audited = audited(config, env);
            Set<String> lost = received.stream().filter(id -> !audited.contains(id)).collect(Collectors.toSet());
            System.out.printf("crash test %s: %d answered before SIGKILL, %d audited, %d lost (audit journal left by the"
                    + " killed node: %d bytes)%n", Files.readString(config).contains("jdbc:sqlite") ? "SQLite" : "PostgreSQL",
                    received.size(), audited.size(), lost.size(), left);
            assertThat(lost).as("answered requests missing from the audit log (of %d answered, %d audited)",
                    received.size(), audited.size()).isEmpty();
        }
    }

    /** Tokens minted in-process with the store's issuer key, before the node starts. */
    private static List<String> mint(Path config, Map<String, String> env) throws Exception {
        List<String> tokens = new ArrayList<>(TOKENS);
        try (Keyless keyless = new Keyless(ConfigLoader.load(config), Clock.systemUTC(), env)) {
            JobContext job = JobContext.builder("mygroup/myrepo", "main").refType(RefType.BRANCH).build();
            for (int i = 0; i < TOKENS; i++) {
                MintResult r = keyless.minter().mint(job, Audience.of("sts.amazonaws.com"));
                tokens.add(((MintResult.Minted) r).token());
            }
        }
        return tokens;
    }

    /** Clients run until their connection fails; the node is killed once requests are flowing. */
    private static Set<String> driveAndKill(KeylessProcess node, List<String> tokens) throws Exception {
        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(tokens);
        Set<String> received = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(Thread.ofVirtual().start(() -> {
                String token;
                int n = 0;
                while ((token = queue.poll()) != null) {
                    try {
                        HttpResponse<String> r = E2eClients.assumeRole(http, node.url(), token, "crash-" + client + "-" + n++);
                        r.headers().firstValue("x-amzn-RequestId").ifPresent(received::add);
                        if (r.statusCode() != 200) {
                            refused.incrementAndGet();
                        }
                    } catch (IOException e) {
                        return; // the node is gone: anything without a response may or may not be audited
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (received.size() < 50 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(1000);
        node.kill9();
        for (Thread t : clients) {
            t.join(Duration.ofSeconds(30));
        }
        assertThat(refused.get()).as("non-200 answers (all tokens are for the main branch)").isZero();
        return Set.copyOf(received);
    }

    private static Set<String> audited(Path config, Map<String, String> env) throws Exception {
        try (Keyless keyless = new Keyless(ConfigLoader.load(config), Clock.systemUTC(), env)) {
            return keyless.auditStore().query(AuditQuery.all().withKind(AuditKind.AWS_ASSUME_ROLE_WITH_WEB_IDENTITY)
                    .withLimit(TOKENS * 2)).stream().map(AuditEvent::requestId).collect(Collectors.toSet());
        }
    }

    private static Path config(Path nodeDir, String store) throws IOException {
        int port = KeylessProcess.freePort();
        String yaml = Repo.exampleYaml()
                .replace("127.0.0.1:8080", "127.0.0.1:" + port)
                .replace("store: jdbc:sqlite:./keyless-data/keyless.db", "store: " + store);
        // If the example's store line ever changes, the PostgreSQL run must not silently use SQLite.
        assertThat(yaml).contains("store: " + store);
        Files.createDirectories(nodeDir);
        return Files.writeString(nodeDir.resolve("keyless.yaml"), yaml);
    }

    private static int portOf(Path config) throws IOException {
        var m = java.util.regex.Pattern.compile("listen: 127\\.0\\.0\\.1:(\\d+)").matcher(Files.readString(config));
        if (!m.find()) {
            throw new AssertionError("no listen port in " + config);
        }
        return Integer.parseInt(m.group(1));
    }
}
