package dev.keyless.multinode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.gcp.http.GcpHttp;
import dev.keyless.keys.MasterKey;
import dev.keyless.store.StoreCredentials;
import dev.keyless.testing.KeylessTestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /readyz} reflects database reachability, so a load balancer or Kubernetes stops
 * routing to a node that lost PostgreSQL, while {@code /healthz} (liveness) stays 200 so the
 * orchestrator does not restart every node during a database outage.
 */
class ReadinessTest {
    @Test
    void readyzWhenPostgresqlStopsThen503WhileHealthzStays200(@TempDir Path dir) {
        PasswordPostgres postgres = PasswordPostgres.start();
        Map<String, String> env = Map.of(MasterKey.ENV, SharedStore.newMasterKey(),
                StoreCredentials.PASSWORD_ENV, PasswordPostgres.PASSWORD);
        try (KeylessTestServer node = KeylessTestServer.start(dir, SharedStore.yaml(postgres.jdbcUrl(),
                PasswordPostgres.USER), Clock.systemUTC(), env)) {
            assertThat(GcpHttp.get(node.url() + "/readyz").statusCode()).isEqualTo(200);

            postgres.close();

            HttpResponse<String> ready = GcpHttp.get(node.url() + "/readyz");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).isEqualTo("{\"status\":\"unavailable\",\"message\":\"the store is not reachable\"}");
            assertThat(GcpHttp.get(node.url() + "/healthz").statusCode()).isEqualTo(200);
        } finally {
            postgres.close();
        }
    }
}
