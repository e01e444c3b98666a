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

    private static Processes.Result aws(Path cli, Path home, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(cli.toString());
        command.addAll(List.of(args));
        return IamE2e.run(command, env, home);
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

        Path mainJob = home.resolve("main");
        Processes.Result main = aws(cli, mainJob, IamE2e.webIdentityEnv(mainJob, server, IamE2e.roleArn(role),
                server.mint(GITLAB_AUD, PROJECT, "main")), "sts", "get-caller-identity");
        assertThat(JSON.readTree(IamE2e.succeeded(main).stdout()).path("Arn").asText())
                .isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role + "/gitlab-job");

        Path featureJob = home.resolve("feature");
        Map<String, String> featureEnv = IamE2e.webIdentityEnv(featureJob, server, IamE2e.roleArn(role),
                server.mint(GITLAB_AUD, PROJECT, "feature/x"));
        Processes.Result feature = aws(cli, featureJob, featureEnv, "sts", "get-caller-identity");
        assertThat(feature.exitCode()).isNotZero();
        assertThat(feature.stderr()).contains("(AccessDenied)").contains("AssumeRoleWithWebIdentity");

        Path wildcard = IamE2e.write(home.resolve("wildcard.json"),
                IamE2e.trustPolicy(server, "StringLike", "project_path:" + PROJECT + ":*"));
        IamE2e.succeeded(aws(cli, home, admin, "iam", "update-assume-role-policy", "--role-name", role,
                "--policy-document", "file://" + wildcard));
        Processes.Result after = aws(cli, featureJob, featureEnv, "sts", "get-caller-identity");
        assertThat(JSON.readTree(IamE2e.succeeded(after).stdout()).path("Arn").asText()).endsWith(role + "/gitlab-job");

        // The second role of the articles: release branches only, by StringLike.
        String releaseRole = "gitlab-oidc-release" + suffix;
        Path releaseTrust = IamE2e.write(home.resolve("release.json"),
                IamE2e.trustPolicy(server, "StringLike", IamE2e.sub("release/*")));
        IamE2e.succeeded(aws(cli, home, admin, "iam", "create-role", "--role-name", releaseRole,
                "--assume-role-policy-document", "file://" + releaseTrust));
        Path releaseJob = home.resolve("release");
        IamE2e.succeeded(aws(cli, releaseJob, IamE2e.webIdentityEnv(releaseJob, server, IamE2e.roleArn(releaseRole),
                server.mint(GITLAB_AUD, PROJECT, "release/1.2")), "sts", "get-caller-identity"));
        Path mainOnRelease = home.resolve("main-on-release");
        Processes.Result refused = aws(cli, mainOnRelease, IamE2e.webIdentityEnv(mainOnRelease, server,
                IamE2e.roleArn(releaseRole), server.mint(GITLAB_AUD, PROJECT, "main")), "sts", "get-caller-identity");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("(AccessDenied)");
    }
}
