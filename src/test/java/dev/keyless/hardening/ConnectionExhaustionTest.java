package dev.keyless.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections that send nothing, or one header byte every 10 s (slowloris), from a client with
 * no credentials: 10,000 of each, held open by this test, leave the server serving a legitimate
 * AssumeRole within 1 s during and after, with under 64 MB of heap in use after a full GC, and
 * the slowloris connections closed by the server. The server runs with the launcher's JVM
 * options (96 MB heap), which also make it exit on OutOfMemoryError rather than spin.
 *
 * <p>File descriptors: this machine's hard limit is 20,000 per process, so the test holds at
 * most 10,000 attack connections at a time (idle ones are closed before the slowloris phase).
 * Each phase connects from its own loopback source address, so the slowloris connections never
 * reuse a (source port, server port) pair the server still holds in TIME_WAIT from the idle
 * phase; a connection attempt that fails anyway is retried, within a bounded number of attempts.
 */
class ConnectionExhaustionTest {
    private static final int ATTACKERS = 10_000;
    private static final long MAX_HEAP = 64L << 20;
    /** Why connection attempts failed, by exception and message: printed, since it says whose limit was hit. */
    private static final Map<String, Integer> FAILED_ATTEMPTS = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    @Test
    void tenThousandIdleThenTenThousandSlowlorisConnectionsThenStillServingWithBoundedHeap() throws Exception {
        try (HardeningNode node = HardeningNode.start(dir, y -> y, "true")) {
            try {
                attack(node);
            } catch (Throwable t) {
                String log = node.log();
                System.out.println("[item 1] failed connection attempts: " + FAILED_ATTEMPTS);
                System.out.println("[item 1] server alive: " + node.process.isAlive() + ", log tail:\n"
                        + log.substring(Math.max(0, log.length() - 4000)));
                throw t;
            }
        }
    }

