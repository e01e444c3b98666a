package dev.keyless.gcp.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.audit.AuditEvent;
import dev.keyless.audit.AuditQuery;
import dev.keyless.gcp.http.GcpHttp;
import dev.keyless.issuer.Audience;
import dev.keyless.issuer.ClaimBuilder;
import dev.keyless.issuer.ClaimResult;
import dev.keyless.issuer.IssuerSettings;
import dev.keyless.issuer.JobContext;
import dev.keyless.issuer.RefType;
import dev.keyless.issuer.TokenMinter;
import dev.keyless.testing.InProcessCli;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Repo;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One table of GCP cases through the three ways Keyless decides them — the real endpoints over a
 * socket ({@code /v1/token}, then {@code :generateAccessToken}), {@code keyless explain}, and
 * {@code keyless test} with the token's own claims — asserting the same decision and the same
 * decisive check in all three. The server's decisive check is the one it recorded in the audit log
 * for the request id it answered with.
 */
class GcpDecisionParityTest {
    private static final String NUMBER = "123456789012";
    private static final String POOLS = "//iam.googleapis.com/projects/" + NUMBER + "/locations/global/workloadIdentityPools/";
    private static final String GITLAB = POOLS + "gitlab-pool/providers/gitlab";
    private static final String NARROW = POOLS + "gitlab-pool/providers/narrow";
    private static final String MEMBERS = "iam.googleapis.com/projects/" + NUMBER
            + "/locations/global/workloadIdentityPools/gitlab-pool";
    private static final String DEPLOYER = "deployer@my-project.iam.gserviceaccount.com";
    private static final String MAIN_ONLY = "mainonly@my-project.iam.gserviceaccount.com";
    private static final String POOL_WIDE = "pool-wide@my-project.iam.gserviceaccount.com";
    private static final String GCP = """
            gcp:
              projects:
                my-project:
                  number: "%1$s"
                  workloadIdentityPools:
                    gitlab-pool:
                      providers:
                        gitlab:
                          issuerUri: http://127.0.0.1:8080
                          attributeMapping:
                            google.subject: assertion.sub
                            attribute.project_path: assertion.project_path
                            attribute.namespace_path: assertion.namespace_path
                            attribute.ref: assertion.ref
                          attributeCondition: assertion.namespace_path == "mygroup"
                        gitlab-off:
                          disabled: true
                          issuerUri: http://127.0.0.1:8080
                          attributeMapping: {google.subject: assertion.sub}
                        narrow:
                          issuerUri: http://127.0.0.1:8080
                          allowedAudiences: [https://narrow.example]
                          attributeMapping: {google.subject: assertion.sub}
                    closed-pool:
                      disabled: true
                      providers:
                        gitlab:
                          issuerUri: http://127.0.0.1:8080
                          attributeMapping: {google.subject: assertion.sub}
                  serviceAccounts:
                    deployer:
                      bindings:
                        roles/iam.workloadIdentityUser:
                          - principalSet://%2$s/attribute.project_path/mygroup/myrepo
                    mainonly:
                      bindings:
                        roles/iam.workloadIdentityUser:
                          - principal://%2$s/subject/project_path:mygroup/myrepo:ref_type:branch:ref:main
                    pool-wide:
                      bindings:
                        roles/iam.serviceAccountTokenCreator:
                          - principalSet://%2$s/*

            """.formatted(NUMBER, MEMBERS);

    /** How a case's token is made: a GitLab job's claims, then changes to them, signed by the server's key. */
    record Case(String name, String audience, Optional<String> serviceAccount, String project, String ref,
                Consumer<Map<String, Object>> change, Minter minter, boolean allowed, String decisive) {
        @Override
        public String toString() {
            return name;
        }
    }

    enum Minter { NOW, TWO_HOURS_AGO, FOREIGN_ISSUER }

    private static Case allow(String name, String audience, String sa, String project, String ref) {
        return new Case(name, audience, Optional.ofNullable(sa), project, ref, c -> { }, Minter.NOW, true, "");
    }

    private static Case deny(String name, String audience, String sa, String project, Consumer<Map<String, Object>> change,
                             Minter minter, String decisive) {
        return new Case(name, audience, Optional.ofNullable(sa), project, "main", change, minter, false, decisive);
    }

