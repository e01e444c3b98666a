package dev.keyless.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Prometheus label is from a fixed set: 50,000 requests, each with its own method, path
 * and header, leave /metrics with exactly the series 10 such requests made (each series costs
 * heap for the life of the process; unbounded labels are an out-of-memory by request), and a
 * legitimate AssumeRole answers within 1 s while they are sent and after.
 */
class MetricLabelsTest {
    private static final int TOTAL = 50_000;
    private static final int CONNECTIONS = 4;

    @TempDir
    Path dir;

    @Test
    void fiftyThousandDistinctMethodsPathsAndHeadersThenSameSeriesAsAfterTen() throws Exception {
        try (HardeningNode node = HardeningNode.start(dir, y -> y, "true")) {
            // The legitimate client's series (CI API, issuer discovery and keys, a granted session) exist
            // before the baseline: it runs during the attack, and its series are not the attacker's.
            assertThat(node.assumeRoleSettled(node.ciToken()).minted()).isTrue();
            series(node); // the first scrape adds the /metrics route's own series
            send(node.port(), 0, 10, 1);
            Set<String> afterTen = series(node);
            long start = System.nanoTime();
            List<HardeningNode.Legit> during = node.duringAttack(1_000, () -> send(node.port(), 10, TOTAL, CONNECTIONS));
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            Set<String> afterAll = series(node);
            HardeningNode.Legit legit = node.assumeRoleSettled(node.ciToken());
            System.out.printf("[item 2] series after 10 requests: %d, after %d: %d (sent in %d s); legit AssumeRole during"
                    + " (%d calls, slowest %d ms), after %d in %d ms%n", afterTen.size(), TOTAL, afterAll.size(), seconds,
                    during.size(), during.stream().mapToLong(HardeningNode.Legit::millis).max().orElse(-1), legit.status(),
                    legit.millis());
            assertThat(during).allSatisfy(l -> assertThat(l.mintedWithin(1_000)).as("legit during: %s", l).isTrue());
            Set<String> added = new TreeSet<>(afterAll);
            added.removeAll(afterTen);
            assertThat(added).as("series added by the attack").isEmpty();
            assertThat(afterAll).isEqualTo(afterTen);
            assertThat(afterTen).anyMatch(s -> s.contains("method=\"OTHER\"") && s.contains("route=\"unmatched\""));
            assertThat(legit.minted()).isTrue();
            assertThat(legit.millis()).isLessThan(1_000);
        }
    }

    /** Requests {@code from..to}, spread over {@code connections} keep-alive connections. */
    private static void send(int port, int from, int to, int connections) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int lane = c;
                done.add(pool.submit(() -> {
                    RawHttp http = new RawHttp(port, 10_000);
                    for (int i = from + lane; i < to; i += connections) {
                        RawHttp.Response r;
                        try {
                            r = http.exchange(request(i));
                        } catch (java.io.IOException closed) {
                            http.close(); // the server may close a connection (e.g. after a 400); reopen
                            http = new RawHttp(port, 10_000);
                            r = http.exchange(request(i));
                        }
                        if (r.status() >= 500) {
                            throw new AssertionError("request " + i + " got " + r.status() + ": " + r.text());
                        }
                        if ("close".equalsIgnoreCase(r.header("connection"))) {
                            http.close();
                            http = new RawHttp(port, 10_000);
                        }
                    }
                    http.close();
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Cycles through shapes: an invented method on an invented path, GET of an invented path, junk to the STS. */
    private static String request(int i) {
        String header = "X-Junk-" + i + ": v" + i + "\r\n";
        // Junk to the STS (audited, so slower) one request in eight, the first among them the fourth.
        return switch (i % 8 == 3 ? 3 : i % 3) {
            case 0 -> "M" + i + "ETHOD /nothing/" + i + " HTTP/1.1\r\nHost: x\r\n" + header + "Content-Length: 0\r\n\r\n";
            case 1 -> "GET /p" + i + "?q=" + i + " HTTP/1.1\r\nHost: x\r\n" + header + "\r\n";
            case 2 -> "PROPFIND" + i + " / HTTP/1.1\r\nHost: x\r\n" + header + "Content-Length: 0\r\n\r\n";
            default -> {
                String body = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fr"
                        + i + "&RoleSessionName=s" + i + "&WebIdentityToken=junk" + i;
                yield "POST / HTTP/1.1\r\nHost: x\r\n" + header + "Content-Type: application/x-www-form-urlencoded\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body;
            }
        };
    }

    /** The series of /metrics: each sample line without its value (and no comment lines). */
    private static Set<String> series(HardeningNode node) throws Exception {
        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.url() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Set<String> series = new TreeSet<>();
        for (String line : text.lines().toList()) {
            if (!line.startsWith("#") && !line.isBlank() && !line.startsWith("jvm_") && !line.startsWith("process_")) {
                series.add(line.substring(0, line.lastIndexOf(' ')));
            }
        }
        return series;
    }
}