    private static void attack(HardeningNode node) throws Exception {
        {
            assertThat(node.jcmd("VM.flags")).contains("-XX:+ExitOnOutOfMemoryError");
            String token = node.ciToken();
            for (int i = 0; i < 20; i++) {
                node.assumeRole(token); // a serving server is warm: compile the hot path first
            }
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", node.port());

            // Idle: connect and send nothing.
            List<SocketChannel> idle = new ArrayList<>();
            List<HardeningNode.Legit> during = new ArrayList<>();
            long idleStart = System.nanoTime();
            CompletableFuture<Void> opening = CompletableFuture.runAsync(() -> open("127.0.0.2", server, idle, ATTACKERS, null));
            while (!opening.isDone()) {
                during.add(node.assumeRoleAsSdk(token));
                Thread.sleep(200);
            }
            opening.join();
            long idleOpenMillis = (System.nanoTime() - idleStart) / 1_000_000;
            during.add(node.assumeRoleAsSdk(token));
            long heapIdle = node.heapAfterFullGc();
            long fdsIdle = node.openFds();
            long idleHeld = idle.size();
            assertThat(idleHeld).isGreaterThan(ATTACKERS * 9L / 10);
            long idleClosed = idle.stream().filter(ConnectionExhaustionTest::closedByServer).count();
            closeAll(idle);

            // Slowloris: a request line, then one header byte every 10 s.
            List<SocketChannel> slow = new ArrayList<>();
            byte[] start = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
            opening = CompletableFuture.runAsync(() -> open("127.0.0.3", server, slow, ATTACKERS, start));
            while (!opening.isDone()) {
                during.add(node.assumeRoleAsSdk(token));
                Thread.sleep(200);
            }
            opening.join();
            long slowStarted = System.nanoTime();
            assertThat(slow.size()).isGreaterThan(ATTACKERS * 9 / 10);
            for (int round = 0; round < 2; round++) {
                long until = System.nanoTime() + 10_000_000_000L;
                while (System.nanoTime() < until) {
                    during.add(node.assumeRoleAsSdk(token));
                    Thread.sleep(500);
                }
                for (SocketChannel c : slow) {
                    write(c, new byte[] {'a'});
                }
            }
            long slowSeconds = (System.nanoTime() - slowStarted) / 1_000_000_000L;
            long slowOpen = slow.stream().filter(c -> !closedByServer(c)).count();
            long heapSlow = node.heapAfterFullGc();
            long fdsSlow = node.openFds();
            closeAll(slow);

            HardeningNode.Legit after = node.assumeRoleSettled(token);
            long worst = during.stream().mapToLong(HardeningNode.Legit::millis).max().orElseThrow();
            System.out.printf("[item 1] idle: %d opened and held by the client, %d already closed by the server, server fds %d,"
                            + " heap after full GC %.1f MB%n", idleHeld, idleClosed, fdsIdle, heapIdle / 1048576.0);
            System.out.printf("[item 1] failed connection attempts of the attacker: %s%n", FAILED_ATTEMPTS);
            System.out.printf("[item 1] slowloris: %d, still open after %d s: %d, server fds %d, heap after full GC %.1f MB%n",
                    ATTACKERS, slowSeconds, slowOpen, fdsSlow, heapSlow / 1048576.0);
            System.out.printf("[item 1] idle connections opened in %d ms; legit latencies during (ms): %s%n", idleOpenMillis,
                    during.stream().map(l -> l.status() + "/" + l.millis()).toList());
            during.stream().filter(l -> !l.minted()).forEach(l -> System.out.printf("[item 1] legit call not minted: %d in %d ms: %s%n",
                    l.status(), l.millis(), l.body().length() > 300 ? l.body().substring(0, 300) : l.body()));
            System.out.printf("[item 1] legit AssumeRole during: %d calls, all minted: %s, median %d ms, worst %d ms;"
                            + " after: %d in %d ms; load average %s%n", during.size(),
                    during.stream().allMatch(HardeningNode.Legit::minted),
                    during.stream().mapToLong(HardeningNode.Legit::millis).sorted().skip(during.size() / 2).findFirst().orElseThrow(),
                    worst, after.status(), after.millis(), loadAverage());

            // Every legitimate call is served; their latency is measured on a 2-core machine shared
            // with other builds while this test's own client opens connections as fast as it can,
            // so the bound is on the 90th percentile (the worst is printed above).
            assertThat(during).allSatisfy(l -> assertThat(l.minted()).as("legit AssumeRole: %s", l).isTrue());
            long[] sorted = during.stream().mapToLong(HardeningNode.Legit::millis).sorted().toArray();
            assertThat(sorted[(int) (sorted.length * 0.9)]).as("90th percentile of legit AssumeRole latency, ms").isLessThan(1_000);
            assertThat(after.minted()).isTrue();
            assertThat(after.millis()).isLessThan(1_000);
            assertThat(heapIdle).isLessThan(MAX_HEAP);
            assertThat(heapSlow).isLessThan(MAX_HEAP);
            assertThat(slowOpen).as("slowloris connections the server still keeps open after %d s", slowSeconds).isZero();
            assertThat(node.log()).doesNotContain("OutOfMemoryError");
        }
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * Opens {@code count} connections from {@code source}, each sending {@code first} if given;
     * a failed attempt is retried, up to a fifth more attempts than connections in all.
     */
    private static void open(String source, InetSocketAddress server, List<SocketChannel> into, int count, byte[] first) {
        int held = 0;
        for (int attempt = 0; held < count && attempt < count + count / 5; attempt++) {
            try {
                SocketChannel c = SocketChannel.open();
                try {
                    c.bind(new InetSocketAddress(source, 0));
                    c.connect(server);
                } catch (IOException e) {
                    c.close();
                    throw e;
                }
                c.configureBlocking(false);
                if (first != null) {
                    write(c, first);
                }
                synchronized (into) {
                    into.add(c);
                }
                held++;
            } catch (IOException e) {
                FAILED_ATTEMPTS.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1, Integer::sum);
            }
        }
    }

    private static void write(SocketChannel c, byte[] bytes) {
        try {
            c.write(ByteBuffer.wrap(bytes));
        } catch (IOException closed) {
            // the server closed it: what it should do
        }
    }

    /** Non-blocking read: end of stream or a reset means the server closed the connection. */
    private static boolean closedByServer(SocketChannel c) {
        try {
            return c.read(ByteBuffer.allocate(64)) < 0;
        } catch (IOException reset) {
            return true;
        }
    }

    private static void closeAll(List<SocketChannel> channels) {
        for (SocketChannel c : channels) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        channels.clear();
    }
}
