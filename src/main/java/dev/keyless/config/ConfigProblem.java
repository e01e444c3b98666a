package dev.keyless.config;

import java.util.Objects;

/**
 * One config error: where it is (file, 1-based line and column, key path), what is wrong and how to
 * fix it. Rendered as {@code keyless.yaml:12:5: a.b.c: message. Hint: hint}.
 */
public record ConfigProblem(String file, int line, int column, String path, String message, String hint) {

    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(hint, "hint");
    }

    @Override
    public String toString() {
        String text = file + ":" + line + ":" + column + ": " + path + ": " + message;
        return hint.isEmpty() ? text : text + ". Hint: " + hint;
    }
}
