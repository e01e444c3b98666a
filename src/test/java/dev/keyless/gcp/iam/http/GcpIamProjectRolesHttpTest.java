package dev.keyless.gcp.iam.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.gcp.http.GcpHttp;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Repo;
import java.io.IOException;
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
 * Project roles from {@code gcp.projects.<id>.iamBindings} authorize callers of the IAM configuration API:
 * service-account tokens minted through the real exchange → generateAccessToken flow, over a real socket.
 */
class GcpIamProjectRolesHttpTest {
    @TempDir
    static Path dir;
    static KeylessTestServer server;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String POOLS = "/v1/projects/my-project/locations/global/workloadIdentityPools";
    private static final String ACCOUNTS = "/v1/projects/my-project/serviceAccounts";
    private static final String MEMBER = "principalSet://iam.googleapis.com/projects/123456789012/locations/global/"
            + "workloadIdentityPools/gitlab-pool/attribute.project_path/mygroup/myrepo";

    /** Every job of mygroup/infra: a principal set holding the pool administrator role. */
    private static final String INFRA_SET = "principalSet://iam.googleapis.com/projects/123456789012/locations/global/"
            + "workloadIdentityPools/gitlab-pool/attribute.project_path/mygroup/infra";

    /** The federated principal of a main-branch job of mygroup/myrepo (google.subject = the token's sub). */
    private static final String SUBJECT = "principal://iam.googleapis.com/projects/123456789012/locations/global/"
            + "workloadIdentityPools/gitlab-pool/subject/project_path:mygroup/myrepo:ref_type:branch:ref:main";

