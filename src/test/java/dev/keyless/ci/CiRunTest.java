package dev.keyless.ci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.AwsClientEnv;
import dev.keyless.testing.InProcessCli;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import dev.keyless.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code keyless ci run} on a checkout whose {@code .gitlab-ci.yml} is the AWS job of GitLab's
 * "Configure OpenID Connect in AWS" page (https://docs.gitlab.com/ee/ci/cloud_services/aws/):
 * {@code id_tokens} with {@code aud: https://gitlab.com}, assume-role-with-web-identity with the
 * unmodified AWS CLI, the credentials read with jq, get-caller-identity. The example trust policy
 * allows only main of mygroup/myrepo, so a feature branch gets AccessDenied. Runner semantics
 * (https://docs.gitlab.com/ee/ci/yaml/#after_script): a failing command fails the job, after_script
 * still runs with CI_JOB_STATUS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CiRunTest {
    private static final String CI = """
            variables:
              ROLE_ARN: arn:aws:iam::111122223333:role/gitlab-deployer

            deploy:
              image: amazon/aws-cli:latest
              id_tokens:
                OIDC_TOKEN:
                  aud: https://gitlab.com
              script:
                - >
                  CREDS=$(aws sts assume-role-with-web-identity --role-arn "$ROLE_ARN"
                  --role-session-name "GitLabRunner-${CI_PROJECT_ID}-${CI_PIPELINE_ID}"
                  --web-identity-token "$OIDC_TOKEN" --duration-seconds 3600)
                - export AWS_ACCESS_KEY_ID=$(echo "$CREDS" | jq -r .Credentials.AccessKeyId)
                - export AWS_SECRET_ACCESS_KEY=$(echo "$CREDS" | jq -r .Credentials.SecretAccessKey)
                - export AWS_SESSION_TOKEN=$(echo "$CREDS" | jq -r .Credentials.SessionToken)
                - aws sts get-caller-identity
              after_script:
                - echo "after_script saw $CI_JOB_STATUS"

            deploy-token-file:
              id_tokens:
                OIDC_TOKEN:
                  aud: https://gitlab.com
              variables:
                AWS_ROLE_ARN: $ROLE_ARN
                AWS_ROLE_SESSION_NAME: token-file
                AWS_WEB_IDENTITY_TOKEN_FILE: $CI_PROJECT_DIR/.web-identity-token
              script:
                - echo "$OIDC_TOKEN" > "$AWS_WEB_IDENTITY_TOKEN_FILE"
                - aws sts get-caller-identity

            gcp:
              id_tokens:
                GITLAB_OIDC_TOKEN:
                  aud: //iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/gitlab-pool/providers/gitlab
              script:
                - echo "${GITLAB_OIDC_TOKEN}" > "$CI_PROJECT_DIR/.ci_job_jwt_file"
                - gcloud auth login --cred-file="$GCP_CRED_FILE"
                - gcloud auth print-access-token --verbosity=error | cut -c1-5

            broken:
              before_script:
                - echo "before ran"
              script:
                - echo "first"
                - "false"
                - echo "never printed"
              after_script:
                - echo "after_script saw $CI_JOB_STATUS"
            """;

    private Path dir;
    private Path repo;
    private KeylessTestServer server;
    private Path aws;

    @BeforeAll
    void start() throws Exception {
        aws = RealClients.awsCliV1();
        RealClients.require("jq", RealClients.onPath("jq"));
        dir = Files.createTempDirectory("keyless-ci-run");
        // The seed articles' job asks for aud https://gitlab.com: the provider and trust policy accept it.
        String yaml = Repo.exampleYaml()
                .replace("clientIds: [sts.amazonaws.com]", "clientIds: [\"https://gitlab.com\"]")
                .replace("\"127.0.0.1:8080:aud\": sts.amazonaws.com", "\"127.0.0.1:8080:aud\": \"https://gitlab.com\"");
        assertThat(yaml).contains("clientIds: [\"https://gitlab.com\"]").contains("aud\": \"https://gitlab.com\"");
        server = KeylessTestServer.start(dir.resolve("server"), yaml, Clock.systemUTC(), Map.of());
        repo = dir.resolve("checkout");
        Files.createDirectories(repo);
        Files.writeString(repo.resolve(".gitlab-ci.yml"), CI);
        for (List<String> git : List.of(List.of("git", "init", "-q", "-b", "main"),
                List.of("git", "remote", "add", "origin", "git@gitlab.example.com:mygroup/myrepo.git"),
                List.of("git", "-c", "user.email=t@example.com", "-c", "user.name=t", "add", "."),
                List.of("git", "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "ci"))) {
            var r = Processes.run(git, Map.of("HOME", dir.toString()), repo, Duration.ofSeconds(30), null);
            assertThat(r.exitCode()).as(r.all()).isZero();
        }
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private InProcessCli.Result run(String job, String... extra) throws Exception {
        Path home = Files.createTempDirectory(dir, "home");
        Map<String, String> env = new LinkedHashMap<>(AwsClientEnv.clean(home));
        env.put("PATH", aws.getParent() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        List<String> args = new ArrayList<>(List.of("ci", "run", job, "--config", server.configFile().toString()));
        args.addAll(List.of(extra));
        return InProcessCli.run(repo, Clock.systemUTC(), env, "", args.toArray(String[]::new));
    }

    @Test
    void runWhenMainThenUnmodifiedAwsCliAssumesTheRoleAndTheLogShowsEachCommand() throws Exception {
        var result = run("deploy");
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out())
                .contains("image: and services: are not run")
                .contains("ID token OIDC_TOKEN: aud \"https://gitlab.com\", sub project_path:mygroup/myrepo:ref_type:branch:ref:main")
                .contains("AWS_ENDPOINT_URL_STS=" + server.url())
                .contains("$ CREDS=$(aws sts assume-role-with-web-identity --role-arn \"$ROLE_ARN\"")
                .contains("$ export AWS_ACCESS_KEY_ID=$(echo \"$CREDS\" | jq -r .Credentials.AccessKeyId)")
                .contains("$ aws sts get-caller-identity")
                .contains("arn:aws:sts::111122223333:assumed-role/gitlab-deployer/GitLabRunner-")
                .contains("after_script saw success")
                .endsWith("Job succeeded\n");
    }

    @Test
    void runWhenFeatureBranchThenAccessDeniedAndTheJobFails() throws Exception {
        var result = run("deploy", "--ref", "feature/x");
        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        assertThat(result.out()).contains("AccessDenied")
                .contains("sub project_path:mygroup/myrepo:ref_type:branch:ref:feature/x")
                .doesNotContain("$ export AWS_ACCESS_KEY_ID")
                .contains("after_script saw failed")
                .contains("ERROR: Job failed: exit code");
    }

    @Test
    void runWhenTokenFileVariantThenTheCliAssumesTheRoleFromTheFile() throws Exception {
        var main = run("deploy-token-file");
        assertThat(main.exitCode()).as(main.all()).isZero();
        assertThat(main.out()).contains("assumed-role/gitlab-deployer/token-file").endsWith("Job succeeded\n");

        var feature = run("deploy-token-file", "--ref", "feature/x");
        assertThat(feature.exitCode()).as(feature.all()).isEqualTo(1);
        assertThat(feature.out()).contains("AccessDenied");
    }

    /**
     * GitLab's Google Cloud job (https://docs.gitlab.com/ee/ci/cloud_services/google_cloud/) logs in with
     * {@code gcloud auth login --cred-file}. The credential configuration is a project CI/CD file
     * variable here, pointing at Keyless ({@code gcloud ... create-cred-config} always writes Google's
     * URLs, which no environment variable redirects).
     */
    @Test
    void runWhenGcloudCredFileJobThenMainGetsAnAccessTokenAndOtherProjectsAreRefused() throws Exception {
        Path gcloud = RealClients.gcloud();
        Path cred = Files.createTempDirectory(dir, "gcp").resolve("cred.json");
        Files.writeString(cred, """
                {"universe_domain": "googleapis.com", "type": "external_account",
                 "audience": "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/gitlab-pool/providers/gitlab",
                 "subject_token_type": "urn:ietf:params:oauth:token-type:jwt",
                 "token_url": "%s/v1/token",
                 "service_account_impersonation_url": "%s/v1/projects/-/serviceAccounts/deployer@my-project.iam.gserviceaccount.com:generateAccessToken",
                 "credential_source": {"file": "%s", "format": {"type": "text"}}}
                """.formatted(server.url(), server.url(), repo.resolve(".ci_job_jwt_file")));
        Path home = Files.createTempDirectory(dir, "gcloud-home");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", home.toString());
        env.put("PATH", gcloud.getParent() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("CLOUDSDK_CONFIG", home.resolve("gcloud").toString());
        env.put("CLOUDSDK_CORE_DISABLE_PROMPTS", "1");
        env.put("CLOUDSDK_CORE_DISABLE_USAGE_REPORTING", "true");
        env.put("CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK", "true");
        env.put("CLOUDSDK_CORE_CHECK_GCE_METADATA", "false");
        var main = InProcessCli.run(repo, Clock.systemUTC(), env, "", "ci", "run", "gcp", "--config",
                server.configFile().toString(), "--variable", "GCP_CRED_FILE=" + cred);
        assertThat(main.exitCode()).as(main.all()).isZero();
        assertThat(main.out()).contains("$ gcloud auth login --cred-file=\"$GCP_CRED_FILE\"")
                .contains("Authenticated with external account credentials for: [deployer@my-project.iam.gserviceaccount.com]")
                .contains("ya29.").endsWith("Job succeeded\n");

        // Only mygroup/myrepo is bound to the service account: another project of the group is refused.
        var other = InProcessCli.run(repo, Clock.systemUTC(), env, "", "ci", "run", "gcp", "--config",
                server.configFile().toString(), "--variable", "GCP_CRED_FILE=" + cred, "--project-path", "mygroup/other");
        assertThat(other.exitCode()).as(other.all()).isEqualTo(1);
        assertThat(other.out()).contains("PERMISSION_DENIED").contains("ERROR: Job failed: exit code");
    }

    @Test
    void runWhenScriptFailsThenExitNonZeroLaterCommandsSkippedAndAfterScriptRuns() throws Exception {
        var result = run("broken");
        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        String out = result.out();
        assertThat(out).contains("$ echo \"before ran\"\nbefore ran\n$ echo \"first\"\nfirst\n$ false\n")
                .doesNotContain("never printed")
                .contains("Running after_script\n$ echo \"after_script saw $CI_JOB_STATUS\"\nafter_script saw failed\n")
                .endsWith("ERROR: Job failed: exit code 1\n");
    }
}
