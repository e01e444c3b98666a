package dev.keyless.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.keyless.resources.ResourceSnapshot;
import org.junit.jupiter.api.Test;

/** The store password (a mapping key or a JDBC URL parameter) never reaches the exported text. */
class ConfigExportRedactionTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void passwordKeyIsLeftOutAndNamedInAComment() throws Exception {
        String out = ConfigExport.render(YAML.readTree(
                "store: {url: 'jdbc:postgresql://db/keyless', username: k, password: s3cret-value}\n"),
                ResourceSnapshot.EMPTY);
        assertThat(out).doesNotContain("s3cret-value").contains("# store.password: left out (a secret)")
                .contains("username: \"k\"");
    }

    @Test
    void passwordInTheJdbcUrlIsRedacted() throws Exception {
        String out = ConfigExport.render(YAML.readTree(
                "store: 'jdbc:postgresql://db/keyless?user=k&password=s3cret-value&ssl=true'\n"),
                ResourceSnapshot.EMPTY);
        assertThat(out).doesNotContain("s3cret-value").contains("password=REDACTED&ssl=true")
                .contains("# store: the password in the JDBC URL is replaced by REDACTED");
    }
}
