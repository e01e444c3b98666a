package dev.keyless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.testing.InProcessCli;
import dev.keyless.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keyless token --ttl}: a lifetime above {@code issuer.maxTtl} (24h in the example) is refused naming both. */
class TokenTtlTest {
    @TempDir
    Path dir;

    private InProcessCli.Result token(String ttl) throws Exception {
        Path config = dir.resolve("keyless.yaml");
        if (!Files.exists(config)) {
            Files.writeString(config, Repo.exampleYaml());
        }
        return InProcessCli.run(dir, Clock.systemUTC(), "", "token", "--config", config.toString(), "--aud",
                "sts.amazonaws.com", "--project-path", "mygroup/myrepo", "--ref", "main", "--ttl", ttl);
    }

    @Test
    void tokenWhenTtlAboveMaxTtlThenRefusedNamingBothAndNothingPrinted() throws Exception {
        var result = token("48h");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("--ttl 48h (172800s)").contains("issuer.maxTtl 24h (86400s)");
    }

    @Test
    void tokenWhenTtlWithinMaxTtlThenItIsTheLifetime() throws Exception {
        var result = token("24h");
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(result.out().strip().split("\\.")[1]));
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(86400);
    }
}
