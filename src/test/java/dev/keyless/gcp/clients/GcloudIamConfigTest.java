package dev.keyless.gcp.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GCP half of a user's runbook, run by the unmodified gcloud against Keyless: the IAM API
 * reached with {@code api_endpoint_overrides/iam} and an administrator token in
 * {@code CLOUDSDK_AUTH_ACCESS_TOKEN}; then the trust it created used through
 * {@code gcloud auth login --cred-file} (STS exchange and impersonation).
 */
class GcloudIamConfigTest {
    @TempDir
    static Path dir;
    static KeylessTestServer server;
    static Path gcloud;
    static String admin;
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String POOL = "ci-pool";
    static final String PROVIDER = "gitlab-provider";
    static final String SA = "gitlab-deployer@my-project.iam.gserviceaccount.com";
    static final String AUDIENCE = "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/"
            + POOL + "/providers/" + PROVIDER;
    static final String MEMBER = "principalSet://iam.googleapis.com/projects/123456789012/locations/global/"
            + "workloadIdentityPools/" + POOL + "/attribute.repository/mygroup/myrepo";

    @BeforeAll
    static void start() {
        gcloud = RealClients.gcloud();
        server = KeylessTestServer.startExample(dir.resolve("server"));
        admin = server.keyless().gcpIam().createAdminToken("my-project", "gcloud test");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void runbookCreatesTrustThatGcloudThenUses(@TempDir Path home) throws IOException {
        ok(config(home, "iam", "workload-identity-pools", "create", POOL, "--location=global", "--project=my-project",
                "--display-name=GitLab pool", "--description=pool for gitlab ci"), "Created workload identity pool");
        ok(config(home, "iam", "workload-identity-pools", "providers", "create-oidc", PROVIDER,
                "--workload-identity-pool=" + POOL, "--location=global", "--project=my-project",
                "--issuer-uri=" + server.url(),
                "--attribute-mapping=google.subject=assertion.sub,attribute.repository=assertion.project_path",
                "--attribute-condition=assertion.namespace_path==\"mygroup\""), "Created workload identity pool provider");
        ok(config(home, "iam", "service-accounts", "create", "gitlab-deployer", "--project=my-project",
                "--display-name=GitLab deployer"), "Created service account");
        ok(config(home, "iam", "service-accounts", "add-iam-policy-binding", SA, "--project=my-project",
                "--role=roles/iam.workloadIdentityUser", "--member=" + MEMBER), "Updated IAM policy");

        // describe and list print what was created
        JsonNode provider = JSON.readTree(ok(config(home, "iam", "workload-identity-pools", "providers", "describe",
                PROVIDER, "--workload-identity-pool=" + POOL, "--location=global", "--project=my-project",
                "--format=json"), "").stdout());
        assertThat(provider.at("/attributeMapping/attribute.repository").textValue()).isEqualTo("assertion.project_path");
        assertThat(provider.at("/oidc/issuerUri").textValue()).isEqualTo(server.url());
        assertThat(provider.get("state").textValue()).isEqualTo("ACTIVE");
        String pools = ok(config(home, "iam", "workload-identity-pools", "list", "--location=global",
                "--project=my-project", "--format=value(name)"), "").stdout();
        assertThat(pools).contains("workloadIdentityPools/" + POOL).contains("workloadIdentityPools/gitlab-pool");
        String policy = ok(config(home, "iam", "service-accounts", "get-iam-policy", SA, "--project=my-project",
                "--format=json"), "").stdout();
        assertThat(JSON.readTree(policy).at("/bindings/0/members/0").textValue()).isEqualTo(MEMBER);

        // the bound repository gets a service-account token
        Processes.Result allowed = printToken(home.resolve("allowed"), "mygroup/myrepo");
        assertThat(allowed.exitCode()).as(allowed.all()).isZero();
        assertThat(allowed.stdout().strip()).startsWith("ya29.");
        // another group: refused by the attribute condition (at the STS)
        Processes.Result condition = printToken(home.resolve("condition"), "othergroup/myrepo");
        assertThat(condition.exitCode()).as(condition.all()).isNotZero();
        assertThat(condition.all()).contains("unauthorized_client")
                .contains("The given credential is rejected by the attribute condition.");
        // same group, unbound repository: refused by the service account's policy
        Processes.Result unbound = printToken(home.resolve("unbound"), "mygroup/otherrepo");
        assertThat(unbound.exitCode()).as(unbound.all()).isNotZero();
        assertThat(unbound.all()).contains("\"status\":\"PERMISSION_DENIED\"")
                .contains("Permission \\'iam.serviceAccounts.getAccessToken\\' denied on resource (or it may not exist).");
        System.out.println("runbook: allowed=" + allowed.exitCode() + " condition=" + condition.exitCode()
                + " unbound=" + unbound.exitCode());
    }

    private Processes.Result printToken(Path home, String project) {
        Path cred = CredentialFiles.impersonating(home.resolve("cred"), server.url(),
                server.mint(AUDIENCE, project, "main"), AUDIENCE, SA);
        Processes.Result login = run(home, Map.of(), "auth", "login", "--cred-file=" + cred);
        assertThat(login.exitCode()).as(login.all()).isZero();
        return run(home, Map.of(), "auth", "print-access-token");
    }

    static Processes.Result ok(Processes.Result r, String expected) {
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.all()).contains(expected);
        return r;
    }

    /** gcloud with the IAM API pointed at Keyless and the administrator token. */
    static Processes.Result config(Path home, String... args) {
        return run(home, Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_IAM", server.url() + "/",
                "CLOUDSDK_AUTH_ACCESS_TOKEN", admin), args);
    }

    static Processes.Result run(Path home, Map<String, String> extra, String... args) {
        List<String> command = new ArrayList<>(List.of(gcloud.toString()));
        command.addAll(List.of(args));
        command.add("--verbosity=error");
        Map<String, String> env = new HashMap<>(Map.of(
                "HOME", home.toString(),
                "CLOUDSDK_CONFIG", home.resolve("gcloud").toString(),
                "CLOUDSDK_CORE_DISABLE_PROMPTS", "1",
                "CLOUDSDK_CORE_DISABLE_USAGE_REPORTING", "true",
                "CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK", "true",
                "CLOUDSDK_CORE_CHECK_GCE_METADATA", "false",
                "GCE_METADATA_ROOT", "127.0.0.1:9"));
        env.putAll(extra);
        return Processes.run(command, env, home, Duration.ofSeconds(120), null);
    }
}
