package dev.keyless;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.Repo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Source text cites what any reader can open: RFC sections, the AWS, Google and GitLab public
 * documentation, or the project's own docs/. A reader of a clone has no briefing notes kept beside
 * the repository and no access to the tracker the code was planned in, so a comment that points
 * there explains nothing. Each failure names file:line and the text found.
 */
class SourceCommentsTest {

    /**
     * Briefing notes outside the repository (by folder or by their file names), the design and style
     * notes, and issue numbers. Written so that this file does not match itself.
     */
    static final Pattern PRIVATE_CITATION = Pattern.compile(String.join("|",
            "reference/[a-z-]+\\.md",
            "\\b(?:aws-sts|gcp-sts|gitlab-id-tokens|jwt-security|config-apis)\\.md",
            "\\bSTYLE\\.md", "\\bDESIGN\\.md",
            "\\b[Ii]ssue #?[0-9]+"));

    /** The folder beside the repository that held those notes and test vectors. */
    static final Pattern SHARED_FOLDER = Pattern.compile("\\.\\./shared\\b|resolveSibling\\(\"shared\"\\)");

    @Test
    void sourcesCiteNoPrivateFilesAndNoIssueNumbers() throws IOException {
        List<String> found = scan(committedFiles(), PRIVATE_CITATION);
        assertThat(found).as("citations of files outside the repository or of issue numbers").isEmpty();
    }

    @Test
    void theScanFindsWhatItLooksFor(@TempDir Path dir) throws IOException {
        // Guards the test above against a pattern that silently matches nothing.
        Path file = dir.resolve("Sample.java");
        String style = "STYLE" + ".md";
        Files.writeString(file, String.join("\n", "/** Clean line. */", "// see " + style + " practice 3",
                "/* (" + "issue" + " #7) */", " * reference/" + "aws-sts" + ".md §1", " * " + "gcp-sts" + ".md §2",
                " * " + "../" + "sha" + "red/testdata"));
        assertThat(scan(List.of(dir), PRIVATE_CITATION)).hasSize(4)
                .allMatch(line -> line.startsWith(file.toString()));
        assertThat(scan(List.of(dir), SHARED_FOLDER)).containsExactly(file + ":6: * " + "../" + "sha" + "red/testdata");
    }

    /**
     * Tests, the build, CI and scripts read nothing from the folder beside the repository: a fresh
     * clone must build and test on its own (the Wycheproof vectors are test resources). Any file that
     * does is listed as file:line.
     */
    @Test
    void testsBuildAndCiDoNotReadTheFolderBesideTheRepository() throws IOException {
        List<String> found = scan(committedFiles(), SHARED_FOLDER);
        assertThat(found).as("reads of the folder beside the repository").isEmpty();
    }

    /**
     * The code, plus everything else a reader of the repository reads or runs: docs, deployment
     * files, benchmarks, examples, CI scripts and the build.
     */
    static List<Path> committedFiles() {
        Path root = Repo.root();
        return Stream.of("src", "docs", "deploy", "bench", "examples", ".ci", "README.md", "keyless.yaml", "pom.xml",
                "keyless").map(root::resolve).toList();
    }

    static List<String> scan(List<Path> roots, Pattern pattern) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path start : roots) {
            if (!Files.exists(start)) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(start)) {
                files = walk.filter(Files::isRegularFile)
                        // Installed or generated, not written here (all in .gitignore).
                        // Relative to the scanned root, so where the clone lives does not matter.
                        .filter(p -> !start.relativize(p).toString()
                                .matches("(.*[/\\\\])?(node_modules|target|out|keyless-data)[/\\\\].*"))
                        .sorted().toList();
            }
            for (Path file : files) {
                // ISO-8859-1 decodes any byte, so a binary fixture cannot stop the scan.
                List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
                for (int i = 0; i < lines.size(); i++) {
                    if (pattern.matcher(lines.get(i)).find()) {
                        found.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        return found;
    }
}
