package dev.keyless.gcp.iam.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.gcp.http.GcpHttp;
import dev.keyless.testing.KeylessTestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The IAM v1 configuration API over a real socket: the create → exchange → delete cycle, the
 * validation table (each rule once: Google's status, a message naming the field, nothing stored)
 * and who may change trust.
 */
class GcpIamApiHttpTest {
    @TempDir
    static Path dir;
    static KeylessTestServer server;
    static String admin;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    static final String POOLS = "/v1/projects/my-project/locations/global/workloadIdentityPools";
    static final String NUMBER_POOLS = "/v1/projects/123456789012/locations/global/workloadIdentityPools";

    @BeforeAll
    static void start() {
        server = KeylessTestServer.startExample(dir.resolve("server"));
        admin = server.keyless().gcpIam().createAdminToken("my-project", "test");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static HttpResponse<String> call(String method, String path, String bearer, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
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

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String provider(String issuer, String condition) {
        return "{\"attributeCondition\": " + JSON.valueToTree(condition) + ", \"attributeMapping\": {"
                + "\"attribute.repository\": \"assertion.project_path\", \"google.subject\": \"assertion.sub\"},"
                + " \"disabled\": false, \"oidc\": {\"issuerUri\": \"" + issuer + "\"}}";
    }

    @Test
    void createdProviderServesExchangesAndDeleteUndeleteTakeEffect() {
        assertThat(call("POST", POOLS + "?alt=json&workloadIdentityPoolId=http-pool", admin,
                "{\"description\": \"d\", \"disabled\": false, \"displayName\": \"HTTP pool\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> created = call("POST", POOLS + "/http-pool/providers?workloadIdentityPoolProviderId=prov",
                admin, provider(server.url(), "attribute.repository == \"mygroup/myrepo\""));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(json(created).get("name").textValue()).startsWith("projects/123456789012/locations/global/"
                + "workloadIdentityPools/http-pool/providers/prov/operations/");
        String audience = "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/"
                + "http-pool/providers/prov";

        assertThat(GcpHttp.exchange(server.url(), server.mint(audience, "mygroup/myrepo", "main"), audience)
                .statusCode()).isEqualTo(200);
        HttpResponse<String> other = GcpHttp.exchange(server.url(), server.mint(audience, "mygroup/other", "main"),
                audience);
        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(other.body()).contains("unauthorized_client");

        assertThat(call("DELETE", POOLS + "/http-pool/providers/prov?alt=json", admin, null).statusCode()).isEqualTo(200);
        assertThat(json(call("GET", NUMBER_POOLS + "/http-pool/providers/prov", admin, null)).get("state").textValue())
                .isEqualTo("DELETED");
        HttpResponse<String> afterDelete = GcpHttp.exchange(server.url(),
                server.mint(audience, "mygroup/myrepo", "main"), audience);
        assertThat(afterDelete.statusCode()).as(afterDelete.body()).isEqualTo(400);
        assertThat(afterDelete.body()).contains("invalid_target");

        assertThat(call("POST", POOLS + "/http-pool/providers/prov:undelete", admin, "{}").statusCode()).isEqualTo(200);
        assertThat(GcpHttp.exchange(server.url(), server.mint(audience, "mygroup/myrepo", "main"), audience)
                .statusCode()).isEqualTo(200);

        // updateMask honoured: "disabled": false outside the mask does not re-enable a disabled pool
        assertThat(call("PATCH", POOLS + "/http-pool?updateMask=disabled", admin, "{\"disabled\": true}")
                .statusCode()).isEqualTo(200);
        assertThat(call("PATCH", POOLS + "/http-pool?updateMask=displayName", admin,
                "{\"disabled\": false, \"displayName\": \"renamed\"}").statusCode()).isEqualTo(200);
        JsonNode pool = json(call("GET", POOLS + "/http-pool", admin, null));
        assertThat(pool.get("disabled").booleanValue()).isTrue();
        assertThat(pool.get("displayName").textValue()).isEqualTo("renamed");
        HttpResponse<String> disabled = GcpHttp.exchange(server.url(), server.mint(audience, "mygroup/myrepo", "main"),
                audience);
        assertThat(disabled.statusCode()).isEqualTo(400);
        assertThat(disabled.body()).contains("invalid_target");
    }

    @Test
    void setIamPolicyWithStaleEtagIsAbortedAndPolicyKeepsTheWinner() {
        assertThat(call("POST", "/v1/projects/my-project/serviceAccounts", admin,
                "{\"accountId\": \"etag-test\", \"serviceAccount\": {}}").statusCode()).isEqualTo(200);
        String sa = "/v1/projects/-/serviceAccounts/etag-test@my-project.iam.gserviceaccount.com";
        JsonNode empty = json(call("POST", sa + ":getIamPolicy?options.requestedPolicyVersion=3", admin, null));
        assertThat(empty.get("etag").textValue()).isEqualTo("ACAB");
        String member = "principalSet://iam.googleapis.com/projects/123456789012/locations/global/"
                + "workloadIdentityPools/gitlab-pool/attribute.project_path/mygroup/a";
        String winner = "{\"policy\": {\"bindings\": [{\"members\": [\"" + member + "\"], \"role\": "
                + "\"roles/iam.workloadIdentityUser\"}], \"etag\": \"ACAB\", \"version\": 3}}";
        HttpResponse<String> first = call("POST", sa + ":setIamPolicy", admin, winner);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        HttpResponse<String> second = call("POST", sa + ":setIamPolicy", admin, winner.replace("mygroup/a", "mygroup/b"));
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(json(second).at("/error/status").textValue()).isEqualTo("ABORTED");
        JsonNode policy = json(call("POST", sa + ":getIamPolicy", admin, null));
        assertThat(policy.at("/bindings/0/members").toString()).isEqualTo("[\"" + member + "\"]");
        assertThat(policy.get("etag").textValue()).isNotEqualTo("ACAB").isEqualTo(json(first).get("etag").textValue());
    }

    static List<Arguments> violations() {
        String p = POOLS;
        String sa = "/v1/projects/my-project/serviceAccounts";
        String ok = "{\"accountId\": \"policy-target\", \"serviceAccount\": {}}";
        String policy = "/v1/projects/-/serviceAccounts/policy-target@my-project.iam.gserviceaccount.com:setIamPolicy";
        return List.of(
                Arguments.of("pool id pattern", "POST", p + "?workloadIdentityPoolId=bad_ID", "{}", 400,
                        "INVALID_ARGUMENT", "workloadIdentityPoolId"),
                Arguments.of("pool id length", "POST", p + "?workloadIdentityPoolId=abc", "{}", 400,
                        "INVALID_ARGUMENT", "workloadIdentityPoolId"),
                Arguments.of("reserved prefix", "POST", p + "?workloadIdentityPoolId=gcp-pool", "{}", 400,
                        "INVALID_ARGUMENT", "gcp-"),
                Arguments.of("displayName length", "POST", p + "?workloadIdentityPoolId=val-pool",
                        "{\"displayName\": \"" + "x".repeat(33) + "\"}", 400, "INVALID_ARGUMENT", "displayName"),
                Arguments.of("description length", "POST", p + "?workloadIdentityPoolId=val-pool",
                        "{\"description\": \"" + "x".repeat(257) + "\"}", 400, "INVALID_ARGUMENT", "description"),
                Arguments.of("sessionDuration range", "POST", p + "?workloadIdentityPoolId=val-pool",
                        "{\"sessionDuration\": \"60s\"}", 400, "INVALID_ARGUMENT", "sessionDuration"),
                Arguments.of("unknown field", "POST", p + "?workloadIdentityPoolId=val-pool",
                        "{\"colour\": \"red\"}", 400, "INVALID_ARGUMENT", "colour"),
                Arguments.of("duplicate key", "POST", p + "?workloadIdentityPoolId=val-pool",
                        "{\"disabled\": false, \"disabled\": true}", 400, "INVALID_ARGUMENT", "disabled"),
                Arguments.of("location", "POST", "/v1/projects/my-project/locations/us/workloadIdentityPools"
                        + "?workloadIdentityPoolId=val-pool", "{}", 400, "INVALID_ARGUMENT", "location"),
                Arguments.of("pool exists (file)", "POST", p + "?workloadIdentityPoolId=gitlab-pool", "{}", 409,
                        "ALREADY_EXISTS", "already exists"),
                Arguments.of("pool read-only (file)", "DELETE", p + "/gitlab-pool", null, 400,
                        "FAILED_PRECONDITION", "gcp.projects.my-project.workloadIdentityPools.gitlab-pool"),
                Arguments.of("provider of missing pool", "POST", p + "/no-such-pool/providers"
                        + "?workloadIdentityPoolProviderId=prov", provider("https://gitlab.com", "true"), 404,
                        "NOT_FOUND", "not found"),
                Arguments.of("provider id", "POST", p + "/gitlab-pool/providers?workloadIdentityPoolProviderId=P!",
                        provider("https://gitlab.com", "true"), 400, "INVALID_ARGUMENT",
                        "workloadIdentityPoolProviderId"),
                Arguments.of("http issuer", "POST", p + "/gitlab-pool/providers?workloadIdentityPoolProviderId=prov",
                        provider("http://gitlab.example.com", "true"), 400, "INVALID_ARGUMENT", "oidc.issuerUri"),
                Arguments.of("issuer required", "POST", p + "/gitlab-pool/providers?workloadIdentityPoolProviderId=prov",
                        "{\"attributeMapping\": {\"google.subject\": \"assertion.sub\"}, \"oidc\": {}}", 400,
                        "INVALID_ARGUMENT", "oidc.issuerUri"),
                Arguments.of("11 audiences", "POST", p + "/gitlab-pool/providers?workloadIdentityPoolProviderId=prov",
                        "{\"attributeMapping\": {\"google.subject\": \"assertion.sub\"}, \"oidc\": {\"issuerUri\": "
                                + "\"https://gitlab.com\", \"allowedAudiences\": [\"a\",\"b\",\"c\",\"d\",\"e\",\"f\","
                                + "\"g\",\"h\",\"i\",\"j\",\"k\"]}}", 400, "INVALID_ARGUMENT", "oidc.allowedAudiences"),
                Arguments.of("google.subject required", "POST", p + "/gitlab-pool/providers"
                        + "?workloadIdentityPoolProviderId=prov", "{\"attributeMapping\": {\"attribute.a\": "
                        + "\"assertion.a\"}, \"oidc\": {\"issuerUri\": \"https://gitlab.com\"}}", 400,
                        "INVALID_ARGUMENT", "google.subject"),
                Arguments.of("mapping key", "POST", p + "/gitlab-pool/providers?workloadIdentityPoolProviderId=prov",
                        "{\"attributeMapping\": {\"google.subject\": \"assertion.sub\", \"attribute.Bad\": "
                                + "\"assertion.a\"}, \"oidc\": {\"issuerUri\": \"https://gitlab.com\"}}", 400,
                        "INVALID_ARGUMENT", "attribute.Bad"),
                Arguments.of("mapping key length", "POST", p + "/gitlab-pool/providers"
                        + "?workloadIdentityPoolProviderId=prov", "{\"attributeMapping\": {\"google.subject\": "
                        + "\"assertion.sub\", \"attribute." + "a".repeat(101) + "\": \"assertion.a\"}, \"oidc\": "
                        + "{\"issuerUri\": \"https://gitlab.com\"}}", 400, "INVALID_ARGUMENT", "attribute.aaaa"),
                Arguments.of("51 custom attributes", "POST", p + "/gitlab-pool/providers"
                        + "?workloadIdentityPoolProviderId=prov", "{\"attributeMapping\": {\"google.subject\": "
                        + "\"assertion.sub\"" + java.util.stream.IntStream.range(0, 51)
                                .mapToObj(i -> ", \"attribute.a" + i + "\": \"assertion.sub\"")
                                .collect(java.util.stream.Collectors.joining())
                        + "}, \"oidc\": {\"issuerUri\": \"https://gitlab.com\"}}", 400, "INVALID_ARGUMENT",
                        "51 custom attributes"),
                Arguments.of("mapping expression size", "POST", p + "/gitlab-pool/providers"
                        + "?workloadIdentityPoolProviderId=prov", "{\"attributeMapping\": {\"google.subject\": "
                        + "\"assertion.sub" + " ".repeat(2048) + "\"}, \"oidc\": {\"issuerUri\": "
                        + "\"https://gitlab.com\"}}", 400, "INVALID_ARGUMENT", "google.subject: expression"),
                Arguments.of("condition size", "POST", p + "/gitlab-pool/providers?workloadIdentityPoolProviderId=prov",
                        provider("https://gitlab.com", "true" + " ".repeat(4096)), 400, "INVALID_ARGUMENT",
                        "attributeCondition"),
                Arguments.of("pool of unknown project", "POST", "/v1/projects/no-such-project/locations/global/"
                        + "workloadIdentityPools?workloadIdentityPoolId=val-pool", "{}", 403, "PERMISSION_DENIED",
                        "iam.workloadIdentityPools.create"),
                Arguments.of("mapping CEL", "POST", p + "/gitlab-pool/providers?workloadIdentityPoolProviderId=prov",
                        "{\"attributeMapping\": {\"google.subject\": \"assertion.sub +\"}, \"oidc\": {\"issuerUri\": "
                                + "\"https://gitlab.com\"}}", 400, "INVALID_ARGUMENT", "google.subject: "),
                Arguments.of("condition CEL", "POST", p + "/gitlab-pool/providers?workloadIdentityPoolProviderId=prov",
                        provider("https://gitlab.com", "attribute.repository == "), 400, "INVALID_ARGUMENT",
                        "attributeCondition"),
                Arguments.of("condition not bool", "POST", p + "/gitlab-pool/providers"
                        + "?workloadIdentityPoolProviderId=prov", provider("https://gitlab.com", "\"yes\""), 400,
                        "INVALID_ARGUMENT", "attributeCondition"),
                Arguments.of("jwks kty", "POST", p + "/gitlab-pool/providers?workloadIdentityPoolProviderId=prov",
                        "{\"attributeMapping\": {\"google.subject\": \"assertion.sub\"}, \"oidc\": {\"issuerUri\": "
                                + "\"https://gitlab.com\", \"jwksJson\": \"{\\\"keys\\\":[{\\\"kty\\\":\\\"oct\\\"}]}\"}}",
                        400, "INVALID_ARGUMENT", "oidc.jwksJson"),
                Arguments.of("updateMask required", "PATCH", p + "/mask-pool", "{\"disabled\": true}", 400,
                        "INVALID_ARGUMENT", "updateMask"),
                Arguments.of("updateMask path", "PATCH", p + "/mask-pool?updateMask=mode", "{}", 400,
                        "INVALID_ARGUMENT", "updateMask"),
                Arguments.of("accountId pattern", "POST", sa, "{\"accountId\": \"Bad\", \"serviceAccount\": {}}", 400,
                        "INVALID_ARGUMENT", "accountId"),
                Arguments.of("account exists (file)", "POST", sa, "{\"accountId\": \"deployer\", \"serviceAccount\": "
                        + "{}}", 409, "ALREADY_EXISTS", "deployer already exists"),
                Arguments.of("account displayName", "POST", sa, "{\"accountId\": \"long-name\", \"serviceAccount\": "
                        + "{\"displayName\": \"" + "x".repeat(101) + "\"}}", 400, "INVALID_ARGUMENT",
                        "serviceAccount.displayName"),
                Arguments.of("member syntax", "POST", policy, "{\"policy\": {\"bindings\": [{\"members\": "
                        + "[\"bogus-member\"], \"role\": \"roles/iam.workloadIdentityUser\"}], \"version\": 3}}", 400,
                        "INVALID_ARGUMENT", "policy.bindings[0].members"),
                Arguments.of("member pool missing", "POST", policy, "{\"policy\": {\"bindings\": [{\"members\": "
                        + "[\"principalSet://iam.googleapis.com/projects/123456789012/locations/global/"
                        + "workloadIdentityPools/nope-pool/*\"], \"role\": \"roles/iam.workloadIdentityUser\"}], "
                        + "\"version\": 3}}", 400, "INVALID_ARGUMENT", "nope-pool"),
                Arguments.of("member project missing", "POST", policy, "{\"policy\": {\"bindings\": [{\"members\": "
                        + "[\"principalSet://iam.googleapis.com/projects/999999999999/locations/global/"
                        + "workloadIdentityPools/gitlab-pool/*\"], \"role\": \"roles/iam.workloadIdentityUser\"}], "
                        + "\"version\": 3}}", 400, "INVALID_ARGUMENT", "project number 999999999999"),
                Arguments.of("role syntax", "POST", policy, "{\"policy\": {\"bindings\": [{\"members\": "
                        + "[\"user:a@example.com\"], \"role\": \"owner\"}], \"version\": 3}}", 400,
                        "INVALID_ARGUMENT", "policy.bindings[0].role"),
                Arguments.of("condition needs version 3", "POST", policy, "{\"policy\": {\"bindings\": [{\"members\": "
                        + "[\"user:a@example.com\"], \"role\": \"roles/viewer\", \"condition\": {\"title\": \"t\", "
                        + "\"expression\": \"true\"}}], \"version\": 1}}", 400, "INVALID_ARGUMENT", "policy.version"),
                Arguments.of("file account policy read-only", "POST", "/v1/projects/-/serviceAccounts/"
                        + "deployer@my-project.iam.gserviceaccount.com:setIamPolicy", "{\"policy\": {}}", 400,
                        "FAILED_PRECONDITION", "gcp.projects.my-project.serviceAccounts.deployer"),
                Arguments.of("setup", "POST", sa, ok, 200, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void eachRuleViolatedOnceIsRefusedNamingTheFieldAndNothingIsStored(String rule, String method, String path,
            String body, int status, String googleStatus, String fieldInMessage) {
        if (googleStatus == null) {
            call(method, path, admin, body); // the account the policy rows need; may already exist
            return;
        }
        if (path.contains("mask-pool")) {
            call("POST", POOLS + "?workloadIdentityPoolId=mask-pool", admin, "{}");
        }
        if (path.contains("policy-target")) {
            call("POST", "/v1/projects/my-project/serviceAccounts", admin,
                    "{\"accountId\": \"policy-target\", \"serviceAccount\": {}}");
        }
        long before = server.keyless().resources().revision();

        HttpResponse<String> r = call(method, path, admin, body);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode error = json(r).get("error");
        assertThat(error.get("status").textValue()).isEqualTo(googleStatus);
        assertThat(error.get("code").intValue()).isEqualTo(status);
        assertThat(error.get("message").textValue()).contains(fieldInMessage);
        assertThat(server.keyless().resources().revision()).as("nothing stored").isEqualTo(before);
        System.out.printf("validation %-28s → %d %s: %s%n", rule, status, googleStatus, error.get("message").textValue());
    }

    @Test
    void adminTokenPrintedOnceByTheCliIsAcceptedAndOnlyItsDigestIsStored() {
        var cli = dev.keyless.testing.InProcessCli.run(server.dir(), java.time.Clock.systemUTC(), "", "admin", "token",
                "create", "--project", "my-project", "--config", server.configFile().toString());
        assertThat(cli.exitCode()).as(cli.all()).isZero();
        String token = cli.out().strip();
        assertThat(token).startsWith("keyless-admin.");

        assertThat(call("GET", POOLS, token, null).statusCode()).isEqualTo(200);
        assertThat(server.keyless().resources().load().resources()).noneMatch(r -> r.document().contains(token)
                || r.name().contains(token) || r.key().nameKey().contains(token));
        var unknown = dev.keyless.testing.InProcessCli.run(server.dir(), java.time.Clock.systemUTC(), "", "admin",
                "token", "create", "--project", "nope", "--config", server.configFile().toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no GCP project \"nope\"");
    }

    @Test
    void everyChangeAndEveryRefusalIsAuditedWithCallerMethodResourceAndEtags() {
        String path = "/v1/projects/my-project/serviceAccounts";
        String resource = "projects/my-project/serviceAccounts/audit-probe@my-project.iam.gserviceaccount.com";
        java.time.Instant since = java.time.Instant.now().minusMillis(1);
        assertThat(call("POST", path, null, "{\"accountId\": \"audit-probe\"}").statusCode()).isEqualTo(401);
        assertThat(call("POST", path, admin, "{\"accountId\": \"audit-probe\"}").statusCode()).isEqualTo(200);
        assertThat(call("POST", path, admin, "{\"accountId\": \"audit-probe\"}").statusCode()).isEqualTo(409);
        assertThat(call("GET", "/v1/projects/-/serviceAccounts/audit-probe@my-project.iam.gserviceaccount.com", admin,
                null).statusCode()).isEqualTo(200);

        List<dev.keyless.audit.AuditEvent> events = server.keyless().auditStore().query(dev.keyless.audit.AuditQuery
                .all().withKind(dev.keyless.audit.AuditKind.GCP_IAM_CONFIG).withLimit(1000));
        List<dev.keyless.audit.AuditEvent> mine = events.stream().filter(e -> !e.time().isBefore(since)).toList();
        assertThat(mine).extracting(e -> e.decision().name() + " " + e.reason())
                .contains("DENY HTTP 401", "ALLOW changed", "DENY HTTP 409");
        dev.keyless.audit.AuditEvent change = mine.stream().filter(e -> e.reason().equals("changed")).findFirst()
                .orElseThrow();
        assertThat(change.subject()).startsWith("admin:my-project:");
        assertThat(change.message()).startsWith("POST projects/my-project/serviceAccounts → " + resource + " etag - → ")
                .containsPattern("etag - → \\S+ sha256:[0-9a-f]{16}$");
        assertThat(mine).as("a successful read is not a change").hasSize(3);
        assertThat(events).noneMatch(e -> String.valueOf(e.message()).contains(admin)
                || String.valueOf(e.subject()).contains(admin));
        System.out.println("audit: " + mine.stream().map(e -> e.decision() + " " + e.reason() + " " + e.message())
                .toList());
    }

    @Test
    void onlyAnAdministratorOfTheProjectMayChangeTrust() {
        String create = "{\"accountId\": \"auth-test\", \"serviceAccount\": {}}";
        String path = "/v1/projects/my-project/serviceAccounts";
        long before = server.keyless().resources().revision();
        HttpResponse<String> none = call("POST", path, null, create);
        HttpResponse<String> forged = call("POST", path, "keyless-admin.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", create);
        HttpResponse<String> notKeyless = call("POST", path, "ya29.forged", create);
        assertThat(List.of(none.statusCode(), forged.statusCode(), notKeyless.statusCode())).containsOnly(401);
        assertThat(json(none).at("/error/status").textValue()).isEqualTo("UNAUTHENTICATED");
        assertThat(server.keyless().resources().revision()).isEqualTo(before);
        assertThat(call("GET", path + "/auth-test@my-project.iam.gserviceaccount.com", admin, null).statusCode())
                .isEqualTo(404);

        // Keyless's own access tokens: an expired one is 401; a valid one of a service account that holds no
        // project role is 403; neither changes anything
        java.time.Instant now = java.time.Instant.now();
        var tokens = server.keyless().gcp().tokens();
        String expired = tokens.seal(new dev.keyless.gcp.iam.ServiceAccountToken("deployer@my-project.iam"
                + ".gserviceaccount.com", "100000000000000000001", List.of("https://www.googleapis.com/auth/cloud-platform"),
                now.minusSeconds(7200), now.minusSeconds(3600), "test"));
        String noRole = tokens.seal(new dev.keyless.gcp.iam.ServiceAccountToken("deployer@my-project.iam"
                + ".gserviceaccount.com", "100000000000000000001", List.of("https://www.googleapis.com/auth/cloud-platform"),
                now, now.plusSeconds(3600), "test"));
        HttpResponse<String> expiredReply = call("POST", path, expired, create);
        HttpResponse<String> noRoleReply = call("POST", path, noRole, create);
        assertThat(expiredReply.statusCode()).isEqualTo(401);
        assertThat(noRoleReply.statusCode()).isEqualTo(403);
        assertThat(json(noRoleReply).at("/error/message").textValue())
                .isEqualTo("Permission 'iam.serviceAccounts.create' denied on resource (or it may not exist).");
        assertThat(server.keyless().resources().revision()).as("nothing stored").isEqualTo(before);
        System.out.printf("authorization: none %d, forged %d, not Keyless %d, expired %d, no role %d%n",
                none.statusCode(), forged.statusCode(), notKeyless.statusCode(), expiredReply.statusCode(),
                noRoleReply.statusCode());

        HttpResponse<String> ok = call("POST", path, admin, create);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(json(ok).get("email").textValue()).isEqualTo("auth-test@my-project.iam.gserviceaccount.com");
        assertThat(json(ok).get("uniqueId").textValue()).matches("1[0-9]{20}");
    }
}