    static Stream<Case> cases() {
        Consumer<Map<String, Object>> none = c -> { };
        return Stream.of(
                allow("allowed exchange", GITLAB, null, "mygroup/myrepo", "main"),
                allow("allowed impersonation by principalSet attribute", GITLAB, DEPLOYER, "mygroup/myrepo", "feature"),
                allow("allowed impersonation by principal subject", GITLAB, MAIN_ONLY, "mygroup/myrepo", "main"),
                allow("allowed impersonation by tokenCreator on the whole pool", GITLAB, POOL_WIDE, "mygroup/other", "main"),
                new Case("allowed custom audience", NARROW, Optional.empty(), "anyone/repo", "main",
                        c -> c.put("aud", "https://narrow.example"), Minter.NOW, true, ""),
                deny("condition false", GITLAB, DEPLOYER, "othergroup/myrepo", none, Minter.NOW, "attribute condition"),
                deny("no binding for the project", GITLAB, DEPLOYER, "mygroup/other", none, Minter.NOW,
                        "service account binding"),
                new Case("principal binding names another ref", GITLAB, Optional.of(MAIN_ONLY), "mygroup/myrepo", "feature",
                        none, Minter.NOW, false, "service account binding"),
                deny("unknown service account", GITLAB, "nobody@my-project.iam.gserviceaccount.com", "mygroup/myrepo",
                        none, Minter.NOW, "service account binding"),
                deny("disabled provider", POOLS + "gitlab-pool/providers/gitlab-off", null, "mygroup/myrepo", none,
                        Minter.NOW, "provider"),
                deny("disabled pool", POOLS + "closed-pool/providers/gitlab", null, "mygroup/myrepo", none, Minter.NOW,
                        "provider"),
                deny("unknown provider", POOLS + "gitlab-pool/providers/github", null, "mygroup/myrepo", none,
                        Minter.NOW, "provider"),
                deny("unknown pool", POOLS + "no-such-pool/providers/gitlab", null, "mygroup/myrepo", none, Minter.NOW,
                        "provider"),
                deny("wrong audience", GITLAB, null, "mygroup/myrepo", c -> c.put("aud", "https://gitlab.example.com"),
                        Minter.NOW, "audience"),
                deny("default audience where allowedAudiences is set", NARROW, null, "mygroup/myrepo", none, Minter.NOW,
                        "audience"),
                deny("mapping: claim missing (CEL runtime error)", GITLAB, null, "mygroup/myrepo",
                        c -> c.remove("namespace_path"), Minter.NOW, "attribute mapping"),
                deny("mapping: google.subject over 127 bytes", GITLAB, null, "mygroup/myrepo",
                        c -> c.put("sub", "project_path:mygroup/myrepo:" + "x".repeat(120)), Minter.NOW, "attribute mapping"),
                deny("mapping: attribute not a string", GITLAB, DEPLOYER, "mygroup/myrepo", c -> c.put("project_path", 42),
                        Minter.NOW, "attribute mapping"),
                deny("expired token", GITLAB, DEPLOYER, "mygroup/myrepo", none, Minter.TWO_HOURS_AGO, "times"),
                deny("wrong issuer", GITLAB, DEPLOYER, "mygroup/myrepo", none, Minter.FOREIGN_ISSUER, "issuer"));
    }

