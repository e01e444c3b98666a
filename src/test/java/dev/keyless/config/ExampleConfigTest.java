package dev.keyless.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.Repo;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example keyless.yaml (its test copy; the one at the root is the user's) is valid and says what the README says. */
class ExampleConfigTest {

    private static final Path EXAMPLE = Repo.exampleConfig();

    @Test
    void loadWhenRepositoryExampleThenValidAndLocal() throws ConfigException {
        KeylessConfig c = ConfigLoader.load(EXAMPLE);

        assertThat(c.server().publicUrl()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(c.issuer().url()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(c.store().jdbcUrl()).isEqualTo("jdbc:sqlite:" + c.baseDir().resolve("keyless-data/keyless.db"));
        IssuerClient client = c.issuer().clients().get(0);
        assertThat(client.name()).isEqualTo("local-runner");
        assertThat(client.secretSha256()).isEqualTo(sha256Hex("dev-secret-change-me"));
        assertThat(client.projects()).containsExactly("mygroup/*");
    }

    @Test
    void loadWhenRepositoryExampleThenAwsTrustsBuiltInIssuerForMainBranch() throws ConfigException {
        AwsAccount account = ConfigLoader.load(EXAMPLE).aws().account("111122223333").orElseThrow();
        OidcProviderConfig provider = account.providerForIssuer("http://127.0.0.1:8080").orElseThrow();
        assertThat(provider.clientIds()).containsExactly("sts.amazonaws.com");
        assertThat(provider.providerArn()).isEqualTo("arn:aws:iam::111122223333:oidc-provider/127.0.0.1:8080");
        RoleConfig role = account.role("gitlab-deployer").orElseThrow();
        assertThat(role.assumeRolePolicyJson())
                .contains("\"Federated\":\"arn:aws:iam::111122223333:oidc-provider/127.0.0.1:8080\"")
                .contains("\"127.0.0.1:8080:sub\":\"project_path:mygroup/myrepo:ref_type:branch:ref:main\"")
                .contains("\"127.0.0.1:8080:aud\":\"sts.amazonaws.com\"");
    }

    @Test
    void loadWhenRepositoryExampleThenGcpPoolProviderAndBinding() throws ConfigException {
        GcpProject project = ConfigLoader.load(EXAMPLE).gcp().projectByNumber("123456789012").orElseThrow();
        assertThat(project.projectId()).isEqualTo("my-project");
        PoolProvider provider = project.pools().get("gitlab-pool").providers().get("gitlab");
        assertThat(provider.issuerUri()).isEqualTo("http://127.0.0.1:8080");
        assertThat(provider.attributeMapping()).containsKeys("google.subject", "attribute.project_path",
                "attribute.namespace_path", "attribute.ref");
        assertThat(provider.attributeCondition()).contains("assertion.namespace_path == \"mygroup\"");
        ServiceAccountConfig sa = project.serviceAccount("deployer@my-project.iam.gserviceaccount.com").orElseThrow();
        assertThat(sa.members(ServiceAccountConfig.WORKLOAD_IDENTITY_USER)).isEqualTo(List.of(
                "principalSet://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/"
                        + "gitlab-pool/attribute.project_path/mygroup/myrepo"));
    }

    private static String sha256Hex(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
