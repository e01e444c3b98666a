package dev.keyless.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.RSAKey;
import dev.keyless.gcp.http.GcpHttp;
import dev.keyless.testing.LauncherServer;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Caller-chosen sizes that nothing bounded: GCP scope elements (whitespace, newlines, 60,000
 * characters), CEL evaluation over a caller-chosen claim list, and the token's source identity.
 * Each is sent to {@code keyless serve} in its own process with the launcher's default JVM options;
 * each refusal is exact, no token or session comes back and none is recorded as granted in the
 * audit log; and while two clients send conditions that ask for millions of CEL iterations, a
 * legitimate AssumeRole answers within 1 s, during and after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnboundedInputsHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLOUD = "https://www.googleapis.com/auth/cloud-platform";
    private static final String FOREIGN_AUDIENCE =
            "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/pool/providers/foreign";
    private static final String GRANTED_EXCHANGES = "decision = 'ALLOW' AND kind = 'GCP_TOKEN_EXCHANGE'";
    private static final String FOREIGN_SA = "deployer@my-project.iam.gserviceaccount.com";

    private final RSAKey key = TestTokens.rsa("k1");
    private final HttpClient http = HttpClient.newHttpClient();
    private LauncherServer example;
    private LauncherServer foreignServer;
    private FakeIssuer gcpIssuer;
    private FakeIssuer awsIssuer;

    @BeforeAll
    void start() throws Exception {
        Path dir = Files.createTempDirectory("keyless-unbounded");
        example = LauncherServer.startExample(dir.resolve("example"));
        gcpIssuer = new FakeIssuer();
        awsIssuer = new FakeIssuer();
        gcpIssuer.serve(TestTokens.jwks(key));
        awsIssuer.serve(TestTokens.jwks(key));
        String hostPort = awsIssuer.hostAndPort();
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":"
                + "\"arn:aws:iam::111122223333:oidc-provider/" + hostPort + "\"},\"Action\":[\"sts:AssumeRoleWithWebIdentity\","
                + "\"sts:SetSourceIdentity\"],\"Condition\":{\"StringEquals\":{\"" + hostPort + ":aud\":\"sts.amazonaws.com\"}}}]}";
        String yaml = """
                server:
                  listen: 127.0.0.1:8080
                  publicUrl: http://127.0.0.1:8080
                store: jdbc:sqlite:./keyless-data/keyless.db
                aws:
                  accounts:
                    "111122223333":
                      openIdConnectProviders:
                        - url: %s
                          clientIds: [sts.amazonaws.com]
                      roles:
                        role-0:
                          assumeRolePolicy: '%s'
                gcp:
                  projects:
                    my-project:
                      number: "123456789012"
                      workloadIdentityPools:
                        pool:
                          providers:
                            foreign:
                              issuerUri: %s
                              attributeMapping:
                                google.subject: assertion.sub
                              attributeCondition: assertion.groups.all(a, assertion.groups.all(b, a == b || a != b))
                      serviceAccounts:
                        deployer:
                          bindings:
                            roles/iam.workloadIdentityUser:
                              - principalSet://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/pool/*
                """.formatted(awsIssuer.url(), policy, gcpIssuer.url());
        foreignServer = LauncherServer.start(dir.resolve("foreign"), yaml);
    }

    @AfterAll
    void stop() {
        for (LauncherServer s : java.util.Arrays.asList(example, foreignServer)) {
            if (s != null) {
                s.close();
            }
        }
        gcpIssuer.close();
        awsIssuer.close();
    }

    // --- GCP scopes -------------------------------------------------------------------------

    static Stream<String> badScopeLists() {
        return Stream.of(CLOUD + "\n" + "https://www.googleapis.com/auth/devstorage.full_control",
                CLOUD + "\t" + "openid", "https://www.googleapis.com/auth/" + "x".repeat(60_000),
                String.join(" ", Collections.nCopies(51, CLOUD)), "openid \"quoted\"");
    }

    @ParameterizedTest(name = "[{index}] exchange scope")
    @MethodSource("badScopeLists")
    void exchangeWhenScopeElementMalformedThenInvalidRequestAndNoToken(String scope) {
        String subjectToken = example.mint(GcpHttp.AUDIENCE, "mygroup/myrepo", "main");
        long minted = example.mintedSoFar();

        HttpResponse<String> r = GcpHttp.postForm(example.url() + "/v1/token", Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange", "audience", GcpHttp.AUDIENCE,
                "scope", scope, "requested_token_type", "urn:ietf:params:oauth:token-type:access_token",
                "subject_token", subjectToken, "subject_token_type", "urn:ietf:params:oauth:token-type:jwt"));

        System.out.println("[item 16] exchange scope (" + scope.length() + " chars) -> " + r.statusCode() + " " + r.body());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"error\":\"invalid_request\",\"error_description\":\"Invalid value for \\\"scope\\\".\"}");
        assertThat(example.mintedSoFar()).as("grants in the audit log").isEqualTo(minted);
    }

    static Stream<String> badScopeElements() {
        return Stream.of(CLOUD + " openid", CLOUD + "\nopenid", "x".repeat(60_000));
    }

    @ParameterizedTest(name = "[{index}] generateAccessToken scope")
    @MethodSource("badScopeElements")
    void generateAccessTokenWhenScopeElementMalformedThenInvalidArgumentAndNoToken(String scope) throws Exception {
        String federated = federated();
        long minted = example.mintedSoFar();

        HttpResponse<String> r = GcpHttp.postJson(example.url() + "/v1/projects/-/serviceAccounts/" + GcpHttp.SA
                + ":generateAccessToken", federated, JSON.writeValueAsString(Map.of("scope", List.of(scope))));

        System.out.println("[item 16] generateAccessToken scope (" + scope.length() + " chars) -> " + r.statusCode() + " " + r.body());
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).get("error");
        assertThat(error.get("status").textValue()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.get("message").textValue()).startsWith("Invalid value at 'scope': scope 0 ");
        assertThat(r.body()).doesNotContain("accessToken");
        assertThat(example.mintedSoFar()).as("grants in the audit log").isEqualTo(minted);
    }

    private String federated() throws Exception {
        HttpResponse<String> r = GcpHttp.exchange(example.url(), example.mint(GcpHttp.AUDIENCE, "mygroup/myrepo", "main"),
                GcpHttp.AUDIENCE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("access_token").textValue();
    }

    // --- CEL ---------------------------------------------------------------------------------

    private HttpResponse<String> exchangeWithGroups(int count) {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            groups.add(Integer.toString(i % 10));
        }
        Map<String, Object> claims = TestTokens.claims(Instant.now().getEpochSecond());
        claims.put("iss", gcpIssuer.url());
        claims.put("aud", FOREIGN_AUDIENCE);
        claims.put("groups", groups);
        return GcpHttp.exchange(foreignServer.url(), TestTokens.sign(TestTokens.header("RS256", "k1"), claims, key),
                FOREIGN_AUDIENCE);
    }

    @Test
    void exchangeWhenConditionNestsOverThreeThousandGroupsThenFailsClosedQuickly() throws Exception {
        assertThat(exchangeWithGroups(3).statusCode()).as("a short list passes the same condition").isEqualTo(200);

        long minted = foreignServer.mintedSoFar();
        long start = System.nanoTime();
        HttpResponse<String> r = exchangeWithGroups(3_000);
        long millis = (System.nanoTime() - start) / 1_000_000;

        System.out.println("[item 16] CEL nested all() over 3000 groups (9,000,000 iterations asked) -> " + r.statusCode() + " in "
                + millis + " ms " + r.body());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"error\":\"unauthorized_client\",\"error_description\":"
                + "\"The given credential is rejected by the attribute condition.\"}");
        assertThat(millis).isLessThan(2_000);
        assertThat(foreignServer.mintedSoFar()).as("grants in the audit log").isEqualTo(minted);
        // Why: the same condition on the same claims stops at the iteration limit, not at false.
        var mapping = dev.keyless.gcp.mapping.AttributeMapping.compile("foreign", Map.of("google.subject", "assertion.sub"),
                java.util.Optional.of("assertion.groups.all(a, assertion.groups.all(b, a == b || a != b))"));
        var outcome = mapping.apply(Map.of("sub", "s", "groups", Collections.nCopies(3_000, "1")));
        assertThat(outcome).isInstanceOfSatisfying(dev.keyless.gcp.mapping.MappingOutcome.ConditionRejected.class, c -> {
            System.out.println("[item 16] CEL refusal detail: " + c.detail());
            assertThat(c.threw()).isTrue();
            assertThat(c.detail()).containsIgnoringCase("iteration");
        });
    }

    @Test
    void exchangeWhenTwoClientsSendThreeThousandGroupsBackToBackThenLegitimateAssumeRoleWithinOneSecond() throws Exception {
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger granted = new AtomicInteger();
        long exchanges = foreignServer.auditCount(GRANTED_EXCHANGES);
        List<LauncherServer.Legit> during = foreignServer.duringAttack(ForeignIssuerSts.roleArn(0), this::legitToken, 200, () -> {
            long deadline = System.nanoTime() + 3_000_000_000L;
            List<Thread> flood = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                flood.add(Thread.ofPlatform().start(() -> {
                    while (System.nanoTime() < deadline) {
                        HttpResponse<String> r = exchangeWithGroups(3_000);
                        sent.incrementAndGet();
                        if (r.statusCode() == 200) {
                            granted.incrementAndGet();
                        }
                    }
                }));
            }
            for (Thread t : flood) {
                t.join();
            }
        });
        LauncherServer.Legit after = foreignServer.assumeRoleSettled(ForeignIssuerSts.roleArn(0), this::legitToken);

        System.out.println("[item 16] " + sent + " exchanges asking 9,000,000 CEL iterations each in 3 s from 2 clients;"
                + " legit AssumeRole during " + during + ", after " + after);
        assertThat(sent.get()).isPositive();
        assertThat(granted.get()).isZero();
        assertThat(foreignServer.auditCount(GRANTED_EXCHANGES)).as("exchanges granted in the audit log").isEqualTo(exchanges);
        assertThat(during).allSatisfy(l -> assertThat(l.mintedWithin(1_000)).as("legit during: %s", l).isTrue());
        assertThat(after.mintedWithin(1_000)).as("legit after: %s", after).isTrue();
    }

    /** A token of the AWS-trusted foreign issuer, as its role's trust policy accepts it. */
    private String legitToken() {
        Map<String, Object> claims = TestTokens.claims(Instant.now().getEpochSecond());
        claims.put("iss", awsIssuer.url());
        return TestTokens.sign(TestTokens.header("RS256", "k1"), claims, key);
    }

    // --- SourceIdentity ----------------------------------------------------------------------

    private HttpResponse<String> assumeWithSourceIdentity(Object sourceIdentity) throws Exception {
        Map<String, Object> claims = TestTokens.claims(Instant.now().getEpochSecond());
        claims.put("iss", awsIssuer.url());
        claims.put("https://aws.amazon.com/source_identity", sourceIdentity);
        return ForeignIssuerSts.assume(http, foreignServer.url(), ForeignIssuerSts.roleArn(0),
                TestTokens.sign(TestTokens.header("RS256", "k1"), claims, key));
    }

    static Stream<String> badSourceIdentities() {
        return Stream.of("alice bob", "a", "x".repeat(65), "alice\nadmin", "alice/admin", "élise");
    }

    @ParameterizedTest(name = "[{index}] source identity")
    @MethodSource("badSourceIdentities")
    void assumeWhenSourceIdentityBreaksAwsPatternThenValidationErrorAndNoSession(String value) throws Exception {
        long minted = foreignServer.mintedSoFar();
        HttpResponse<String> r = assumeWithSourceIdentity(value);

        System.out.println("[item 16] source_identity " + JSON.writeValueAsString(value) + " -> " + r.statusCode() + " "
                + ForeignIssuerSts.code(r));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(ForeignIssuerSts.code(r)).isEqualTo("ValidationError");
        assertThat(r.body()).contains("validation error detected: Value &apos;")
                .contains("at &apos;sourceIdentity&apos; failed to satisfy constraint: Member must")
                .doesNotContain("<Credentials>");
        assertThat(foreignServer.mintedSoFar()).as("sessions in the audit log").isEqualTo(minted);
    }

    @Test
    void assumeWhenSourceIdentityFitsThenSessionCarriesIt() throws Exception {
        HttpResponse<String> r = assumeWithSourceIdentity("alice.smith@example.com");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("<SourceIdentity>alice.smith@example.com</SourceIdentity>");
    }
}
