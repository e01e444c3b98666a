package dev.keyless.aws.iam;

import static dev.keyless.aws.iam.IamE2e.ACCOUNT;
import static dev.keyless.aws.iam.IamE2e.GITLAB_AUD;
import static dev.keyless.aws.iam.IamE2e.PROJECT;
import static dev.keyless.aws.iam.IamE2e.THUMBPRINT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seed articles' setup made with the AWS CLI's own IAM commands against Keyless, then used by
 * the token-file flow: create the OIDC provider and a role whose trust policy is the articles'
 * ({@code StringEquals} on aud and sub), {@code get-role} prints that policy as JSON, a main-branch
 * job gets credentials, a feature-branch job gets AccessDenied, and {@code update-assume-role-policy}
 * to a wildcard lets it in on the very next request. A second role with {@code StringLike} on
 * {@code release/*}. CLI v1 needs the JSON form of {@code --client-id-list}: it would fetch a bare
 * {@code https://gitlab.com} value as a URL.
 */
class IamAwsCliTest {
    @TempDir
    static Path dir;
    static KeylessTestServer server;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        server = IamE2e.server(dir.resolve("server"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Path cli(String version) {
        return version.equals("v1") ? RealClients.awsCliV1() : RealClients.awsCliV2();
    }

    /**
     * Debian's CLI v2 (2.9.19) predates the {@code AWS_ENDPOINT_URL_*} variables (CLI v2 2.13, AWS
     * SDKs and Tools Reference Guide, service-specific endpoints): it gets {@code --endpoint-url}.
     */
    private static Processes.Result aws(Path cli, Path home, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(cli.toString());
        command.addAll(List.of(args));
        if (!cli.equals(RealClients.awsCliV1())) {
            command.addAll(List.of("--endpoint-url", server.url()));
        }
        return IamE2e.run(command, env, home);
    }

    /**
     * A job's call: with v1 the token-file variables and {@code get-caller-identity}; v2 2.9 would
     * send its web-identity call to AWS, so it runs the explicit {@code assume-role-with-web-identity}.
     * The assumed-role ARN, or the CLI's error output.
     */
    private static String job(Path cli, Path home, String roleArn, String ref) throws Exception {
        String token = server.mint(GITLAB_AUD, PROJECT, ref);
        Map<String, String> env = IamE2e.webIdentityEnv(home, server, roleArn, token);
        Processes.Result r = cli.equals(RealClients.awsCliV1()) ? aws(cli, home, env, "sts", "get-caller-identity")
                : aws(cli, home, dev.keyless.testing.AwsClientEnv.clean(home), "sts", "assume-role-with-web-identity",
                        "--role-arn", roleArn, "--role-session-name", "gitlab-job", "--web-identity-token", token);
        if (r.exitCode() != 0) {
            return "ERROR " + r.stderr().strip();
        }
        JsonNode out = JSON.readTree(r.stdout());
        return out.has("Arn") ? out.path("Arn").asText() : out.path("AssumedRoleUser").path("Arn").asText();
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2"})
    void providerAndRoleCreatedWithTheCliWhenJobAssumesThenTrustPolicyDecidesAndUpdatesApplyAtOnce(String version,
            @TempDir Path home) throws Exception {
        Path cli = cli(version);
        String suffix = "-" + version;
        Map<String, String> admin = IamE2e.adminEnv(home.resolve("admin"), server);
        // The provider may already exist from the other CLI's run: same URL, same account.
        Processes.Result provider = aws(cli, home, admin, "iam", "create-open-id-connect-provider", "--url", server.url(),
                "--client-id-list", "[\"" + GITLAB_AUD + "\"]", "--thumbprint-list", THUMBPRINT);
        if (provider.exitCode() != 0) {
            assertThat(provider.stderr()).contains("(EntityAlreadyExists)");
        } else {
            assertThat(JSON.readTree(provider.stdout()).path("OpenIDConnectProviderArn").asText())
                    .isEqualTo(IamE2e.providerArn(server));
        }
        String mainOnly = IamE2e.trustPolicy(server, "StringEquals", IamE2e.sub("main"));
        Path trust = IamE2e.write(home.resolve("trust.json"), mainOnly);
        String role = "gitlab-oidc-prod" + suffix;
        JsonNode created = JSON.readTree(IamE2e.succeeded(aws(cli, home, admin, "iam", "create-role", "--role-name", role,
                "--assume-role-policy-document", "file://" + trust, "--description", "GitLab prod deploys")).stdout());
        assertThat(created.path("Role").path("Arn").asText()).isEqualTo(IamE2e.roleArn(role));
        assertThat(created.path("Role").path("RoleId").asText()).matches("AROA[A-Z2-7]{17}");

        JsonNode got = JSON.readTree(IamE2e.succeeded(aws(cli, home, admin, "iam", "get-role", "--role-name", role)).stdout());
        assertThat(got.path("Role").path("AssumeRolePolicyDocument")).isEqualTo(JSON.readTree(mainOnly));
        assertThat(got.path("Role").path("Description").asText()).isEqualTo("GitLab prod deploys");
        assertThat(got.path("Role").path("MaxSessionDuration").asInt()).isEqualTo(3600);

        String assumed = "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role + "/gitlab-job";
        assertThat(job(cli, home.resolve("main"), IamE2e.roleArn(role), "main")).isEqualTo(assumed);
        String feature = job(cli, home.resolve("feature"), IamE2e.roleArn(role), "feature/x");
        assertThat(feature).startsWith("ERROR").contains("(AccessDenied)").contains("AssumeRoleWithWebIdentity");

        Path wildcard = IamE2e.write(home.resolve("wildcard.json"),
                IamE2e.trustPolicy(server, "StringLike", "project_path:" + PROJECT + ":*"));
        IamE2e.succeeded(aws(cli, home, admin, "iam", "update-assume-role-policy", "--role-name", role,
                "--policy-document", "file://" + wildcard));
        assertThat(job(cli, home.resolve("feature2"), IamE2e.roleArn(role), "feature/x")).isEqualTo(assumed);

        // The second role of the articles: release branches only, by StringLike.
        String releaseRole = "gitlab-oidc-release" + suffix;
        Path releaseTrust = IamE2e.write(home.resolve("release.json"),
                IamE2e.trustPolicy(server, "StringLike", IamE2e.sub("release/*")));
        IamE2e.succeeded(aws(cli, home, admin, "iam", "create-role", "--role-name", releaseRole,
                "--assume-role-policy-document", "file://" + releaseTrust));
        assertThat(job(cli, home.resolve("release"), IamE2e.roleArn(releaseRole), "release/1.2"))
                .endsWith(":assumed-role/" + releaseRole + "/gitlab-job");
        assertThat(job(cli, home.resolve("main-on-release"), IamE2e.roleArn(releaseRole), "main"))
                .startsWith("ERROR").contains("(AccessDenied)");
    }
}
