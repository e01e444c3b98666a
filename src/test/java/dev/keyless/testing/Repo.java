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

    /** {@code ../shared} beside the repository (reference files and test vectors). */
    public static Path shared() {
        Path p = root().resolveSibling("shared");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("../shared is missing beside " + root());
        }
        return p;
    }

    public static Path nodeModules() {
        return root().resolve(".ci/node/node_modules");
    }
}
