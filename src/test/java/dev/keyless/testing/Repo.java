package dev.keyless.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and its neighbours are, for tests that run real clients or read fixtures. */
public final class Repo {
    private Repo() {}

    public static Path root() {
        String prop = System.getProperty("keyless.repo");
        return Path.of(prop != null ? prop : ".").toAbsolutePath().normalize();
    }

    /**
     * The test copy of the example configuration (src/test/resources/keyless.yaml). Tests never read
     * the keyless.yaml at the repository root: that one is the user's to edit.
     */
    public static Path exampleConfig() {
        return root().resolve("src/test/resources/keyless.yaml");
    }

    /** The text of {@link #exampleConfig()}. */
    public static String exampleYaml() {
        try {
            return Files.readString(exampleConfig());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static Path nodeModules() {
        return root().resolve(".ci/node/node_modules");
    }
}
