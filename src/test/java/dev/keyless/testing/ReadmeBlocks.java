package dev.keyless.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/** The README's shell blocks, and the {@code ./keyless} they call, for tests that run them literally. */
public final class ReadmeBlocks {

    private ReadmeBlocks() {
    }

    /** The first {@code count} {@code ```sh} blocks after the marker comment in README.md. */
    public static List<String> after(String marker, int count) throws IOException {
        String readme = Files.readString(Repo.root().resolve("README.md"));
        int at = readme.indexOf(marker);
        assertThat(at).as("README marker %s", marker).isNotNegative();
        List<String> blocks = new ArrayList<>();
        while (blocks.size() < count) {
            int start = readme.indexOf("```sh\n", at);
            assertThat(start).as("README block %d after %s", blocks.size() + 1, marker).isNotNegative();
            int end = readme.indexOf("\n```", start + 6);
            blocks.add(readme.substring(start + 6, end + 1));
            at = end + 4;
        }
        return blocks;
    }

    /** A {@code ./keyless} in {@code work} that runs the classes of this build (the launcher would build the jar first). */
    public static void launcher(Path work) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path script = work.resolve("keyless");
        String unsafe = Runtime.version().feature() >= 23 ? " --sun-misc-unsafe-memory-access=allow" : "";
        Files.writeString(script, "#!/usr/bin/env bash\nexec '" + java + "'" + unsafe + " --enable-native-access=ALL-UNNAMED -cp '"
                + System.getProperty("java.class.path") + "' dev.keyless.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
