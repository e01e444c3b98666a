package dev.keyless.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Log lines to stderr from one writer thread, many lines per {@code write(2)}: a logging thread (a
 * request's, for the access log) queues the event and returns. Written here rather than taken from
 * logback because logback's {@code AsyncAppender} wakes its worker for every event and its
 * {@code ConsoleAppender} writes every line with a system call of its own: on {@code GET /healthz}
 * at 4 connections 48% of that thread's CPU was being parked and woken and 23% the writes, 12 to
 * 23 µs per request of every endpoint (bench/RESULTS.md, round 5). Here the writer, once it has
 * written, waits {@link #GATHER} for more lines before it looks again, so under load it wakes about
 * 100 times a second whatever the rate and writes up to 4 KB at a time; when the queue is empty it sleeps without a timer and the
 * next event wakes it, so a line written after a quiet spell appears at once.
 *
 * <p>Nothing is dropped, as with the settings it replaces (discarding threshold 0, never-block
 * off): a full queue makes the logging thread wait. {@link #stop} writes what is queued first.
 */
final class BatchingStderrAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    static final int QUEUE_SIZE = 8192;
    /** How long the writer lets lines gather after a write: the most a line waits under load. */
    static final long GATHER = TimeUnit.MILLISECONDS.toNanos(10);
    /** PIPE_BUF on Linux: the largest write to a pipe that is never interleaved with another's. */
    static final int ATOMIC_WRITE = 4096;
    /** How long {@link #stop} waits for the queue to be written (logback's AsyncAppender: 1 s). */
    private static final long STOP_WAIT_MILLIS = 1000;

    private final BlockingQueue<ILoggingEvent> queue = new ArrayBlockingQueue<>(QUEUE_SIZE);
    /** True while the writer sleeps without a timer: the next event must wake it. */
    private final AtomicBoolean writerAsleep = new AtomicBoolean();
    private final Consumer<byte[]> output;
    private volatile boolean stopping;
    private volatile long writes;
    private Encoder<ILoggingEvent> encoder;
    private Thread writer;

    /** Writes to {@code System.err} as it is at each write (a test or the CLI may have replaced it). */
    BatchingStderrAppender() {
        this(bytes -> {
            System.err.write(bytes, 0, bytes.length);
            System.err.flush();
        });
    }

    BatchingStderrAppender(Consumer<byte[]> output) {
        this.output = Objects.requireNonNull(output, "output");
    }

    void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    Encoder<ILoggingEvent> getEncoder() {
        return encoder;
    }

    /** How many times lines were written: what batching saves is events minus this. */
    long writes() {
        return writes;
    }

    /** The writer thread, for tests: how it waits tells whether it sleeps on a timer. */
    Thread writerThread() {
        return writer;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("no encoder for appender " + getName());
            return;
        }
        stopping = false;
        writer = Thread.ofPlatform().name("keyless-log-writer").daemon(true).start(this::writeLoop);
        super.start();
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        stopping = true;
        LockSupport.unpark(writer);
        try {
            writer.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            addWarn("log writer did not finish within " + STOP_WAIT_MILLIS + " ms; " + queue.size() + " lines not written");
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        // The message, the thread's name and its MDC are read now, not on the writer's thread.
        event.prepareForDeferredProcessing();
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(event);
                break;
            } catch (InterruptedException e) {
                // As logback's AsyncAppender: the line is not lost to an interrupt; the flag is kept.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (writerAsleep.get() && writerAsleep.compareAndSet(true, false)) {
            LockSupport.unpark(writer);
        }
    }

    private void writeLoop() {
        List<ILoggingEvent> batch = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(ATOMIC_WRITE);
        while (true) {
            queue.drainTo(batch);
            if (batch.isEmpty()) {
                if (stopping) {
                    return;
                }
                // Said before looking once more: an event queued after the look sees the flag and wakes us.
                writerAsleep.set(true);
                if (queue.isEmpty() && !stopping) {
                    LockSupport.park(this);
                }
                writerAsleep.set(false);
                continue;
            }
            write(batch, bytes);
            batch.clear();
            if (!stopping) {
                LockSupport.parkNanos(this, GATHER);
            }
        }
    }

    /**
     * Whole lines, at most {@link #ATOMIC_WRITE} bytes a write (one longer line alone): stderr is
     * often a pipe (a container runtime, systemd), where only writes of up to PIPE_BUF bytes are
     * atomic (POSIX write(2); 4096 on Linux, pipe(7)), so no line is ever split by another writer's.
     */
    private void write(List<ILoggingEvent> batch, ByteArrayOutputStream bytes) {
        bytes.reset();
        for (ILoggingEvent event : batch) {
            byte[] line;
            try {
                line = encoder.encode(event);
            } catch (RuntimeException e) {
                addError("cannot format a log line of " + event.getLoggerName(), e);
                continue;
            }
            if (bytes.size() > 0 && bytes.size() + line.length > ATOMIC_WRITE) {
                flush(bytes);
            }
            bytes.writeBytes(line);
        }
        if (bytes.size() > 0) {
            flush(bytes);
        }
    }

    private void flush(ByteArrayOutputStream bytes) {
        try {
            output.accept(bytes.toByteArray());
            writes++;
        } catch (RuntimeException e) {
            addError("cannot write log lines", e);
        }
        bytes.reset();
    }
}
