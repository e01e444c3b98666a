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

    @Test
    void updateDeleteUndeleteAndDisableTakeEffectOnTheNextExchange(@TempDir Path home) {
        String pool = "life-pool";
        String audience = "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/"
                + pool + "/providers/life-prov";
        String[] where = {"--workload-identity-pool=" + pool, "--location=global", "--project=my-project"};
        ok(config(home, "iam", "workload-identity-pools", "create", pool, "--location=global", "--project=my-project"),
                "Created workload identity pool");
        ok(config(home, concat(new String[] {"iam", "workload-identity-pools", "providers", "create-oidc", "life-prov",
                "--issuer-uri=" + server.url(), "--attribute-mapping=google.subject=assertion.sub",
                "--attribute-condition=assertion.namespace_path==\"mygroup\""}, where)), "Created");
        assertThat(login(home.resolve("1"), audience, "mygroup/myrepo").exitCode()).isZero();

        ok(config(home, concat(new String[] {"iam", "workload-identity-pools", "providers", "update-oidc", "life-prov",
                "--attribute-condition=assertion.namespace_path==\"othergroup\""}, where)), "Updated");
        Processes.Result afterUpdate = login(home.resolve("2"), audience, "mygroup/myrepo");
        assertThat(afterUpdate.exitCode()).isNotZero();
        assertThat(afterUpdate.all()).contains("The given credential is rejected by the attribute condition.");
        assertThat(login(home.resolve("3"), audience, "othergroup/myrepo").exitCode()).isZero();

        ok(config(home, concat(new String[] {"iam", "workload-identity-pools", "providers", "delete", "life-prov"},
                where)), "Deleted workload identity pool provider");
        Processes.Result afterDelete = login(home.resolve("4"), audience, "othergroup/myrepo");
        assertThat(afterDelete.exitCode()).isNotZero();
        assertThat(afterDelete.all()).contains("invalid_target")
                .contains("The target service indicated by the \"audience\" parameters is invalid.");
        String deleted = ok(config(home, concat(new String[] {"iam", "workload-identity-pools", "providers", "list",
                "--show-deleted", "--format=value(name,state)"}, where)), "").stdout();
        assertThat(deleted).contains("life-prov").contains("DELETED");

        ok(config(home, concat(new String[] {"iam", "workload-identity-pools", "providers", "undelete", "life-prov"},
                where)), "");
        assertThat(login(home.resolve("5"), audience, "othergroup/myrepo").exitCode()).isZero();

        ok(config(home, "iam", "workload-identity-pools", "update", pool, "--disabled", "--location=global",
                "--project=my-project"), "Updated workload identity pool");
        Processes.Result disabled = login(home.resolve("6"), audience, "othergroup/myrepo");
        assertThat(disabled.exitCode()).isNotZero();
        assertThat(disabled.all()).contains("invalid_target");
        System.out.println("lifecycle: update→" + afterUpdate.exitCode() + " delete→" + afterDelete.exitCode()
                + " undelete→0 disabled→" + disabled.exitCode());
    }

    /**
     * Two gcloud add-iam-policy-binding at once. A relay in front of Keyless holds each
     * getIamPolicy until both have arrived, so both read the same etag (the race happens every
     * run, not by luck): one setIamPolicy wins, the other is ABORTED and the policy holds exactly
     * the winner's binding.
     */
    @Test
    void concurrentAddIamPolicyBindingsOneAbortedNoLostUpdate(@TempDir Path home) throws Exception {
        ok(config(home, "iam", "service-accounts", "create", "race-target", "--project=my-project"), "Created");
        String sa = "race-target@my-project.iam.gserviceaccount.com";
        String base = "principalSet://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/"
                + "gitlab-pool/attribute.project_path/mygroup/";
        try (GetHoldingRelay relay = GetHoldingRelay.start(server.url(), 2)) {
            var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            var a = pool.submit(() -> run(home.resolve("a"), relayEnv(relay), "iam", "service-accounts",
                    "add-iam-policy-binding", sa, "--project=my-project", "--role=roles/iam.workloadIdentityUser",
                    "--member=" + base + "repo-a"));
            var b = pool.submit(() -> run(home.resolve("b"), relayEnv(relay), "iam", "service-accounts",
                    "add-iam-policy-binding", sa, "--project=my-project", "--role=roles/iam.workloadIdentityUser",
                    "--member=" + base + "repo-b"));
            Processes.Result ra = a.get();
            Processes.Result rb = b.get();
            pool.shutdown();
            assertThat(List.of(ra.exitCode(), rb.exitCode())).as(ra.all() + rb.all()).containsExactlyInAnyOrder(0, 1);
            Processes.Result loser = ra.exitCode() == 0 ? rb : ra;
            String winner = ra.exitCode() == 0 ? "repo-a" : "repo-b";
            assertThat(loser.all()).contains("ABORTED: There were concurrent policy changes.");
            JsonNode policy = JSON.readTree(ok(config(home, "iam", "service-accounts", "get-iam-policy", sa,
                    "--project=my-project", "--format=json"), "").stdout());
            assertThat(policy.at("/bindings/0/members").toString()).isEqualTo("[\"" + base + winner + "\"]");
            assertThat(policy.get("bindings").size()).isEqualTo(1);
            System.out.println("concurrent bindings: winner " + winner + ", loser exit " + loser.exitCode()
                    + ", policy members " + policy.at("/bindings/0/members"));
        }
    }

    /** Google's validation through gcloud, which checks none of it itself: each refusal names the field. */
    @Test
    void gcloudSendsWhatItDoesNotCheckAndKeylessRefusesNamingTheField(@TempDir Path home) {
        ok(config(home, "iam", "service-accounts", "create", "val-target", "--project=my-project"), "Created");
        long before = server.keyless().resources().revision();
        List<String[]> rows = List.of(
                new String[] {"workloadIdentityPoolId", "iam", "workload-identity-pools", "create", "bad_ID",
                    "--location=global", "--project=my-project"},
                new String[] {"gcp-", "iam", "workload-identity-pools", "create", "gcp-pool", "--location=global",
                    "--project=my-project"},
                new String[] {"oidc.issuerUri", "iam", "workload-identity-pools", "providers", "create-oidc", "prov-http",
                    "--workload-identity-pool=gitlab-pool", "--location=global", "--project=my-project",
                    "--issuer-uri=http://gitlab.example.com", "--attribute-mapping=google.subject=assertion.sub"},
                new String[] {"google.subject", "iam", "workload-identity-pools", "providers", "create-oidc", "prov-sub",
                    "--workload-identity-pool=gitlab-pool", "--location=global", "--project=my-project",
                    "--issuer-uri=https://gitlab.com", "--attribute-mapping=attribute.a=assertion.a"},
                new String[] {"attributeCondition", "iam", "workload-identity-pools", "providers", "create-oidc",
                    "prov-cel", "--workload-identity-pool=gitlab-pool", "--location=global", "--project=my-project",
                    "--issuer-uri=https://gitlab.com", "--attribute-mapping=google.subject=assertion.sub",
                    "--attribute-condition=assertion.sub =="},
                new String[] {"accountId", "iam", "service-accounts", "create", "Bad", "--project=my-project"},
                new String[] {"policy.bindings[0].members", "iam", "service-accounts", "add-iam-policy-binding",
                    "val-target@my-project.iam.gserviceaccount.com", "--project=my-project",
                    "--role=roles/iam.workloadIdentityUser", "--member=bogus-member"},
                new String[] {"keyless.yaml", "iam", "service-accounts", "add-iam-policy-binding",
                    "deployer@my-project.iam.gserviceaccount.com", "--project=my-project",
                    "--role=roles/iam.workloadIdentityUser", "--member=user:someone@example.com"});
        for (String[] row : rows) {
            Processes.Result r = config(home, java.util.Arrays.copyOfRange(row, 1, row.length));
            assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
            // the file-declared account's policy is read-only
            String status = row[0].equals("keyless.yaml") ? "FAILED_PRECONDITION" : "INVALID_ARGUMENT";
            assertThat(r.all()).contains(status).contains(row[0]);
            System.out.println("gcloud validation " + row[0] + ": " + r.stderr().strip().lines()
                    .filter(l -> l.startsWith("ERROR")).findFirst().orElse(r.stderr().strip()));
        }
        assertThat(server.keyless().resources().revision()).as("nothing stored").isEqualTo(before);
    }

    private static Map<String, String> relayEnv(GetHoldingRelay relay) {
        return Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_IAM", relay.url() + "/", "CLOUDSDK_AUTH_ACCESS_TOKEN", admin);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** {@code gcloud auth login --cred-file} without impersonation: the login itself exchanges the token. */
    private Processes.Result login(Path home, String audience, String project) {
        Path cred = CredentialFiles.federatedOnly(home.resolve("cred"), server.url(),
                server.mint(audience, project, "main"), audience);
        return run(home, Map.of(), "auth", "login", "--cred-file=" + cred);
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
        return run(gcloud, home, extra, args);
    }

    /** gcloud kept hermetic: a throwaway CLOUDSDK_CONFIG, no prompts, no metadata server, no update check. */
    static Processes.Result run(Path gcloud, Path home, Map<String, String> extra, String... args) {
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
        try {
            java.nio.file.Files.createDirectories(home);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Processes.run(command, env, home, Duration.ofSeconds(120), null);
    }
}
