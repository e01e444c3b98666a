package dev.keyless.gcp.clients;

import static dev.keyless.gcp.http.GcpHttp.AUDIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import dev.keyless.testing.Repo;
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
 * gcloud configures Keyless with a credential file from Keyless's own token exchange, no administrator
 * token: {@code gcloud auth login --cred-file=<external_account file>} (the shape {@code create-cred-config}
 * writes, URLs at Keyless), then {@code gcloud iam workload-identity-pools create/list} with
 * {@code api_endpoint_overrides/iam} at Keyless. Authorised by the project's {@code iamBindings}: a
 * federated principal set (file without {@code service_account_impersonation_url}: the STS token is the
 * bearer) and an impersonated service account. Callers without the role get Google's
 * {@code PERMISSION_DENIED}, and the store is read back unchanged.
 */
class GcloudIamCredFileTest {
    @TempDir
    static Path dir;
    static KeylessTestServer server;
    static Path gcloud;
    static final String POOLS_IN = "workloadIdentityPools/";
    static final String INFRA_SET = "principalSet://iam.googleapis.com/projects/123456789012/locations/global/"
            + "workloadIdentityPools/gitlab-pool/attribute.project_path/mygroup/infra";
    static final String MEMBER = "principalSet://iam.googleapis.com/projects/123456789012/locations/global/"
            + "workloadIdentityPools/gitlab-pool/attribute.project_path/mygroup/myrepo";

