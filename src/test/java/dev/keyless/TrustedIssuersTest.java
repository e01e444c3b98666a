package dev.keyless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.config.ConfigException;
import dev.keyless.config.ConfigLoader;
import dev.keyless.config.KeylessConfig;
import dev.keyless.oidc.KeySource;
import dev.keyless.oidc.TrustedIssuer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How configured providers become the verifier's trusted issuers (key source, pinned CA, leeway). */
class TrustedIssuersTest {
    @TempDir
    Path dir;

    private KeylessConfig load(String providers) throws Exception {
        Path file = dir.resolve("keyless.yaml");
        Files.writeString(file, """
                verification: {leeway: 30s}
                aws:
                  accounts:
                    "111122223333":
                      openIdConnectProviders:
                %s
                """.formatted(providers));
        return ConfigLoader.load(file);
    }

    @Test
    void forAwsAccountWhenCaFileGivenThenPinnedCaAndRelativePathResolved() throws Exception {
        Files.writeString(dir.resolve("private-ca.pem"), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        KeylessConfig config = load("""
                        - url: https://gitlab.internal
                          clientIds: [sts.amazonaws.com]
                          caFile: ./private-ca.pem
                """);
        TrustedIssuer issuer = new TrustedIssuers(config, () -> "{\"keys\":[]}").forAwsAccount("111122223333")
                .find("https://gitlab.internal").orElseThrow();
        assertThat(issuer.pinnedCaFile()).contains(dir.resolve("private-ca.pem").toAbsolutePath().normalize());
        assertThat(issuer.keySource()).isEqualTo(new KeySource.Discovery(java.net.URI.create("https://gitlab.internal")));
        assertThat(issuer.leeway()).hasSeconds(30);
    }

    @Test
    void forAwsAccountWhenNoCaFileThenJdkTrustStoreAndOtherIssuersUnknown() throws Exception {
        KeylessConfig config = load("""
                        - url: https://gitlab.com
                          clientIds: [sts.amazonaws.com]
                """);
        var lookup = new TrustedIssuers(config, () -> "{\"keys\":[]}").forAwsAccount("111122223333");
        assertThat(lookup.find("https://gitlab.com").orElseThrow().pinnedCaFile()).isEmpty();
        assertThat(lookup.find("https://gitlab.com/")).as("iss must match exactly").isEmpty();
    }

    @Test
    void loadWhenCaFileMissingThenConfigErrorNamesKeyAndFile() {
        assertThatThrownBy(() -> load("""
                        - url: https://gitlab.internal
                          clientIds: [sts.amazonaws.com]
                          caFile: ./nope.pem
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("openIdConnectProviders[0].caFile")
                .hasMessageContaining("file not found")
                .hasMessageContaining("nope.pem");
    }
}
