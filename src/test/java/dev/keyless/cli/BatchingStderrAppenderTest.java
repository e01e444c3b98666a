package dev.keyless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The stderr appender: every line written, each thread's in its order, whole lines of at most 4 KB
 * per write (pipe atomicity), many lines per write under load, a line after a quiet spell written
 * at once, and a writer that sleeps without a timer when there is nothing to write.
 */
class BatchingStderrAppenderTest {
    private final List<byte[]> written = Collections.synchronizedList(new ArrayList<>());
    private final LoggerContext context = new LoggerContext();

    private BatchingStderrAppender started() {
        // What the SLF4J provider gives the running context; a fresh one has none.
        context.setMDCAdapter(new LogbackMDCAdapter());
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%logger %msg%n");
        encoder.start();
        BatchingStderrAppender appender = new BatchingStderrAppender(written::add);
        appender.setContext(context);
        appender.setName("TEST");
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        return appender;
    }

    private String text() {
        StringBuilder all = new StringBuilder();
        synchronized (written) {
            written.forEach(bytes -> all.append(new String(bytes, StandardCharsets.UTF_8)));
        }
        return all.toString();
    }

    @Test
    void appendWhenEightThreadsLogAtOnceThenEveryLineInEachThreadsOrderWholeLinesAtMost4KbAWrite() throws Exception {
        BatchingStderrAppender appender = started();
        int threads = 8;
        int perThread = 5_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> loggers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Logger logger = context.getLogger("t" + t);
            loggers.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    logger.info("line {} {}", i, "x".repeat(i % 97));
                }
            }));
        }
        go.countDown();
        for (Thread t : loggers) {
            t.join();
        }
        appender.stop();

        List<String> lines = text().lines().toList();
        assertThat(lines).hasSize(threads * perThread);
        for (int t = 0; t < threads; t++) {
            String prefix = "t" + t + " line ";
            List<Integer> order = lines.stream().filter(l -> l.startsWith(prefix))
                    .map(l -> Integer.parseInt(l.substring(prefix.length()).split(" ")[0])).toList();
            assertThat(order).hasSize(perThread).isSorted();
        }
        synchronized (written) {
            assertThat(written).allSatisfy(bytes -> {
                assertThat(bytes.length).isLessThanOrEqualTo(BatchingStderrAppender.ATOMIC_WRITE);
                assertThat(bytes[bytes.length - 1]).isEqualTo((byte) '\n');
            });
        }
        // One write per line was logback's ConsoleAppender; here lines share writes.
        System.out.println("stderr appender: " + lines.size() + " lines in " + appender.writes() + " writes");
        assertThat(appender.writes()).isLessThan(lines.size() / 10);
    }

    @Test
    void appendWhenQuietThenWriterSleepsWithoutTimerAndTheNextLineIsWrittenAtOnce() throws Exception {
        BatchingStderrAppender appender = started();
        Logger logger = context.getLogger("quiet");
        logger.info("first");
        Thread writer = appender.writerThread();
        Instant deadline = Instant.now().plusSeconds(5);
        // Asleep without a timer once it has written and found nothing more.
        while (writer.getState() != Thread.State.WAITING && Instant.now().isBefore(deadline)) {
            Thread.sleep(5);
        }
        assertThat(writer.getState()).isEqualTo(Thread.State.WAITING);
        assertThat(text()).isEqualTo("quiet first\n");

        long before = System.nanoTime();
        logger.info("second");
        while (!text().contains("second") && System.nanoTime() - before < TimeUnit.SECONDS.toNanos(5)) {
            Thread.onSpinWait();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - before);
        assertThat(text()).isEqualTo("quiet first\nquiet second\n");
        // Woken by the event, not found by a timer: well under the gathering pause (10 ms) even on a busy machine.
        System.out.println("stderr appender: a line after a quiet spell written in " + took.toNanos() / 1000 + " µs");
        assertThat(took).isLessThan(Duration.ofMillis(500));
        appender.stop();
        assertThat(writer.isAlive()).isFalse();
    }

    @Test
    void appendWhenALineIsLongerThan4KbThenItIsWrittenWholeOnItsOwn() throws Exception {
        BatchingStderrAppender appender = started();
        Logger logger = context.getLogger("long");
        String big = "y".repeat(10_000);
        logger.info("a");
        logger.info(big);
        logger.info("b");
        appender.stop();
        assertThat(text()).isEqualTo("long a\nlong " + big + "\nlong b\n");
        synchronized (written) {
            assertThat(written).anySatisfy(bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("long " + big + "\n"));
        }
    }
}