    @BeforeAll
    static void start() {
        gcloud = RealClients.gcloud();
        // deployer (bound to mygroup/myrepo in the example) and the mygroup/infra principal set administer
        // pools; no-role-sa may be impersonated by mygroup/myrepo but holds no project role.
        String yaml = Repo.exampleYaml().replaceFirst("(?m)^(      explainDenials: false\\n)", "$1"
                + "      iamBindings:\n"
                + "        roles/iam.workloadIdentityPoolAdmin:\n"
                + "          - serviceAccount:deployer@my-project.iam.gserviceaccount.com\n"
                + "          - " + INFRA_SET + "\n")
                .replaceFirst("(?m)^(      serviceAccounts:\\n)", "$1"
                        + "        no-role-sa:\n"
                        + "          bindings:\n"
                        + "            roles/iam.workloadIdentityUser:\n"
                        + "              - " + MEMBER + "\n");
        assertThat(yaml).contains("iamBindings:").contains("no-role-sa:");
        server = KeylessTestServer.start(dir.resolve("server"), yaml, Clock.systemUTC(), Map.of());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void federatedCredFileInAPrincipalSetWithTheRoleCreatesAndListsPools(@TempDir Path home) {
        Path cred = CredentialFiles.federatedOnly(home.resolve("cred"), server.url(),
                server.mint(AUDIENCE, "mygroup/infra", "main"));
        login(home, cred);
        Processes.Result create = iam(home, "iam", "workload-identity-pools", "create", "fed-pool", "--location=global",
                "--project=my-project", "--display-name=by federated principal");
        assertThat(create.exitCode()).as(create.all()).isZero();
        assertThat(create.all()).contains("Created workload identity pool [fed-pool].");
        Processes.Result list = iam(home, "iam", "workload-identity-pools", "list", "--location=global",
                "--project=my-project", "--format=value(name)");
        assertThat(list.exitCode()).as(list.all()).isZero();
        assertThat(list.stdout()).contains(POOLS_IN + "fed-pool").contains(POOLS_IN + "gitlab-pool");
        System.out.println("gcloud --cred-file (federated, principal set with the role): create exit "
                + create.exitCode() + ", list " + list.stdout().strip().lines().count() + " pools");
    }

    @Test
    void impersonatingCredFileOfAServiceAccountWithTheRoleCreatesAndListsPools(@TempDir Path home) {
        Path cred = CredentialFiles.impersonating(home.resolve("cred"), server.url(),
                server.mint(AUDIENCE, "mygroup/myrepo", "main"));
        login(home, cred);
        Processes.Result create = iam(home, "iam", "workload-identity-pools", "create", "sa-pool", "--location=global",
                "--project=my-project");
        assertThat(create.exitCode()).as(create.all()).isZero();
        assertThat(create.all()).contains("Created workload identity pool [sa-pool].");
        Processes.Result list = iam(home, "iam", "workload-identity-pools", "list", "--location=global",
                "--project=my-project", "--format=value(name)");
        assertThat(list.exitCode()).as(list.all()).isZero();
        assertThat(list.stdout()).contains(POOLS_IN + "sa-pool");
        System.out.println("gcloud --cred-file (impersonating deployer, pool admin): create exit "
                + create.exitCode() + ", list " + list.stdout().strip().lines().count() + " pools");
    }

    @Test
    void credFilesWithoutTheRoleArePermissionDeniedAndNothingIsStored(@TempDir Path home) {
        Path federated = CredentialFiles.federatedOnly(home.resolve("fed/cred"), server.url(),
                server.mint(AUDIENCE, "mygroup/other", "main"));
        Path impersonating = CredentialFiles.impersonating(home.resolve("sa/cred"), server.url(),
                server.mint(AUDIENCE, "mygroup/myrepo", "main"), AUDIENCE, "no-role-sa@my-project.iam.gserviceaccount.com");
        String admin = server.keyless().gcpIam().createAdminToken("my-project", "read-back");
        long before = server.keyless().resources().revision();
        for (var c : java.util.List.of(Map.entry("fed", federated), Map.entry("sa", impersonating))) {
            Path h = home.resolve(c.getKey());
            login(h, c.getValue());
            String pool = c.getKey() + "-refused";
            Processes.Result create = iam(h, "iam", "workload-identity-pools", "create", pool, "--location=global",
                    "--project=my-project");
            assertThat(create.exitCode()).as(create.all()).isEqualTo(1);
            assertThat(create.stderr()).contains("ERROR: (gcloud.iam.workload-identity-pools.create) PERMISSION_DENIED: "
                    + "Permission 'iam.workloadIdentityPools.create' denied on resource (or it may not exist).");
            Processes.Result list = iam(h, "iam", "workload-identity-pools", "list", "--location=global",
                    "--project=my-project");
            assertThat(list.exitCode()).as(list.all()).isEqualTo(1);
            assertThat(list.stderr()).contains("PERMISSION_DENIED: Permission 'iam.workloadIdentityPools.list' denied");
            assertThat(readBack(admin, pool)).as("read back %s", pool).isEqualTo(404);
            System.out.println("gcloud --cred-file (" + c.getKey() + ", no role): " + create.stderr().strip().lines()
                    .filter(l -> l.startsWith("ERROR")).findFirst().orElse(""));
        }
        assertThat(server.keyless().resources().revision()).as("nothing stored").isEqualTo(before);
    }

    private static void login(Path home, Path cred) {
        Processes.Result login = GcloudIamConfigTest.run(gcloud, home, Map.of(), "auth", "login", "--cred-file=" + cred);
        assertThat(login.exitCode()).as(login.all()).isZero();
    }

    /** gcloud with only the IAM API pointed at Keyless: the credential is the one {@code auth login} stored. */
    private static Processes.Result iam(Path home, String... args) {
        return GcloudIamConfigTest.run(gcloud, home, Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_IAM", server.url() + "/"),
                args);
    }

    /** The pool's status read with an administrator token over a plain socket. */
    private static int readBack(String admin, String pool) {
        HttpRequest get = HttpRequest.newBuilder(URI.create(server.url()
                + "/v1/projects/my-project/locations/global/workloadIdentityPools/" + pool))
                .header("Authorization", "Bearer " + admin).GET().build();
        try {
            return HttpClient.newHttpClient().send(get, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
