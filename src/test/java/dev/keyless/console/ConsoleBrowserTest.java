package dev.keyless.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.issuer.Audience;
import dev.keyless.issuer.ClaimResult;
import dev.keyless.issuer.JobContext;
import dev.keyless.issuer.RefType;
import dev.keyless.testing.AwsClientEnv;
import dev.keyless.testing.InProcessCli;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.LauncherServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import dev.keyless.testing.Repo;
import dev.keyless.testing.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in a real browser (Debian's chromium driven by playwright-core), against a server
 * that the AWS CLI has just been refused and allowed by: the request ids the CLI printed open the
 * decisions, a new exchange appears live, the playground's decision equals {@code keyless explain}'s,
 * script payloads in claims stay text, axe-core finds no serious violation, and every page is
 * photographed into docs/console/. Access (no session, forged and expired cookies, CSRF, roles) is
 * checked over the socket with plain HTTP as well.
 */
class ConsoleBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = LauncherServer.EXAMPLE_ROLE_ARN;
    private static final Pattern REQUEST_ID = Pattern.compile("x-amzn-RequestId['\"]?\\s*:\\s*['\"]([^'\"]+)['\"]",
            Pattern.CASE_INSENSITIVE);
    private static final String XSS_SUB = "<img src=x onerror=alert(1)>";
    private static final String XSS_REF = "<script>alert(2)</script>";
    private static final String XSS_PROJECT = "\"><svg onload=alert(3)>";
    private static final String XSS_CUSTOM = "<iframe src=javascript:alert(4)></iframe>";

    @Test
    void theConsoleShowsTheServersDecisionsInARealBrowser(@TempDir Path dir) throws Exception {
        Path chromium = RealClients.require("chromium (Debian's chromium package)", Path.of("/usr/bin/chromium"));
        Path node = RealClients.node();
        Path modules = RealClients.nodeModules();
        RealClients.requireDir("npm playwright-core", modules.resolve("playwright-core"));
        RealClients.requireDir("npm axe-core", modules.resolve("axe-core"));
        Path aws = RealClients.awsCliV1();
        TestClock clock = new TestClock(Instant.now());
        try (KeylessTestServer server = KeylessTestServer.start(dir.resolve("server"), withConsoleViewer(Repo.exampleYaml()), clock, Map.of())) {
            String url = server.url();
            String adminToken = server.keyless().gcpIam().createAdminToken("my-project", "console test");
            Map<String, String> env = AwsClientEnv.clean(dir.resolve("home"));
            env.put("AWS_ENDPOINT_URL_STS", url);

            // The AWS CLI refused (feature branch) and allowed (main); --debug prints the response's request id.
            String featureToken = server.mint("sts.amazonaws.com", "mygroup/myrepo", "feature-x");
            Cli denied = assume(aws, env, dir, featureToken, "denied");
            assertThat(denied.run.exitCode()).as(denied.run.all()).isNotZero();
            assertThat(denied.run.stderr()).contains("AccessDenied");
            Cli allowed = assume(aws, env, dir, server.mint("sts.amazonaws.com", "mygroup/myrepo", "main"), "allowed");
            assertThat(allowed.run.exitCode()).as(allowed.run.all()).isZero();

            // Script payloads in sub, ref, project_path and a custom claim, exchanged like any token.
            String xssToken = xssToken(server);
            Cli xss = assume(aws, env, dir, xssToken, "xss");
            assertThat(xss.run.exitCode()).as(xss.run.all()).isNotZero();

            // keyless explain on the same feature-branch token, for the playground to agree with.
            Path tokenFile = Files.writeString(dir.resolve("feature.jwt"), featureToken);
            InProcessCli.Result explain = InProcessCli.run(server.dir(), clock, "", "explain", "--config",
                    server.configFile().toString(), "--token", tokenFile.toString(), "--role-arn", ROLE, "--format", "json");
            assertThat(explain.exitCode()).as(explain.all()).isEqualTo(1);
            JsonNode explained = JSON.readTree(explain.out());
            JsonNode explainDecisive = firstFailed(explained.path("checks"));

            String viewerToken = exchange(server, "mygroup/myrepo").path("access_token").asText();
            assertThat(viewerToken).isNotEmpty();
            // Any CI job can get a Keyless access token: one whose principal holds no project role may not look.
            String noRoleToken = exchange(server, "mygroup/other").path("access_token").asText();
            assertThat(noRoleToken).isNotEmpty();
            // A GCP exchange the provider's attribute condition refuses (another group).
            JsonNode gcpDenied = exchange(server, "othergroup/repo");
            assertThat(gcpDenied.path("status").asInt()).isEqualTo(400);
            // GCP trust created through the IAM v1 API: the Trust page lists it, marked as such.
            try (HttpClient http = HttpClient.newHttpClient()) {
                ConsoleRemoteAndLiveTrustTest.createThroughIamApi(http, url, adminToken);
            }
            String clientSecretDigest = server.keyless().config().issuer().clients().get(0).secretSha256();

            Map<String, Object> input = new LinkedHashMap<>();
            input.put("url", url);
            input.put("adminToken", adminToken);
            input.put("viewerToken", viewerToken);
            input.put("deniedRequestId", denied.requestId);
            input.put("allowedRequestId", allowed.requestId);
            input.put("xssRequestId", xss.requestId);
            input.put("gcpDeniedRequestId", gcpDenied.path("requestId").asText());
            input.put("featureToken", featureToken);
            input.put("liveToken", server.mint("sts.amazonaws.com", "mygroup/myrepo", "main"));
            input.put("xssToken", xssToken);
            input.put("roleArn", ROLE);
            input.put("xssTexts", List.of(XSS_SUB, XSS_REF, XSS_PROJECT, XSS_CUSTOM));
            // The audit record keeps the subject; the other claims are in the token only (playground).
            input.put("decisionTexts", List.of(XSS_SUB));
            input.put("clientSecretSha256", clientSecretDigest);
            input.put("trustTexts", List.of("Pool gitlab-pool", "source: keyless.yaml", "Pool api-pool", "source: IAM API",
                    "Provider api-prov ", "Provider api-prov2 ", "api-sa@my-project.iam.gserviceaccount.com · source: IAM API"));
            input.put("screenshots", Repo.root().resolve("docs/console").toString());
            input.put("userDataDir", dir.resolve("chromium-profile").toString());
            long started = System.nanoTime();
            Processes.Result run = Processes.run(List.of(node.toString(),
                            Repo.root().resolve(".ci/node/scripts/console-browser.mjs").toString()),
                    Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                            "HOME", dir.resolve("node-home").toString()),
                    Repo.root().resolve(".ci/node"), Duration.ofSeconds(240), JSON.writeValueAsString(input));
            assertThat(run.exitCode()).as(run.all()).isZero();
            JsonNode out = JSON.readTree(run.stdout().lines().reduce((a, b) -> b).orElse("{}"));
            System.out.println("ConsoleBrowserTest: chromium " + chromium + ", browser run "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
            assertThat(out.path("failure").isMissingNode()).as(out.path("failure").asText()).isTrue();

            // (5) Without a session every page lands on the sign-in page.
            out.path("unauthenticated").fields().forEachRemaining(f ->
                    assertThat(f.getValue().asText()).as(f.getKey()).isEqualTo("/console/signin"));

            // (1) The denied request: decisive check, and the sub condition with expected and actual.
            JsonNode d = out.path("denied");
            assertThat(d.path("title").asText()).contains(denied.requestId);
            assertThat(d.path("partTitle").asText()).contains(denied.requestId);
            assertThat(d.path("decisive")).hasSize(1);
            assertThat(d.path("decisive").get(0).get(0).asText()).contains("trust policy");
            JsonNode condition = d.path("decisiveCondition");
            assertThat(condition).hasSize(1);
            assertThat(condition.get(0).get(2).asText()).isEqualTo(server.hostAndPort() + ":sub");
            assertThat(condition.get(0).get(3).asText()).isEqualTo("project_path:mygroup/myrepo:ref_type:branch:ref:main");
            assertThat(condition.get(0).get(4).asText()).isEqualTo("project_path:mygroup/myrepo:ref_type:branch:ref:feature-x");
            System.out.println("(1) denied " + denied.requestId + ": decisive " + d.path("decisive").get(0).get(0).asText()
                    + "; condition " + condition.get(0).get(1).asText() + " " + condition.get(0).get(2).asText()
                    + " expected " + condition.get(0).get(3).asText() + " actual " + condition.get(0).get(4).asText());
            JsonNode a = out.path("allowed");
            assertThat(a.path("title").asText()).contains(allowed.requestId);
            List<String> statuses = new ArrayList<>();
            a.path("statuses").forEach(s -> statuses.add(s.asText()));
            assertThat(statuses).isNotEmpty().allMatch("pass"::equals);
            assertThat(a.path("decisive").asInt()).isZero();
            System.out.println("(1) allowed " + allowed.requestId + ": " + statuses.size() + " checks, all pass");

            JsonNode g = out.path("gcpDenied");
            assertThat(g.path("title").asText()).contains(gcpDenied.path("requestId").asText());
            assertThat(g.path("decisive")).hasSize(1);
            assertThat(g.path("decisive").get(0).get(0).asText()).isEqualTo("attribute condition (decisive)");
            assertThat(g.path("decisive").get(0).get(3).asText()).contains("false");
            System.out.println("(1) GCP denied " + gcpDenied.path("requestId").asText() + ": decisive "
                    + g.path("decisive").get(0).get(0).asText() + ", expected " + g.path("decisive").get(0).get(2).asText()
                    + ", actual " + g.path("decisive").get(0).get(3).asText());

            // (2) Live within 2 s, no reload.
            JsonNode live = out.path("live");
            assertThat(live.path("millis").asLong()).isLessThanOrEqualTo(2000);
            assertThat(live.path("reloads").asInt()).isZero();
            System.out.println("(2) live: " + live.path("requestId").asText() + " listed " + live.path("millis").asLong()
                    + " ms after the SDK got its answer, " + live.path("reloads").asInt() + " reloads");

            // (3) The playground decides as keyless explain does.
            JsonNode pg = out.path("playground");
            assertThat(pg.path("decision").asText()).startsWith("DENIED");
            assertThat(pg.path("decisive")).hasSize(1);
            JsonNode pgDecisive = pg.path("decisive").get(0);
            assertThat(pgDecisive.get(0).asText()).isEqualTo(explainDecisive.path("name").asText() + " (decisive)");
            assertThat(pgDecisive.get(2).asText()).isEqualTo(explainDecisive.path("expected").asText());
            assertThat(pgDecisive.get(3).asText()).isEqualTo(explainDecisive.path("actual").asText());
            assertThat(pg.path("checks")).hasSize(explained.path("checks").size());
            assertThat(pg.path("minted").asText()).startsWith("ALLOWED");
            JsonNode gcp = pg.path("gcp");
            assertThat(gcp.path("decision").asText()).as(gcp.toString()).startsWith("ALLOWED");
            assertThat(gcp.path("checks").toString()).contains("attribute condition=pass");
            System.out.println("(3) playground GCP (provider gitlab, deployer@): " + gcp.path("decision").asText() + ", "
                    + gcp.path("checks").size() + " checks");
            System.out.println("(3) playground: " + pg.path("decision").asText() + " | keyless explain: "
                    + explained.path("decision").asText() + " at " + explainDecisive.path("name").asText() + " ("
                    + explained.path("checks").size() + " checks each); minted main-branch token: "
                    + pg.path("minted").asText().substring(0, 7));

            // (4) Payloads as text, nothing ran.
            JsonNode x = out.path("xss");
            assertThat(x.path("shownInDecision")).hasSize(1);
            assertThat(x.path("shownInPlayground")).hasSize(4);
            assertThat(x.path("injectedElements").asInt()).isZero();
            assertThat(x.path("dialogs")).isEmpty();
            assertThat(x.path("pageErrors")).isEmpty();
            assertThat(x.path("consoleErrors")).isEmpty();
            assertThat(out.path("dialogs")).isEmpty();
            System.out.println("(4) payloads shown as text: decision " + x.path("shownInDecision").size()
                    + "/1, playground " + x.path("shownInPlayground").size() + "/4; dialogs 0, page errors 0, console errors 0");

            // Rotation: confirmation, administrator yes, viewer no; the trust page shows no client secret.
            JsonNode rotation = out.path("rotation");
            assertThat(rotation.path("confirmShown").asBoolean()).isTrue();
            assertThat(rotation.path("admin").asText()).startsWith("Done: new key");
            assertThat(rotation.path("keysAfter").asInt()).isGreaterThan(rotation.path("keysBefore").asInt());
            assertThat(rotation.path("viewer").asText()).startsWith("Refused (403)");
            assertThat(out.path("trust").path("hasSecret").asBoolean()).isFalse();
            List<String> missing = new ArrayList<>();
            out.path("trust").path("missing").forEach(m -> missing.add(m.asText()));
            assertThat(missing).as("texts the Trust page should show").isEmpty();
            System.out.println("trust: IAM API pool api-pool, providers api-prov and api-prov2 and service account api-sa@"
                    + " shown with source: IAM API");
            System.out.println("rotation: admin '" + rotation.path("admin").asText() + "', viewer '"
                    + rotation.path("viewer").asText() + "'");

            // (6) axe-core: no serious or critical violation on any page.
            List<String> serious = new ArrayList<>();
            StringBuilder axeSummary = new StringBuilder();
            out.path("axe").fields().forEachRemaining(f -> {
                axeSummary.append(f.getKey()).append('=').append(f.getValue().size()).append(' ');
                f.getValue().forEach(v -> {
                    if (v.path("impact").asText().equals("serious") || v.path("impact").asText().equals("critical")) {
                        serious.add(f.getKey() + ": " + v);
                    }
                });
            });
            assertThat(out.path("axe").size()).isEqualTo(5);
            assertThat(serious).isEmpty();
            System.out.println("(6) axe-core violations per page (any impact): " + axeSummary.toString().strip()
                    + "; serious or critical: 0");

            // (7) Screenshots of every page.
            List<String> shots = new ArrayList<>();
            out.path("screenshots").forEach(s -> shots.add(Path.of(s.asText()).getFileName().toString()));
            assertThat(shots).contains("signin.png", "decisions.png", "trust.png", "keys.png", "playground.png");
            for (String s : shots) {
                assertThat(Files.size(Repo.root().resolve("docs/console").resolve(s))).isGreaterThan(1000);
            }
            assertThat(out.path("phone").path("scrollWidth").asInt()).isLessThanOrEqualTo(390);
            System.out.println("(7) screenshots: " + shots + "; phone width scrollWidth "
                    + out.path("phone").path("scrollWidth").asInt());
            assertThat(out.path("consoleErrors")).as("console errors").allMatch(e -> !e.asText().contains("third-party"));

            // (5) Access over plain HTTP: every page and API without a session, forged and expired
            // cookies, a cross-site POST without the CSRF token, rotation by a viewer.
            ConsoleAccessChecks.run(url, adminToken, viewerToken, noRoleToken, clock, server.keyless());
        }
    }

    private record Cli(Processes.Result run, String requestId) {}

    private static Cli assume(Path aws, Map<String, String> env, Path dir, String token, String session) throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token-" + session), token);
        Processes.Result r = Processes.run(List.of(aws.toString(), "--debug", "sts", "assume-role-with-web-identity",
                "--role-arn", ROLE, "--role-session-name", session, "--web-identity-token", "file://" + tokenFile,
                "--output", "json"), env, dir, Duration.ofSeconds(60), null);
        Matcher m = REQUEST_ID.matcher(r.stderr());
        String id = null;
        while (m.find()) {
            id = m.group(1);
        }
        assertThat(id).as("the AWS CLI's debug output names the request id: " + r.stderr()).isNotNull();
        return new Cli(r, id);
    }

    private static String xssToken(KeylessTestServer server) {
        ClaimResult prepared = server.keyless().minter().prepare(
                JobContext.builder("mygroup/myrepo", "main").refType(RefType.BRANCH).build(), Audience.of("sts.amazonaws.com"));
        ClaimResult.Claims claims = (ClaimResult.Claims) prepared;
        Map<String, Object> merged = new LinkedHashMap<>(claims.claims());
        merged.put("sub", XSS_SUB);
        merged.put("ref", XSS_REF);
        merged.put("project_path", XSS_PROJECT);
        merged.put("x_custom", XSS_CUSTOM);
        return server.keyless().minter().sign(new ClaimResult.Claims(merged, claims.jti(), claims.expiresAt())).token();
    }

    /**
     * A {@code /v1/token} exchange of a job token of {@code projectPath}: the federated access token of
     * an allowed one (a Keyless token: it signs in a read-only console session), or the refusal, each
     * with the request id the server answered under.
     */
    /**
     * The example configuration with {@code roles/viewer} in my-project for the jobs of
     * mygroup/myrepo: a Keyless access token of theirs signs in a read-only console session.
     */
    static String withConsoleViewer(String exampleYaml) {
        String project = "      number: \"123456789012\"";
        assertThat(exampleYaml).containsOnlyOnce(project).doesNotContain("iamBindings:");
        return exampleYaml.replace(project, "      iamBindings:\n        roles/viewer:\n          - principalSet://iam.googleapis.com"
                + "/projects/123456789012/locations/global/workloadIdentityPools/gitlab-pool/attribute.project_path/mygroup/myrepo\n"
                + project);
    }

    private static JsonNode exchange(KeylessTestServer server, String projectPath) throws Exception {
        String audience = "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/gitlab-pool/providers/gitlab";
        String subject = server.mint(audience, projectPath, "main");
        String form = "grant_type=" + enc("urn:ietf:params:oauth:grant-type:token-exchange") + "&audience=" + enc(audience)
                + "&scope=" + enc("https://www.googleapis.com/auth/cloud-platform")
                + "&requested_token_type=" + enc("urn:ietf:params:oauth:token-type:access_token")
                + "&subject_token_type=" + enc("urn:ietf:params:oauth:token-type:jwt") + "&subject_token=" + enc(subject);
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            var body = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(r.body());
            body.put("status", r.statusCode()).put("requestId", r.headers().firstValue("X-Request-Id").orElseThrow());
            return body;
        }
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static JsonNode firstFailed(JsonNode checks) {
        for (JsonNode c : checks) {
            if (c.path("status").asText().equals("fail")) {
                return c;
            }
        }
        throw new AssertionError("keyless explain found no failed check: " + checks);
    }
}
