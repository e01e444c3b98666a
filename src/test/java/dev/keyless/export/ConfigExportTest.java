package dev.keyless.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.aws.iam.IamKinds;
import dev.keyless.aws.iam.StoredRole;
import dev.keyless.config.AwsAccount;
import dev.keyless.config.ConfigLoader;
import dev.keyless.config.GcpProject;
import dev.keyless.config.KeylessConfig;
import dev.keyless.config.OidcProviderConfig;
import dev.keyless.config.PoolProvider;
import dev.keyless.config.RoleConfig;
import dev.keyless.config.ServiceAccountConfig;
import dev.keyless.config.WorkloadIdentityPool;
import dev.keyless.gcp.http.GcpHttp;
import dev.keyless.gcp.iam.admin.GcpResourceDocs;
import dev.keyless.resources.StoredResource;
import dev.keyless.testing.AwsClientEnv;
import dev.keyless.testing.InProcessCli;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keyless config export} round trip: trust created through the AWS IAM API (AWS CLI v1,
 * signed with an administrator key) and the GCP IAM v1 API (raw HTTP with an administrator token) is
 * exported, the output loads with {@code ConfigLoader}, and the loaded roles, providers, pools and
 * service accounts equal the live ones; what keyless.yaml cannot express is named in comments; a server
 * started from the exported file makes the same exchange decisions.
 */
class ConfigExportTest {
    static final String ACCOUNT = "444455556666";
    static final String POOLS = "/v1/projects/my-project/locations/global/workloadIdentityPools";
    static final String SA = "/v1/projects/-/serviceAccounts/exported@my-project.iam.gserviceaccount.com";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static KeylessTestServer server;
    static String adminToken;
    static String secretKey;
    static String exported;
    static KeylessConfig loaded;

