package dev.keyless.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * The executable source's {@code output_file}, which google-auth passes to the executable as
 * {@code GOOGLE_EXTERNAL_ACCOUNT_OUTPUT_FILE}. The libraries only read it: before running the
 * executable they use a successful response found there while its {@code expiration_time} is in
 * the future (pluggable.py {@code retrieve_subject_token}; Java {@code getCachedExecutableResponse}).
 * Writing it is the executable's job. It holds the token, so it is written owner-only and replaced
 * atomically: a reader never sees half a file (Java fails hard on a malformed one).
 */
public final class OutputFileCache {
    private OutputFileCache() {}

    public static void write(Path file, String json) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(json, "json");
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".keyless-", ".tmp");
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