    @TempDir
    static Path dir;
    static KeylessTestServer server;
    static final Map<String, String> TOKENS = new HashMap<>();
    static final Map<String, Map<String, Object>> CLAIMS = new HashMap<>();
    static final Map<String, String> BY_TEST = new HashMap<>();
    static final AtomicInteger AGREED = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        String example = Files.readString(Repo.root().resolve("keyless.yaml"));
        String yaml = example.substring(0, example.indexOf("\ngcp:") + 1) + GCP + example.substring(example.indexOf("\naudit:") + 1);
        server = KeylessTestServer.start(dir.resolve("server"), yaml, Clock.systemUTC(), Map.of());
        StringBuilder cases = new StringBuilder("cases:\n");
        for (Case c : cases().toList()) {
            mint(c);
            cases.append("  - name: ").append(JSON.writeValueAsString(c.name())).append('\n')
                    .append("    provider: ").append(c.audience()).append('\n')
                    .append(c.serviceAccount().map(sa -> "    serviceAccount: " + sa + "\n").orElse(""))
                    .append("    claims: ").append(JSON.writeValueAsString(CLAIMS.get(c.name()))).append('\n')
                    .append("    expect: ").append(c.allowed() ? "allow" : "deny").append('\n');
        }
        Path file = Files.writeString(dir.resolve("gcp-cases.yaml"), cases.toString());
        InProcessCli.Result r = InProcessCli.run(dir, Clock.systemUTC(), "", "test", "--config",
                server.configFile().toString(), "--verbose", file.toString());
        assertThat(r.err()).isEmpty();
        String current = null;
        Pattern decision = Pattern.compile("^ {4}Decision: (ALLOWED|DENIED at (.+?)) — .*");
        for (String line : r.out().lines().toList()) {
            if (line.startsWith("PASS ") || line.startsWith("FAIL ")) {
                current = line.substring(5).replaceFirst(": expected .*", "");
            }
            Matcher m = decision.matcher(line);
            if (m.matches()) {
                BY_TEST.put(current, m.group(2) == null ? "" : m.group(2));
            }
        }
    }

    @AfterAll
    static void stop() {
        System.out.println("GCP decision parity: " + AGREED.get() + " of " + cases().count() + " cases decided alike "
                + "over HTTP (/v1/token, generateAccessToken), keyless explain and keyless test");
        server.close();
    }

    private static void mint(Case c) {
        Instant now = Instant.now();
        TokenMinter minter = switch (c.minter()) {
            case NOW -> server.keyless().minter();
            case TWO_HOURS_AGO -> new TokenMinter(new ClaimBuilder(server.keyless().issuerSettings()),
                    server.keyless().keyRing(), Clock.fixed(now.minus(Duration.ofHours(2)), ZoneOffset.UTC));
            case FOREIGN_ISSUER -> new TokenMinter(new ClaimBuilder(IssuerSettings.gitlabDefaults(
                    "https://gitlab.example.com")), server.keyless().keyRing(), Clock.systemUTC());
        };
        ClaimResult.Claims claims = (ClaimResult.Claims) minter.prepare(JobContext.builder(c.project(), c.ref())
                .refType(RefType.BRANCH).build(), Audience.of(c.audience()));
        Map<String, Object> changed = new LinkedHashMap<>(claims.claims());
        c.change().accept(changed);
        TOKENS.put(c.name(), minter.sign(new ClaimResult.Claims(changed, claims.jti(), claims.expiresAt())).token());
        CLAIMS.put(c.name(), changed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void serverExplainAndTestDecideAlike(Case c) throws Exception {
        String http = overHttp(c);
        String explain = explain(c);
        String test = BY_TEST.get(c.name());
        String expected = c.allowed() ? "" : c.decisive();

        assertThat(List.of(http, explain, test)).as("decisive check (empty: allowed) over HTTP, explain, test")
                .containsExactly(expected, expected, expected);
        AGREED.incrementAndGet();
    }

    /** The server's decision: HTTP status, then the decisive check it recorded for the request id it returned. */
    private static String overHttp(Case c) throws Exception {
        HttpResponse<String> token = GcpHttp.exchange(server.url(), TOKENS.get(c.name()), c.audience());
        if (token.statusCode() != 200) {
            assertThat(token.statusCode()).as(token.body()).isEqualTo(400);
            return recordedDecisiveCheck(token);
        }
        if (c.serviceAccount().isEmpty()) {
            return recordedDecisiveCheck(token);
        }
        String accessToken = JSON.readTree(token.body()).get("access_token").textValue();
        HttpResponse<String> sa = GcpHttp.postJson(server.url() + "/v1/projects/-/serviceAccounts/"
                + c.serviceAccount().get() + ":generateAccessToken", accessToken,
                "{\"scope\":[\"https://www.googleapis.com/auth/cloud-platform\"]}");
        assertThat(sa.statusCode()).as(sa.body()).isIn(200, 403);
        return recordedDecisiveCheck(sa);
    }

    private static String recordedDecisiveCheck(HttpResponse<String> r) throws Exception {
        String requestId = r.headers().firstValue("X-Request-Id").orElseThrow();
        List<AuditEvent> events = server.keyless().auditStore().query(AuditQuery.all().withRequestId(requestId));
        assertThat(events).hasSize(1);
        JsonNode explanation = JSON.readTree(events.getFirst().explanation());
        assertThat(explanation.get("decision").asText()).isEqualTo(r.statusCode() == 200 ? "allowed" : "denied");
        return explanation.path("decisiveCheck").asText("");
    }

    /** {@code keyless explain --format json}: the first failed check decides. */
    private static String explain(Case c) throws Exception {
        Path token = Files.writeString(dir.resolve(c.name().replaceAll("[^a-z0-9]+", "-") + ".jwt"), TOKENS.get(c.name()));
        List<String> args = new ArrayList<>(List.of("explain", "--config", server.configFile().toString(), "--token",
                token.toString(), "--audience", c.audience(), "--format", "json"));
        c.serviceAccount().ifPresent(sa -> args.addAll(List.of("--service-account", sa)));
        InProcessCli.Result r = InProcessCli.run(dir, Clock.systemUTC(), "", args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.all()).isEqualTo(c.allowed() ? 0 : 1);
        JsonNode report = JSON.readTree(r.out());
        for (JsonNode check : report.get("checks")) {
            if (check.get("status").asText().equals("fail")) {
                return check.get("name").asText();
            }
        }
        assertThat(report.get("decision").asText()).isEqualTo("allowed");
        return "";
    }
}
