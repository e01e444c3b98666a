package dev.keyless.aws.e2e;

import static dev.keyless.aws.e2e.AwsE2e.AUD;
import static dev.keyless.aws.e2e.AwsE2e.PROJECT;
import static dev.keyless.aws.e2e.AwsE2e.ROLE_ARN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's AWS CLI v2 (2.9.19). It predates {@code AWS_ENDPOINT_URL_STS} (CLI v2 2.13, AWS SDKs and Tools
 * Reference Guide, service-specific endpoints), so the explicit flow passes {@code --endpoint-url} to each command, as users of that package must.
 */
class AwsCliV2Test {
    @TempDir
    static Path dir;
    static KeylessTestServer server;
    static Path aws;

    @BeforeAll
    static void start() {
        aws = RealClients.awsCliV2();
        server = AwsE2e.exampleServer(dir.resolve("server"), new ShiftableClock());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void explicitFlowWhenDebianCliV2ThenAssumedRole(@TempDir Path home) {
        Path tokenFile = AwsE2e.tokenFile(home, server.mint(AUD, PROJECT, "main"));
        Map<String, String> env = AwsE2e.cleanEnv(home);
        env.put("AWS_CLI", aws.toString());
        env.put("TOKEN_FILE", tokenFile.toString());
        env.put("ROLE_ARN", ROLE_ARN);

        Processes.Result result = AwsE2e.succeeded(AwsE2e.run(
                List.of("bash", "-c", ExplicitFlow.script("--endpoint-url " + server.url())), env, home));

        assertThat(result.stdout()).contains(AwsE2e.assumedRoleArn("explicit-flow")).contains("111122223333");
    }

    @Test
    void assumeWhenFeatureBranchThenCliV2PrintsAccessDenied(@TempDir Path home) {
        Map<String, String> env = AwsE2e.cleanEnv(home);

        Processes.Result result = AwsE2e.run(List.of(aws.toString(), "sts", "assume-role-with-web-identity",
                "--endpoint-url", server.url(), "--role-arn", ROLE_ARN, "--role-session-name", "v2",
                "--web-identity-token", server.mint(AUD, PROJECT, "feature-x")), env, home);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("An error occurred (AccessDenied) when calling the "
                + "AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity");
    }
}
