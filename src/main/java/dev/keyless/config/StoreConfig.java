package dev.keyless.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code store:} either a bare JDBC URL or {@code {url, masterKeyFile, username, password}}. A relative
 * SQLite file in {@code jdbcUrl} is already resolved against the config folder.
 * {@code masterKeyFile} holds the key that encrypts private and sealing keys at rest;
 * when absent, {@code KEYLESS_MASTER_KEY} or a generated file in the data folder is used by the store.
 */
public record StoreConfig(String jdbcUrl, Optional<Path> masterKeyFile, Optional<String> username,
        Optional<String> password) {

    public static final String DEFAULT_JDBC_URL = "jdbc:sqlite:./keyless-data/keyless.db";

    public StoreConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(masterKeyFile, "masterKeyFile");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    public boolean isSqlite() {
        return jdbcUrl.startsWith("jdbc:sqlite:");
    }

    /** Never prints the password (secrets never logged). */
    @Override
    public String toString() {
        return "StoreConfig[jdbcUrl=" + jdbcUrl + ", masterKeyFile=" + masterKeyFile + ", username=" + username
                + ", password=" + password.map(p -> "(set)").orElse("(none)") + "]";
    }
}
