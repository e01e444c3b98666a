package dev.keyless.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite data folder holds the key ring, the sealing keys and the audit log: under the common
 * umask 022 it must still be 0700 and every file in it 0600, not world-readable.
 */
class DataFolderPermissionsTest {
    @TempDir
    Path dir;

    @Test
    void serveUnderUmask022ThenDataFolderIs0700AndDatabaseFiles0600() throws Exception {
        List<String> files;
        try (HardeningNode node = HardeningNode.start(dir, y -> y, "umask 022")) {
            assertThat(node.assumeRole(node.ciToken()).minted()).isTrue(); // writes: audit row, sealing key
            Path data = dir.resolve("keyless-data");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            // Every file and folder below it, the audit journal's too (written with each request).
            try (Stream<Path> list = Files.walk(data)) {
                files = list.filter(f -> !f.equals(data)).map(f -> data.relativize(f) + " " + perms(f)).sorted().toList();
            }
        }
        System.out.println("[item 12] keyless-data rwx------, files: " + files);
        assertThat(files).contains("keyless.db rw-------", "keyless.db-wal rw-------", "keyless.db-shm rw-------",
                        "audit-journal rwx------")
                .allSatisfy(f -> assertThat(f).matches(f.startsWith("audit-journal ") ? ".* rwx------" : ".* rw-------"));
    }

    private static String perms(Path f) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
