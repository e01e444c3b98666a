package dev.keyless.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The start-up cache the {@code keyless} launcher records from the first run of a command (JDK 25:
 * {@code -XX:AOTMode=record}, JEP 483). The JVM writes the recording when it exits, whatever the run
 * did; a run that ended in a usage or configuration error loaded a fraction of the command's classes,
 * and a cache made from it would slow every later start of that command. Such a run leaves a marker
 * beside the recording ({@code <recording>.discard}) and the launcher drops both instead of making a
 * cache, so the next run records again.
 */
final class StartupCacheRecording {
    /** Set by the launcher on a recording run: the file the JVM writes the recording to. */
    static final String PROPERTY = "keyless.startupCacheRecording";

    private StartupCacheRecording() {}

    static void discardIfUnrepresentative(int exitCode) {
        String recording = System.getProperty(PROPERTY);
        if (recording == null || exitCode != ExitCodes.USAGE) {
            return;
        }
        try {
            Files.writeString(Path.of(recording + ".discard"), "");
        } catch (IOException | InvalidPathException e) {
            // Without the marker the cache is made from this run: slower starts, the same behaviour.
        }
    }
}