    @BeforeAll
    static void start() {
        String yaml = Repo.exampleYaml();
        String withRoles = yaml.replaceFirst("(?m)^(      explainDenials: false\\n)", "$1"
                + "      iamBindings:\n"
                + "        roles/iam.workloadIdentityPoolAdmin:\n"
                + "          - serviceAccount:deployer@my-project.iam.gserviceaccount.com\n"
                + "          - " + INFRA_SET + "\n"
                + "        roles/iam.workloadIdentityPoolViewer:\n"
                + "          - " + SUBJECT + "\n")
                .replaceFirst("(?m)^(      serviceAccounts:\\n)", "$1"
                        + "        no-role-sa:\n"
                        + "          bindings:\n"
                        + "            roles/iam.workloadIdentityUser:\n"
                        + "              - " + MEMBER + "\n");
        assertThat(withRoles).contains("iamBindings:").contains("no-role-sa:");
        server = KeylessTestServer.start(dir.resolve("server"), withRoles, Clock.systemUTC(), Map.of());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void serviceAccountWithPoolAdminRoleCreatesPoolsButNotServiceAccounts() {
        String poolAdmin = serviceAccountToken("deployer@my-project.iam.gserviceaccount.com");
        HttpResponse<String> pool = call("POST", POOLS + "?workloadIdentityPoolId=role-pool", poolAdmin,
                "{\"displayName\": \"by role\", \"disabled\": false}");
        assertThat(pool.statusCode()).as(pool.body()).isEqualTo(200);
        HttpResponse<String> readBack = call("GET", POOLS + "/role-pool", poolAdmin, null);
        assertThat(readBack.statusCode()).isEqualTo(200);
        assertThat(json(readBack).get("displayName").textValue()).isEqualTo("by role");

        long before = server.keyless().resources().revision();
        HttpResponse<String> account = call("POST", ACCOUNTS, poolAdmin,
                "{\"accountId\": \"made-by-pool-admin\", \"serviceAccount\": {}}");
        assertThat(account.statusCode()).isEqualTo(403);
        assertThat(json(account).at("/error/status").textValue()).isEqualTo("PERMISSION_DENIED");
        assertThat(json(account).at("/error/message").textValue())
                .isEqualTo("Permission 'iam.serviceAccounts.create' denied on resource (or it may not exist).");
        assertThat(server.keyless().resources().revision()).as("nothing stored").isEqualTo(before);
        String admin = server.keyless().gcpIam().createAdminToken("my-project", "read-back");
        assertThat(call("GET", ACCOUNTS + "/made-by-pool-admin@my-project.iam.gserviceaccount.com", admin, null)
                .statusCode()).isEqualTo(404);
        System.out.printf("pool admin SA: create pool %d, create service account %d%n", pool.statusCode(),
                account.statusCode());
    }

    @Test
    void serviceAccountWithoutProjectRoleIsRefusedAndNothingIsStored() {
        String noRole = serviceAccountToken("no-role-sa@my-project.iam.gserviceaccount.com");
        long before = server.keyless().resources().revision();
        HttpResponse<String> pool = call("POST", POOLS + "?workloadIdentityPoolId=no-role-pool", noRole,
                "{\"displayName\": \"refused\"}");
        HttpResponse<String> list = call("GET", POOLS, noRole, null);
        assertThat(pool.statusCode()).isEqualTo(403);
        assertThat(json(pool).at("/error/message").textValue())
                .isEqualTo("Permission 'iam.workloadIdentityPools.create' denied on resource (or it may not exist).");
        assertThat(list.statusCode()).isEqualTo(403);
        assertThat(server.keyless().resources().revision()).as("nothing stored").isEqualTo(before);
        String admin = server.keyless().gcpIam().createAdminToken("my-project", "read-back");
        assertThat(call("GET", POOLS + "/no-role-pool", admin, null).statusCode()).isEqualTo(404);
        System.out.printf("SA without a project role: create pool %d, list pools %d%n", pool.statusCode(),
                list.statusCode());
    }

    @Test
    void federatedPrincipalWithViewerRoleReadsPoolsButCannotCreateThem() {
        String federated = federatedToken();
        HttpResponse<String> list = call("GET", POOLS, federated, null);
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        long before = server.keyless().resources().revision();
        HttpResponse<String> create = call("POST", POOLS + "?workloadIdentityPoolId=viewer-pool", federated,
                "{\"displayName\": \"refused\"}");
        assertThat(create.statusCode()).isEqualTo(403);
        assertThat(json(create).at("/error/details/0/metadata/permission").textValue())
                .isEqualTo("iam.workloadIdentityPools.create");
        assertThat(server.keyless().resources().revision()).as("nothing stored").isEqualTo(before);
        System.out.printf("federated viewer: list pools %d, create pool %d%n", list.statusCode(), create.statusCode());
    }

    @Test
    void federatedTokenInAPrincipalSetWithPoolAdminRoleCreatesPoolsButNotServiceAccounts() {
        // The token /v1/token returns, used directly as the bearer: no impersonation.
        String infra = federatedToken("mygroup/infra");
        HttpResponse<String> pool = call("POST", POOLS + "?workloadIdentityPoolId=infra-pool", infra,
                "{\"displayName\": \"by principal set\", \"disabled\": false}");
        assertThat(pool.statusCode()).as(pool.body()).isEqualTo(200);
        HttpResponse<String> readBack = call("GET", POOLS + "/infra-pool", infra, null);
        assertThat(readBack.statusCode()).as(readBack.body()).isEqualTo(200);
        assertThat(json(readBack).get("displayName").textValue()).isEqualTo("by principal set");

        long before = server.keyless().resources().revision();
        HttpResponse<String> account = call("POST", ACCOUNTS, infra,
                "{\"accountId\": \"made-by-principal-set\", \"serviceAccount\": {}}");
        assertThat(account.statusCode()).as(account.body()).isEqualTo(403);
        assertThat(json(account).at("/error/status").textValue()).isEqualTo("PERMISSION_DENIED");
        assertThat(json(account).at("/error/message").textValue())
                .isEqualTo("Permission 'iam.serviceAccounts.create' denied on resource (or it may not exist).");
        // Another repository of the same pool is outside the principal set: refused too.
        HttpResponse<String> other = call("POST", POOLS + "?workloadIdentityPoolId=other-pool",
                federatedToken("mygroup/other"), "{\"displayName\": \"refused\"}");
        assertThat(other.statusCode()).as(other.body()).isEqualTo(403);
        assertThat(json(other).at("/error/message").textValue())
                .isEqualTo("Permission 'iam.workloadIdentityPools.create' denied on resource (or it may not exist).");
        assertThat(server.keyless().resources().revision()).as("nothing stored").isEqualTo(before);
        String admin = server.keyless().gcpIam().createAdminToken("my-project", "read-back");
        assertThat(call("GET", ACCOUNTS + "/made-by-principal-set@my-project.iam.gserviceaccount.com", admin, null)
                .statusCode()).isEqualTo(404);
        assertThat(call("GET", POOLS + "/other-pool", admin, null).statusCode()).isEqualTo(404);
        System.out.printf("federated principal set (pool admin): create pool %d, create service account %d; "
                + "other repository: create pool %d%n", pool.statusCode(), account.statusCode(), other.statusCode());
    }

    private static String federatedToken() {
        return federatedToken("mygroup/myrepo");
    }

    private static String federatedToken(String projectPath) {
        HttpResponse<String> exchanged = GcpHttp.exchange(server.url(),
                server.mint(GcpHttp.AUDIENCE, projectPath, "main"), GcpHttp.AUDIENCE);
        assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
        return json(exchanged).get("access_token").textValue();
    }

    /** Exchange a GitLab-style token for a federated one, then impersonate {@code email} with it. */
    private static String serviceAccountToken(String email) {
        String federated = federatedToken();
        HttpResponse<String> sa = GcpHttp.postJson(server.url() + "/v1/projects/-/serviceAccounts/" + email
                + ":generateAccessToken", federated, "{\"scope\":[\"https://www.googleapis.com/auth/cloud-platform\"]}");
        assertThat(sa.statusCode()).as(sa.body()).isEqualTo(200);
        return json(sa).get("accessToken").textValue();
    }

    private static HttpResponse<String> call(String method, String path, String bearer, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.header("Authorization", "Bearer " + bearer);
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
