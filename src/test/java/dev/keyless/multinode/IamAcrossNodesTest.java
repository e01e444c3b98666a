package dev.keyless.multinode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.aws.iam.AdminAccessKeys;
import dev.keyless.keys.MasterKey;
import dev.keyless.store.StoreCredentials;
import dev.keyless.testing.AwsClientEnv;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * A role created through the IAM API of node A (boto3, administrator key) is assumable through node
 * B within 2 seconds, and a node started afterwards on the same PostgreSQL still has it.
 */
class IamAcrossNodesTest {
    private static final String ACCOUNT = "111122223333";
    private static final String ROLE = "api-deployer";

    @TempDir
    static Path dir;
    static PasswordPostgres postgres;
    static String yaml;
    static Map<String, String> env;
    static KeylessTestServer nodeA;
    static KeylessTestServer nodeB;

    private static final String CREATE = """
            import boto3, json, sys
            provider, sub = sys.argv[1:3]
            trust = {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'Federated': provider},
                     'Action': 'sts:AssumeRoleWithWebIdentity', 'Condition': {'StringEquals': {sub.split('|')[0]: sub.split('|')[1]}}}]}
            boto3.client('iam').create_role(RoleName='api-deployer', AssumeRolePolicyDocument=json.dumps(trust))
            """;

    @BeforeAll
    static void start() {
        postgres = PasswordPostgres.start();
        yaml = SharedStore.yaml(postgres.jdbcUrl(), PasswordPostgres.USER);
        env = Map.of(MasterKey.ENV, SharedStore.newMasterKey(), StoreCredentials.PASSWORD_ENV, PasswordPostgres.PASSWORD);
        nodeA = KeylessTestServer.start(dir.resolve("a"), yaml, Clock.systemUTC(), env);
        nodeB = KeylessTestServer.start(dir.resolve("b"), yaml, Clock.systemUTC(), env);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {nodeB, nodeA, postgres}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the others
            }
        }
    }

    private static boolean assumable(KeylessTestServer node) {
        try (StsClient sts = StsClient.builder().endpointOverride(URI.create(node.url())).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).httpClient(UrlConnectionHttpClient.create())
                .build()) {
            sts.assumeRoleWithWebIdentity(r -> r.roleArn("arn:aws:iam::" + ACCOUNT + ":role/" + ROLE)
                    .roleSessionName("node").webIdentityToken(node.mint(SharedStore.AWS_AUD, SharedStore.PROJECT, "main")));
            return true;
        } catch (software.amazon.awssdk.services.sts.model.StsException e) {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            return false;
        }
    }

    @Test
    void roleCreatedOnNodeAWhenAssumedOnNodeBThenWithinTwoSecondsAndAfterARestart(@TempDir Path home) throws Exception {
        assertThat(assumable(nodeB)).isFalse();
        AdminAccessKeys.Created key = nodeA.keyless().adminKeys().create(ACCOUNT, "2026-01-01T00:00:00Z");
        Map<String, String> client = AwsClientEnv.clean(home);
        client.put("AWS_ACCESS_KEY_ID", key.key().accessKeyId());
        client.put("AWS_SECRET_ACCESS_KEY", key.secret().value());
        client.put("AWS_ENDPOINT_URL_IAM", nodeA.url());
        Path script = Files.writeString(home.resolve("create.py"), CREATE);
        String provider = "arn:aws:iam::" + ACCOUNT + ":oidc-provider/" + SharedStore.ISSUER_HOST;
        Processes.Result created = Processes.run(List.of(RealClients.python().toString(), script.toString(), provider,
                SharedStore.ISSUER_HOST + ":sub|project_path:" + SharedStore.PROJECT + ":ref_type:branch:ref:main"),
                client, home, Duration.ofSeconds(90), null);
        assertThat(created.exitCode()).as(created.all()).isZero();
        long committed = System.nanoTime();

        boolean onB = false;
        while (!onB && System.nanoTime() - committed < Duration.ofSeconds(2).toNanos()) {
            onB = assumable(nodeB);
        }
        long millis = Duration.ofNanos(System.nanoTime() - committed).toMillis();
        System.out.println("role created on node A was assumable on node B after " + millis + " ms");
        assertThat(onB).as("assumable on node B within 2 s").isTrue();

        try (KeylessTestServer restarted = KeylessTestServer.start(dir.resolve("c"), yaml, Clock.systemUTC(), env)) {
            assertThat(assumable(restarted)).isTrue();
            assertThat(restarted.keyless().adminKeys().list()).extracting(AdminAccessKeys.AdminKey::accessKeyId)
                    .contains(key.key().accessKeyId());
        }
    }
}
