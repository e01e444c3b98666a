package dev.keyless.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationIndexTest {
    @Test
    void theIndexNamesEveryMigrationInTheFolderAndNothingElse() throws IOException {
        Path folder = Path.of("src/main/resources", MigrationRunner.LOCATION);
        Stream<Path> files = Files.list(folder);
        var onDisk = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList();
        files.close();
        var indexed = Files.readAllLines(folder.resolve("index")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).sorted().toList();
        assertThat(indexed).isEqualTo(onDisk);
        assertThat(MigrationRunner.load()).hasSize(onDisk.size());
        assertThat(MigrationRunner.load().lastKey()).isEqualTo(onDisk.size());
    }
}
