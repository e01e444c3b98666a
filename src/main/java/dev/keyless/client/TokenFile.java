package dev.keyless.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The CI job's token file, read afresh on every call: CI systems and Kubernetes rewrite it before it
 * expires, and both helpers are invoked by clients that cache nothing of ours (AWS SDKs and Tools Reference Guide:
 * botocore re-reads its own web-identity file on every refresh; we do the same).
 */
public final class TokenFile {
    /** What reading the file gave: a token, or the reason there is none. */
    public sealed interface Read permits Present, Missing, Empty, Unreadable {}

    public record Present(SubjectToken token) implements Read {
        public Present {
            Objects.requireNonNull(token, "token");
        }
    }

    public record Missing(Path file) implements Read {}

    public record Empty(Path file) implements Read {}

    public record Unreadable(Path file, String detail) implements Read {}

    private TokenFile() {}

    /** Reads the file as UTF-8 and trims it: editors and {@code echo} add a trailing newline. */
    public static Read read(Path file) {
        Objects.requireNonNull(file, "file");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Missing(file);
        } catch (IOException e) {
            return new Unreadable(file, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        String trimmed = text.strip();
        return trimmed.isEmpty() ? new Empty(file) : new Present(new SubjectToken(trimmed));
    }

    /** A sentence for the user about a token that could not be read; never contains token text. */
    public static String describe(Read read) {
        return switch (read) {
            case Present p -> "token read";
            case Missing m -> "token file " + m.file() + " does not exist";
            case Empty e -> "token file " + e.file() + " is empty";
            case Unreadable u -> "token file " + u.file() + " cannot be read (" + u.detail() + ")";
        };
    }
}