    @BeforeAll
    static void createAndExport() throws Exception {
        server = KeylessTestServer.startExample(dir.resolve("server"));
        adminToken = server.keyless().gcpIam().createAdminToken("my-project", "export-test");
        createAws();
        createGcp();
        InProcessCli.Result r = InProcessCli.run(server.dir(), Clock.systemUTC(), "", "config", "export");
        assertThat(r.exitCode()).as(r.all()).isZero();
        exported = r.out();
        System.out.println(exported);
        Path file = server.dir().resolve("exported.yaml");
        Files.writeString(file, exported);
        loaded = ConfigLoader.load(file);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void createAws() throws IOException {
        Path cli = RealClients.awsCliV1();
        Path home = dir.resolve("aws-home");
        Files.createDirectories(home);
        var key = server.keyless().adminKeys().create(ACCOUNT, "2026-01-01T00:00:00Z");
        secretKey = key.secret().value();
        Map<String, String> env = AwsClientEnv.clean(home);
        env.put("AWS_ACCESS_KEY_ID", key.key().accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", secretKey);
        env.put("AWS_ENDPOINT_URL_IAM", server.url());
        String provider = "arn:aws:iam::" + ACCOUNT + ":oidc-provider/" + server.hostAndPort();
        String trust = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": "
                + "{\"Federated\": \"" + provider + "\"}, \"Action\": \"sts:AssumeRoleWithWebIdentity\", "
                + "\"Condition\": {\"StringEquals\": {\"" + server.hostAndPort() + ":aud\": \"https://gitlab.com\", \""
                + server.hostAndPort() + ":sub\": \"project_path:mygroup/myrepo:ref_type:branch:ref:main\"}}}]}";
        aws(cli, home, env, "iam", "create-open-id-connect-provider", "--url", server.url(), "--client-id-list",
                "[\"https://gitlab.com\"]", "--thumbprint-list", "9e99a48a9960b14926bb7f3b02e22da2b0ab7280", "--tags",
                "Key=team,Value=platform");
        aws(cli, home, env, "iam", "create-role", "--role-name", "Exported-Deployer", "--path", "/ci/",
                "--description", "made by hand", "--max-session-duration", "7200", "--assume-role-policy-document",
                trust, "--tags", "Key=env,Value=prod");
        aws(cli, home, env, "iam", "put-role-policy", "--role-name", "Exported-Deployer", "--policy-name", "read",
                "--policy-document", "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", "
                        + "\"Action\": \"iam:GetRole\", \"Resource\": \"*\"}]}");
        aws(cli, home, env, "iam", "attach-role-policy", "--role-name", "Exported-Deployer", "--policy-arn",
                "arn:aws:iam::aws:policy/ReadOnlyAccess");
    }

    private static void aws(Path cli, Path home, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(cli.toString());
        command.addAll(List.of(args));
        Processes.Result r = Processes.run(command, env, home, Duration.ofSeconds(90), null);
        assertThat(r.exitCode()).as("aws %s: %s", args[1], r.all()).isZero();
    }

    private static void createGcp() {
        ok(call("POST", POOLS + "?workloadIdentityPoolId=exported-pool", "{\"description\": \"clicked together\","
                + " \"displayName\": \"Exported\", \"sessionDuration\": \"1800s\"}"));
        ok(call("POST", POOLS + "/exported-pool/providers?workloadIdentityPoolProviderId=gitlab-exported", "{\"attributeCondition\":"
                + " \"assertion.namespace_path == 'mygroup'\", \"attributeMapping\": {\"google.subject\": \"assertion.sub\","
                + " \"attribute.project_path\": \"assertion.project_path\"}, \"oidc\": {\"issuerUri\": \"" + server.url()
                + "\", \"allowedAudiences\": [\"https://gitlab.example\"]}}"));
        ok(call("POST", POOLS + "?workloadIdentityPoolId=gone-pool", "{}"));
        ok(call("DELETE", POOLS + "/gone-pool", null));
        ok(call("POST", "/v1/projects/my-project/serviceAccounts", "{\"accountId\": \"exported\", \"serviceAccount\": "
                + "{\"displayName\": \"Exported SA\"}}"));
        String member = "principalSet://iam.googleapis.com/projects/123456789012/locations/global/"
                + "workloadIdentityPools/exported-pool/attribute.project_path/mygroup/myrepo";
        ok(call("POST", SA + ":setIamPolicy", "{\"policy\": {\"version\": 3, \"bindings\": [{\"role\": "
                + "\"roles/iam.workloadIdentityUser\", \"members\": [\"" + member + "\"]}, {\"role\": "
                + "\"roles/iam.serviceAccountTokenCreator\", \"members\": [\"" + member + "\"], \"condition\": "
                + "{\"title\": \"t\", \"expression\": \"request.time < timestamp('2030-01-01T00:00:00Z')\"}}]}}"));
    }

    private static void ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static HttpResponse<String> call(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + adminToken);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** AssumeRoleWithWebIdentity is unsigned (STS API Reference): a plain form POST. */
    private static HttpResponse<String> assumeRole(KeylessTestServer target, String roleArn, String token) {
        String form = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleSessionName=export-test&RoleArn="
                + java.net.URLEncoder.encode(roleArn, java.nio.charset.StandardCharsets.UTF_8) + "&WebIdentityToken="
                + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.url() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<StoredResource> stored(String kind) {
        return server.keyless().resources().load().ofKind(kind);
    }

    @Test
    void awsRoleAndProviderLoadBackAsTheLiveOnes() throws Exception {
        StoredRole live = IamKinds.role(stored(IamKinds.ROLE).getFirst().document());
        AwsAccount account = loaded.aws().account(ACCOUNT).orElseThrow();
        RoleConfig role = account.role("Exported-Deployer").orElseThrow();
        assertThat(role.path()).isEqualTo("/ci/").isEqualTo(live.path());
        assertThat(role.maxSessionDuration()).isEqualTo(7200).isEqualTo(live.maxSessionDuration());
        assertThat(role.roleId()).isEqualTo(live.roleId());
        assertThat(role.tags()).isEqualTo(Map.of("env", "prod")).isEqualTo(live.tags());
        assertThat(JSON.readTree(role.assumeRolePolicyJson())).isEqualTo(JSON.readTree(live.assumeRolePolicy()));
        OidcProviderConfig provider = account.openIdConnectProviders().getFirst();
        assertThat(account.openIdConnectProviders()).hasSize(1);
        assertThat(provider.url()).isEqualTo(server.url());
        assertThat(provider.clientIds()).containsExactly("https://gitlab.com");
        assertThat(provider.thumbprints()).containsExactly("9e99a48a9960b14926bb7f3b02e22da2b0ab7280");
        // the file-declared account is unchanged
        assertThat(loaded.aws().account("111122223333").orElseThrow().roles().keySet())
                .isEqualTo(server.keyless().config().aws().account("111122223333").orElseThrow().roles().keySet());
    }

    @Test
    void gcpPoolProviderAndServiceAccountLoadBackAsTheLiveOnes() {
        GcpProject project = loaded.gcp().projects().get("my-project");
        GcpProject file = server.keyless().config().gcp().projects().get("my-project");
        assertThat(project.number()).isEqualTo(file.number());
        assertThat(project.pools().keySet()).containsExactlyInAnyOrder("gitlab-pool", "exported-pool");
        WorkloadIdentityPool pool = project.pools().get("exported-pool");
        assertThat(pool.disabled()).isFalse();
        assertThat(pool.sessionDuration()).contains(Duration.ofSeconds(1800));
        PoolProvider p = pool.providers().get("gitlab-exported");
        assertThat(p.issuerUri()).isEqualTo(server.url());
        assertThat(p.allowedAudiences()).containsExactly("https://gitlab.example");
        assertThat(p.attributeMapping()).isEqualTo(Map.of("google.subject", "assertion.sub",
                "attribute.project_path", "assertion.project_path"));
        assertThat(p.attributeCondition()).isEqualTo(Optional.of("assertion.namespace_path == 'mygroup'"));
        ServiceAccountConfig sa = project.serviceAccount("exported@my-project.iam.gserviceaccount.com").orElseThrow();
        var live = GcpResourceDocs.read(stored(GcpResourceDocs.SERVICE_ACCOUNT).getFirst().document(),
                GcpResourceDocs.ServiceAccountDoc.class);
        assertThat(sa.uniqueId()).isEqualTo(live.uniqueId());
        assertThat(sa.bindings()).isEqualTo(Map.of("roles/iam.workloadIdentityUser", List.of(
                "principalSet://iam.googleapis.com/projects/123456789012/locations/global/"
                        + "workloadIdentityPools/exported-pool/attribute.project_path/mygroup/myrepo")));
    }

    @Test
    void unexpressibleAttributesAreNamedInCommentsAndNoSecretIsPrinted() {
        assertThat(exported).contains("# aws.accounts." + ACCOUNT + ".roles.Exported-Deployer: description \"made by hand\"")
                .contains("inline permission policy \"read\"")
                .contains("attached managed policy arn:aws:iam::aws:policy/ReadOnlyAccess")
                .contains("tags {team=platform} not expressible")
                .contains("workloadIdentityPools.exported-pool: displayName \"Exported\"")
                .contains("workloadIdentityPools.gone-pool: soft-deleted")
                .contains("conditional binding of roles/iam.serviceAccountTokenCreator");
        assertThat(exported).doesNotContain(secretKey).doesNotContain(adminToken);
        assertThat(loaded.gcp().projects().get("my-project").pools()).doesNotContainKey("gone-pool");
    }

    @Test
    void aServerStartedFromTheExportDecidesExchangeAndAssumeRoleAlike() {
        // "127.0.0.1:8080" stands for "this server" in KeylessTestServer: the second server trusts itself.
        String yaml = exported.replace(server.hostAndPort(), "127.0.0.1:8080");
        try (KeylessTestServer second = KeylessTestServer.start(dir.resolve("second"), yaml, Clock.systemUTC(),
                Map.of())) {
            String audience = "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/"
                    + "exported-pool/providers/gitlab-exported";
            HttpResponse<String> allowed = GcpHttp.exchange(second.url(),
                    second.mint("https://gitlab.example", "mygroup/myrepo", "main"), audience);
            assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
            HttpResponse<String> refused = GcpHttp.exchange(second.url(),
                    second.mint("https://gitlab.example", "othergroup/repo", "main"), audience);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("unauthorized_client");

            String role = "arn:aws:iam::" + ACCOUNT + ":role/ci/Exported-Deployer";
            HttpResponse<String> assumed = assumeRole(second, role, second.mint("https://gitlab.com", "mygroup/myrepo",
                    "main"));
            assertThat(assumed.statusCode()).as(assumed.body()).isEqualTo(200);
            assertThat(assumed.body()).contains("<AssumedRoleUser>");
            HttpResponse<String> denied = assumeRole(second, role, second.mint("https://gitlab.com", "mygroup/myrepo",
                    "feature"));
            assertThat(denied.statusCode()).isEqualTo(403);
            assertThat(denied.body()).contains("<Code>AccessDenied</Code>");
        }
    }
}
