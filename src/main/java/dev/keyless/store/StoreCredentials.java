package dev.keyless.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The user and password the store logs in with (PostgreSQL; SQLite ignores them). The password
 * comes, first found wins, from {@value #PASSWORD_ENV}, from the file named by
 * {@value #PASSWORD_FILE_ENV} (a mounted Kubernetes or Docker secret), or from {@code store.password}
 * — so a deployment can keep the password out of the config file. With none, the JDBC driver falls
 * back to its own sources (a password in the URL, or the PGPASSFILE / ~/.pgpass file).
 * Prints only whether a password is set.
 */
public record StoreCredentials(Optional<String> username, Optional<String> password) {
    public static final String PASSWORD_ENV = "KEYLESS_STORE_PASSWORD";
    public static final String PASSWORD_FILE_ENV = "KEYLESS_STORE_PASSWORD_FILE";
    public static final StoreCredentials NONE = new StoreCredentials(Optional.empty(), Optional.empty());

    public StoreCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /** {@code configUsername}/{@code configPassword} are {@code store.username}/{@code store.password}. */
    public static StoreCredentials resolve(Optional<String> configUsername, Optional<String> configPassword,
            Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        Optional<String> password = nonBlank(env.get(PASSWORD_ENV))
                .or(() -> nonBlank(env.get(PASSWORD_FILE_ENV)).map(StoreCredentials::readPasswordFile))
                .or(() -> configPassword);
        return new StoreCredentials(configUsername, password);
    }

    private static String readPasswordFile(String file) {
        try {
            // A trailing newline is an artefact of `echo secret > file`, never part of the password.
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("store: cannot read the password file named by " + PASSWORD_FILE_ENV
                    + " (" + file + ")", e);
        }
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    @Override
    public String toString() {
        return "StoreCredentials[username=" + username.orElse("(driver default)") + ", password="
                + password.map(p -> "(set)").orElse("(none)") + "]";
    }
}
