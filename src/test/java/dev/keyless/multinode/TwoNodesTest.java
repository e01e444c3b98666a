package dev.keyless.multinode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.gcp.http.GcpHttp;
import dev.keyless.keys.MasterKey;
import dev.keyless.store.StoreCredentials;
import dev.keyless.testing.KeylessTestServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Two nodes on one PostgreSQL are interchangeable. Credentials
 * minted on node A are accepted by node B (the AWS SDK signs GetCallerIdentity with them; a GCP
 * access token impersonates on B), and both publish the same JWKS. The nodes log in to PostgreSQL
 * as {@code store.username} with the password from {@code KEYLESS_STORE_PASSWORD}.
 */
class TwoNodesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static PasswordPostgres postgres;
    static KeylessTestServer nodeA;
    static KeylessTestServer nodeB;

    @BeforeAll
    static void start() {
        postgres = PasswordPostgres.start();
        String yaml = SharedStore.yaml(postgres.jdbcUrl(), PasswordPostgres.USER);
        Map<String, String> env = Map.of(MasterKey.ENV, SharedStore.newMasterKey(),
                StoreCredentials.PASSWORD_ENV, PasswordPostgres.PASSWORD);
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

    private static StsClient sts(KeylessTestServer node, AwsCredentialsProvider credentials) {
        return StsClient.builder().endpointOverride(URI.create(node.url())).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Test
    void getCallerIdentityWhenSessionAssumedOnNodeAThenNodeBAnswersTheAssumedRole() {
        Credentials credentials;
        try (StsClient anonymousA = sts(nodeA, AnonymousCredentialsProvider.create())) {
            credentials = anonymousA.assumeRoleWithWebIdentity(r -> r.roleArn(SharedStore.ROLE_ARN)
                    .roleSessionName("node-a").webIdentityToken(nodeA.mint(SharedStore.AWS_AUD, SharedStore.PROJECT, "main")))
                    .credentials();
        }
        var session = AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(),
                credentials.sessionToken());

        GetCallerIdentityResponse identity;
        try (StsClient signedB = sts(nodeB, StaticCredentialsProvider.create(session))) {
            identity = signedB.getCallerIdentity();
        }

        assertThat(identity.arn()).isEqualTo("arn:aws:sts::111122223333:assumed-role/gitlab-deployer/node-a");
        assertThat(identity.account()).isEqualTo("111122223333");
    }

    @Test
    void assumeRoleWhenJobTokenMintedOnNodeBThenNodeAAcceptsIt() {
        try (StsClient anonymousA = sts(nodeA, AnonymousCredentialsProvider.create())) {
            var response = anonymousA.assumeRoleWithWebIdentity(r -> r.roleArn(SharedStore.ROLE_ARN)
                    .roleSessionName("minted-on-b")
                    .webIdentityToken(nodeB.mint(SharedStore.AWS_AUD, SharedStore.PROJECT, "main")));

            assertThat(response.assumedRoleUser().arn()).endsWith("assumed-role/gitlab-deployer/minted-on-b");
            assertThat(response.provider()).isEqualTo("arn:aws:iam::111122223333:oidc-provider/" + SharedStore.ISSUER_HOST);
        }
    }

    @Test
    void generateAccessTokenWhenFederatedTokenFromNodeAThenNodeBImpersonates() throws Exception {
        String jobToken = nodeA.mint(GcpHttp.AUDIENCE, SharedStore.PROJECT, "main");
        HttpResponse<String> exchange = GcpHttp.exchange(nodeA.url(), jobToken, GcpHttp.AUDIENCE);
        assertThat(exchange.statusCode()).as(exchange.body()).isEqualTo(200);
        String federated = JSON.readTree(exchange.body()).get("access_token").textValue();

        HttpResponse<String> generated = GcpHttp.postJson(nodeB.url() + "/v1/projects/-/serviceAccounts/"
                + GcpHttp.SA + ":generateAccessToken", federated,
                "{\"scope\":[\"https://www.googleapis.com/auth/cloud-platform\"]}");

        assertThat(generated.statusCode()).as(generated.body()).isEqualTo(200);
        String accessToken = JSON.readTree(generated.body()).get("accessToken").textValue();
        // And back: the service-account token made on B is understood on A.
        JsonNode info = JSON.readTree(GcpHttp.get(nodeA.url() + "/tokeninfo?access_token=" + GcpHttp.enc(accessToken)).body());
        assertThat(info.get("email").textValue()).isEqualTo(GcpHttp.SA);
    }

    @Test
    void jwksWhenFetchedFromBothNodesThenByteIdentical() {
        HttpResponse<String> a = GcpHttp.get(nodeA.url() + "/oauth/discovery/keys");
        HttpResponse<String> b = GcpHttp.get(nodeB.url() + "/oauth/discovery/keys");

        assertThat(a.statusCode()).isEqualTo(200);
        assertThat(a.body()).contains("\"kid\"").isEqualTo(b.body());
    }
}
