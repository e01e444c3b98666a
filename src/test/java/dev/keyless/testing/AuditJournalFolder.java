package dev.keyless.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * For tests that read a running server's SQLite audit table with plain SQL: the server acknowledges
 * an event once it is in its audit journal and moves it into the table within an interval (README,
 * "Why was I denied?"); {@code keyless audit} waits for that move, and so must a test reading the
 * table itself, or an event answered just now would be missing.
 */
public final class AuditJournalFolder {
    private AuditJournalFolder() {}

    /** Waits (at most 10 s) until {@code dataFolder}'s audit journal holds no file: every acknowledged event is in the table. */
    public static void awaitCommitted(Path dataFolder) {
        Path journal = dataFolder.resolve("audit-journal");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (var files = Files.list(journal)) {
                if (files.findAny().isEmpty()) {
                    return;
                }
            } catch (NoSuchFileException none) {
                return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the server's audit journal " + journal + " was not committed in 10 s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
