package dev.keyless.aws.e2e;

import static dev.keyless.aws.e2e.AwsE2e.AUD;
import static dev.keyless.aws.e2e.AwsE2e.PROJECT;
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
 * The AWS SDK for JavaScript v3: {@code @aws-sdk/client-sts} with {@code fromTokenFile} (from
 * {@code @aws-sdk/credential-providers}), which reads the same web-identity variables and calls
 * AssumeRoleWithWebIdentity on the endpoint in {@code AWS_ENDPOINT_URL_STS}; the client itself
 * is given the endpoint explicitly.
 */
class NodeSdkTest {
    @TempDir
    static Path dir;
    static KeylessTestServer server;
    static Path node;
    static Path modules;

    private static final String SCRIPT = String.join("\n",
            "const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');",
            "const { fromTokenFile } = require('@aws-sdk/credential-providers');",
            "const endpoint = process.env.AWS_ENDPOINT_URL_STS;",
            "const credentials = fromTokenFile({ clientConfig: { region: 'us-east-1', endpoint } });",
            "new STSClient({ region: 'us-east-1', endpoint, credentials })",
            "  .send(new GetCallerIdentityCommand({}))",
            "  .then(r => console.log(JSON.stringify({ arn: r.Arn, account: r.Account })))",
            "  .catch(e => { console.error(e.name + ': ' + e.message); process.exit(1); });", "");

    @BeforeAll
    static void start() {
        node = RealClients.node();
        modules = RealClients.nodeModules();
        server = AwsE2e.exampleServer(dir.resolve("server"), new ShiftableClock());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void fromTokenFileWhenMainBranchThenGetCallerIdentityAnswersAssumedRole(@TempDir Path home) {
        Path tokenFile = AwsE2e.tokenFile(home, server.mint(AUD, PROJECT, "main"));
        Path script = AwsE2e.write(home.resolve("gci.js"), SCRIPT);
        Map<String, String> env = AwsE2e.webIdentityEnv(home, server, tokenFile, "node-job");
        env.put("NODE_PATH", modules.toString());

        Processes.Result result = AwsE2e.succeeded(AwsE2e.run(List.of(node.toString(), script.toString()), env, home));

        assertThat(result.stdout()).contains("\"arn\":\"" + AwsE2e.assumedRoleArn("node-job") + "\"")
                .contains("\"account\":\"111122223333\"");
    }
}
