package dev.keyless.multinode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.gcp.http.GcpHttp;
import dev.keyless.keys.MasterKey;
import dev.keyless.store.StoreCredentials;
import dev.keyless.testing.KeylessTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one PostgreSQL: a pool and provider created through node A's IAM API serve token
 * exchanges through node B within 2 s (B polls the store's revision), and a delete through A
 * stops exchanges on B as quickly.
 */
class GcpIamTwoNodesTest {
    @TempDir
    static Path dir;
    static PasswordPostgres postgres;
    static KeylessTestServer nodeA;
    static KeylessTestServer nodeB;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

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

    private static HttpResponse<String> send(String method, String url, String bearer, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void providerCreatedOnNodeAServesExchangesOnNodeBWithinTwoSeconds() throws Exception {
        String admin = nodeA.keyless().gcpIam().createAdminToken("my-project", "two nodes");
        String pools = nodeA.url() + "/v1/projects/my-project/locations/global/workloadIdentityPools";
        String audience = "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/"
                + "shared-pool/providers/shared-prov";
        String token = nodeB.mint(audience, SharedStore.PROJECT, "main");
        assertThat(GcpHttp.exchange(nodeB.url(), token, audience).statusCode()).isEqualTo(400);

        assertThat(send("POST", pools + "?workloadIdentityPoolId=shared-pool", admin, "{}").statusCode()).isEqualTo(200);
        HttpResponse<String> created = send("POST", pools + "/shared-pool/providers?workloadIdentityPoolProviderId="
                + "shared-prov", admin, "{\"attributeMapping\": {\"google.subject\": \"assertion.sub\"}, "
                + "\"oidc\": {\"issuerUri\": \"" + SharedStore.ISSUER + "\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        long start = System.nanoTime();
        long inForceMillis = waitFor(() -> GcpHttp.exchange(nodeB.url(), token, audience).statusCode() == 200, start);
        assertThat(inForceMillis).as("provider in force on node B").isLessThanOrEqualTo(2000);

        assertThat(send("DELETE", pools + "/shared-pool/providers/shared-prov", admin, null).statusCode()).isEqualTo(200);
        long deleteStart = System.nanoTime();
        long deletedMillis = waitFor(() -> GcpHttp.exchange(nodeB.url(), token, audience).statusCode() == 400,
                deleteStart);
        assertThat(deletedMillis).as("delete in force on node B").isLessThanOrEqualTo(2000);
        System.out.println("two nodes: provider created on A served by B after " + inForceMillis
                + " ms; deleted on A refused by B after " + deletedMillis + " ms");
    }

    private static long waitFor(java.util.function.BooleanSupplier condition, long startNanos) throws Exception {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - startNanos > 5_000_000_000L) {
                break;
            }
            Thread.sleep(50);
        }
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
