package dev.keyless.aws.e2e;

import static dev.keyless.aws.e2e.AwsE2e.AUD;
import static dev.keyless.aws.e2e.AwsE2e.PROJECT;
import static dev.keyless.aws.e2e.AwsE2e.ROLE_ARN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The AWS CLI v1 (pip, botocore ≥ 1.31, so {@code AWS_ENDPOINT_URL_STS} redirects its web-identity
 * provider) against the example keyless.yaml: the token-file method of the seed articles, the
 * explicit flow, and the refusals it must print with AWS's codes.
 */
class AwsCliV1Test {
    @TempDir
    static Path dir;
    static final ShiftableClock clock = new ShiftableClock();
    static KeylessTestServer server;
    static Path aws;

    @BeforeAll
    static void start() {
        aws = RealClients.awsCliV1();
        // The store's first signing key is created "25 minutes ago", so a test can mint in the past.
        clock.shift(Duration.ofMinutes(-25));
        server = AwsE2e.exampleServer(dir.resolve("server"), clock);
        clock.shift(Duration.ZERO);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void realTime() {
        clock.shift(Duration.ZERO);
    }

    private Processes.Result getCallerIdentity(Map<String, String> env, Path home) {
        return AwsE2e.run(List.of(aws.toString(), "sts", "get-caller-identity", "--output", "json"), env, home);
    }

    @Test
    void getCallerIdentityWhenTokenFileVariablesThenAssumedRoleArnAndAccount(@TempDir Path home) throws Exception {
        Path tokenFile = AwsE2e.tokenFile(home, server.mint(AUD, PROJECT, "main"));

        Processes.Result result = AwsE2e.succeeded(getCallerIdentity(
                AwsE2e.webIdentityEnv(home, server, tokenFile, "gitlab-job-42"), home));

        JsonNode identity = new ObjectMapper().readTree(result.stdout());
        assertThat(identity.get("Arn").asText()).isEqualTo(AwsE2e.assumedRoleArn("gitlab-job-42"));
        assertThat(identity.get("Account").asText()).isEqualTo("111122223333");
        assertThat(identity.get("UserId").asText()).matches("AROA[A-Z2-7]{17}:gitlab-job-42");
    }

    @Test
    void explicitFlowWhenAssumeThenExportThenGetCallerIdentityThenAssumedRole(@TempDir Path home) {
        Path tokenFile = AwsE2e.tokenFile(home, server.mint(AUD, PROJECT, "main"));
        Map<String, String> env = AwsE2e.cleanEnv(home);
        env.put("AWS_ENDPOINT_URL_STS", server.url());
        env.put("AWS_CLI", aws.toString());
        env.put("TOKEN_FILE", tokenFile.toString());
        env.put("ROLE_ARN", ROLE_ARN);

        Processes.Result result = AwsE2e.succeeded(AwsE2e.run(List.of("bash", "-c", ExplicitFlow.script("")), env, home));

        assertThat(result.stdout()).contains(AwsE2e.assumedRoleArn("explicit-flow")).contains("111122223333");
    }

    @Test
    void getCallerIdentityWhenFeatureBranchTokenThenAccessDenied(@TempDir Path home) {
        Path tokenFile = AwsE2e.tokenFile(home, server.mint(AUD, PROJECT, "feature-x"));

        Processes.Result result = getCallerIdentity(AwsE2e.webIdentityEnv(home, server, tokenFile, "feature"), home);

        assertThat(result.exitCode()).isNotZero();
        // explainDenials: true in the example config appends the decisive check.
        assertThat(result.stderr()).contains("An error occurred (AccessDenied) when calling the "
                + "AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity (Keyless: ")
                .contains("sub");
    }

    @Test
    void getCallerIdentityWhenSessionTokenHasOneFlippedByteThenInvalidClientTokenId(@TempDir Path home) {
        Credentials c = AwsE2e.assume(server, 3600);
        String token = c.sessionToken();
        int i = token.length() / 2;
        String flipped = token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);

        Processes.Result result = getCallerIdentity(AwsE2e.credentialsEnv(home, server, c.toBuilder()
                .sessionToken(flipped).build()), home);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity"
                + " operation: The security token included in the request is invalid.");
    }

    @Test
    void getCallerIdentityWhenCredentialsPastExpiryThenExpiredToken(@TempDir Path home) {
        // Minted 20 minutes "ago" for 15 minutes: the credentials expired 5 minutes before now.
        clock.shift(Duration.ofMinutes(-20));
        Credentials c = AwsE2e.assume(server, 900);
        clock.shift(Duration.ZERO);

        Processes.Result result = getCallerIdentity(AwsE2e.credentialsEnv(home, server, c), home);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("An error occurred (ExpiredToken) when calling the GetCallerIdentity"
                + " operation: The security token included in the request is expired");
    }

    @Test
    void getCallerIdentityWhenRequestDatedSixteenMinutesAgoThenSignatureDoesNotMatch(@TempDir Path home) {
        Credentials c = AwsE2e.assume(server, 3600);
        // The CLI signs with the real time; to the server that is 16 minutes ago.
        clock.shift(Duration.ofMinutes(16));

        Processes.Result result = getCallerIdentity(AwsE2e.credentialsEnv(home, server, c), home);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("An error occurred (SignatureDoesNotMatch) when calling the "
                + "GetCallerIdentity operation: Signature expired: ").contains(" - 15 min.)");
    }
}
