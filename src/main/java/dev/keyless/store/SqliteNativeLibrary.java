package dev.keyless.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Points sqlite-jdbc at a copy of its native library extracted once, instead of at every start.
 *
 * <p>By default sqlite-jdbc copies the library out of the jar into {@code java.io.tmpdir} under a new
 * name at every start and compares the copy with the jar's byte by byte before loading it (about
 * 50 ms of a command's start, bench/RESULTS.md). sqlite-jdbc loads the library named by the system
 * properties {@code org.sqlite.lib.path} and {@code org.sqlite.lib.name} when they are set
 * (https://github.com/xerial/sqlite-jdbc#how-does-sqlite-jdbc-work). The launcher names a folder per
 * jar content ({@code keyless.native.dir}); the library is extracted there once, under a temporary
 * name then renamed into place (atomic: a concurrent start sees no file or a whole one), and every
 * later start loads it. Without that property, or when the properties are set already, sqlite-jdbc
 * keeps its own behaviour.
 */
final class SqliteNativeLibrary {
    static final String DIR_PROPERTY = "keyless.native.dir";

    private SqliteNativeLibrary() {}

    static void useCachedCopy() {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir == null || dir.isBlank() || System.getProperty("org.sqlite.lib.path") != null) {
            return;
        }
        String name = LibraryLoaderUtil.getNativeLibName();
        // A folder per platform from the JVM's own properties: sqlite-jdbc's name for it (OSInfo) costs
        // about 10 ms at every start (it inspects the system), and is only needed to extract.
        Path folder = Path.of(dir, (System.getProperty("os.name") + "-" + System.getProperty("os.arch")).replaceAll("[^A-Za-z0-9._-]", "_"));
        Path library = folder.resolve(name);
        try {
            if (!Files.isRegularFile(library)) {
                String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name;
                try (InputStream in = SqliteNativeLibrary.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        return; // no library for this platform in the jar: sqlite-jdbc's own search
                    }
                    Files.createDirectories(folder);
                    Path part = Files.createTempFile(folder, name, ".part");
                    try {
                        Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(part, library, StandardCopyOption.ATOMIC_MOVE);
                    } finally {
                        Files.deleteIfExists(part);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return; // a read-only or full disk: sqlite-jdbc extracts to its temporary folder as before
        }
        // Process-wide by nature: sqlite-jdbc reads these once, at its first connection.
        System.setProperty("org.sqlite.lib.path", folder.toAbsolutePath().toString());
        System.setProperty("org.sqlite.lib.name", name);
    }
}
