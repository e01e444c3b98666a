package dev.keyless.multinode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.Keyless;
import dev.keyless.config.ConfigLoader;
import dev.keyless.issuer.Audience;
import dev.keyless.issuer.JobContext;
import dev.keyless.issuer.MintResult;
import dev.keyless.issuer.RefType;
import dev.keyless.keys.MasterKey;
import dev.keyless.store.StoreCredentials;
import dev.keyless.testing.KeylessProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code keyless serve} processes on one PostgreSQL under load; node A dies by SIGKILL
 * in the middle. The client alternates between the nodes and retries on the other node when a
 * connection fails, as a load balancer with retries would. Node B keeps serving, and every exchange
 * whose response reached the client is in the audit log: the audit write completes before the reply.
 */
class NodeFailoverTest {
    private static final int WORKERS = 8;
    private static final int KILL_AFTER = 150;
    private static final int AFTER_KILL = 150;

    record Node(String url) {}

    @Test
    void killNodeAWhenUnderLoadThenNodeBServesAndNoAnsweredExchangeIsMissingFromTheAudit(@TempDir Path dir) throws Exception {
        String masterKey = SharedStore.newMasterKey();
        Map<String, String> env = Map.of(MasterKey.ENV, masterKey, StoreCredentials.PASSWORD_ENV, PasswordPostgres.PASSWORD);
        try (PasswordPostgres postgres = PasswordPostgres.start()) {
            Path config = Files.writeString(dir.resolve("keyless.yaml"), SharedStore.yaml(postgres.jdbcUrl(), PasswordPostgres.USER));
            List<String> tokens = mintTokens(config, env, 16);
            try (KeylessProcess a = KeylessProcess.start(config, KeylessProcess.freePort(), env);
                    KeylessProcess b = KeylessProcess.start(config, KeylessProcess.freePort(), env)) {
                Load load = new Load(List.of(new Node(a.url()), new Node(b.url())), tokens);
                load.start();
                load.awaitAnswered(KILL_AFTER);
                a.kill9();
                int atKill = load.answered();
                load.awaitAnswered(atKill + AFTER_KILL);
                load.stop();

                assertThat(load.errors()).as("unexpected failures").isEmpty();
                assertThat(load.answeredBy(b.url())).isGreaterThan(AFTER_KILL);
                assertThat(load.failovers()).as("requests sent to A after the kill went to B").isPositive();
                assertThat(missingFromAudit(postgres, load.requestIds())).as("answered but not audited").isEmpty();
                assertThat(load.requestIds()).hasSizeGreaterThanOrEqualTo(atKill + AFTER_KILL);
            }
        }
    }

    /** Job tokens signed with the shared key ring, minted by a node without HTTP (as `keyless token` does). */
    private static List<String> mintTokens(Path config, Map<String, String> env, int count) throws Exception {
        try (Keyless minter = new Keyless(ConfigLoader.load(config), Clock.systemUTC(), env)) {
            return IntStream.range(0, count).mapToObj(i -> minter.minter().mint(
                    JobContext.builder(SharedStore.PROJECT, "main").refType(RefType.BRANCH).build(),
                    Audience.of(SharedStore.AWS_AUD))).map(r -> ((MintResult.Minted) r).token()).toList();
        }
    }

    private static Set<String> missingFromAudit(PasswordPostgres postgres, Set<String> requestIds) throws Exception {
        Set<String> missing = new HashSet<>(requestIds);
        try (Connection c = postgres.superuser();
                PreparedStatement s = c.prepareStatement("SELECT request_id FROM audit_events WHERE request_id = ANY (?)")) {
            Array ids = c.createArrayOf("text", requestIds.toArray());
            s.setArray(1, ids);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    missing.remove(rs.getString(1));
                }
            }
        }
        return missing;
    }

    /** Virtual-thread workers sending AssumeRoleWithWebIdentity, alternating nodes, failing over on I/O errors. */
    private static final class Load {
        private final List<Node> nodes;
        private final List<String> tokens;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        private final Set<String> requestIds = ConcurrentHashMap.newKeySet();
        private final Map<String, AtomicInteger> byNode = new ConcurrentHashMap<>();
        private final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final AtomicInteger answered = new AtomicInteger();
        private final AtomicInteger failovers = new AtomicInteger();
        private final AtomicInteger sequence = new AtomicInteger();
        private volatile boolean running = true;
        private final CountDownLatch done = new CountDownLatch(WORKERS);

        Load(List<Node> nodes, List<String> tokens) {
            this.nodes = nodes;
            this.tokens = tokens;
        }

        void start() {
            for (int w = 0; w < WORKERS; w++) {
                Thread.ofVirtual().name("load-" + w).start(() -> {
                    try {
                        while (running) {
                            exchange(sequence.getAndIncrement());
                        }
                    } finally {
                        done.countDown();
                    }
                });
            }
        }

        private void exchange(int n) {
            String body = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn="
                    + URLEncoder.encode(SharedStore.ROLE_ARN, StandardCharsets.UTF_8) + "&RoleSessionName=load-" + n
                    + "&WebIdentityToken=" + tokens.get(n % tokens.size());
            for (int attempt = 0; attempt < nodes.size(); attempt++) {
                Node node = nodes.get((n + attempt) % nodes.size());
                HttpRequest request = HttpRequest.newBuilder(URI.create(node.url() + "/")).timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                try {
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    r.headers().firstValue("x-amzn-RequestId").ifPresentOrElse(requestIds::add,
                            () -> errors.add("no x-amzn-RequestId from " + node.url() + ": " + r.statusCode()));
                    if (r.statusCode() != 200) {
                        errors.add(node.url() + " answered " + r.statusCode() + ": " + r.body());
                    }
                    byNode.computeIfAbsent(node.url(), k -> new AtomicInteger()).incrementAndGet();
                    answered.incrementAndGet();
                    return;
                } catch (IOException e) {
                    failovers.incrementAndGet(); // the node is gone: the same exchange goes to the next one
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            errors.add("request " + n + " failed on every node");
        }

        void awaitAnswered(int count) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (answered.get() < count && errors.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }

        void stop() throws InterruptedException {
            running = false;
            done.await();
        }

        int answered() {
            return answered.get();
        }

        int answeredBy(String url) {
            return byNode.getOrDefault(url, new AtomicInteger()).get();
        }

        int failovers() {
            return failovers.get();
        }

        List<String> errors() {
            return errors;
        }

        Set<String> requestIds() {
            return Set.copyOf(requestIds);
        }
    }
}
