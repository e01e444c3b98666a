package dev.keyless.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.keyless.keys.ActiveSigner;
import dev.keyless.keys.KeyAlgorithm;
import dev.keyless.keys.KeyRingSettings;
import dev.keyless.keys.MasterKey;
import dev.keyless.keys.SigningKey;
import dev.keyless.keys.SigningKeyRing;
import dev.keyless.store.Database;
import dev.keyless.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CiTokenServiceTest {
    private static final String SECRET = "s3cret-runner-token";
    private static final String ISSUER = "http://127.0.0.1:8080";

    @TempDir
    Path tmp;
    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicInteger signatures = new AtomicInteger();
    private Database db;
    private SigningKeyRing ring;
    private CiTokenService service;

    @BeforeEach
    void setUp() throws Exception {
        db = Database.open("jdbc:sqlite:" + tmp.resolve("keyless.db"), clock);
        ring = SigningKeyRing.open(db, MasterKey.load(Map.of(), db.dataFolder()), clock,
                new KeyRingSettings(KeyAlgorithm.RS256, Duration.ZERO, Duration.ofSeconds(30)));
        ActiveSigner counting = () -> {
            SigningKey key = ring.activeSigner();
            return new SigningKey() {
                public String kid() { return key.kid(); }
                public KeyAlgorithm alg() { return key.alg(); }
                public String sign(byte[] payload) {
                    signatures.incrementAndGet();
                    return key.sign(payload);
                }
            };
        };
        IssuerSettings settings = IssuerSettings.gitlabDefaults(ISSUER);
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(SECRET.getBytes(StandardCharsets.UTF_8)));
        service = new CiTokenService(List.of(new CiApiClient("local-runner", digest, List.of("mygroup/*", "tools/**"))),
                new TokenMinter(new ClaimBuilder(settings), counting, clock), settings);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private CiApiResult call(String authorization, String body) {
        return service.handle(authorization, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String body(String job, String idTokens) {
        return "{\"job\": " + job + ", \"id_tokens\": " + idTokens + "}";
    }

    private static final String JOB = "{\"project_path\": \"mygroup/app\", \"ref\": \"main\"}";

    @Test
    void handleWhenValidThenMintsOneVerifiableTokenPerName() throws Exception {
        CiApiResult result = call("Bearer " + SECRET,
                body(JOB, "{\"AWS_TOKEN\": {\"aud\": \"sts.amazonaws.com\"}, \"VAULT\": {\"aud\": [\"https://vault\"]}}"));
        assertThat(result.status()).isEqualTo(200);
        JsonNode tokens = json.readTree(result.jsonBody()).get("id_tokens");
        assertThat(tokens.properties()).extracting(Map.Entry::getKey).containsExactly("AWS_TOKEN", "VAULT");
        JWKSet jwks = JWKSet.parse(ring.publicJwksJson());
        JWSObject aws = JWSObject.parse(tokens.get("AWS_TOKEN").textValue());
        assertThat(aws.verify(new RSASSAVerifier((RSAKey) jwks.getKeyByKeyId(aws.getHeader().getKeyID())))).isTrue();
        JsonNode claims = json.readTree(aws.getPayload().toBytes());
        assertThat(claims.get("aud").textValue()).isEqualTo("sts.amazonaws.com");
        assertThat(claims.get("project_id").textValue()).isEqualTo(GitlabPaths.projectIdOf("mygroup/app"));
        assertThat(claims.get("sub").textValue()).isEqualTo("project_path:mygroup/app:ref_type:branch:ref:main");
        assertThat(claims.get("iss").textValue()).isEqualTo(ISSUER);
        assertThat(json.readTree(JWSObject.parse(tokens.get("VAULT").textValue()).getPayload().toBytes()).get("aud").isArray()).isTrue();
        assertThat(result.jtis()).hasSize(2).doesNotHaveDuplicates();
        assertThat(signatures).hasValue(2);
    }

    @Test
    void handleWhenRotatedThenOldTokenStillVerifiesAndNewTokensCarryNewKid() throws Exception {
        String before = tokenFrom(call("Bearer " + SECRET, body(JOB, "{\"T\": {\"aud\": \"a\"}}")));
        clock.advance(Duration.ofMinutes(1));
        ring.rotate(Duration.ofHours(24), SigningKeyRing.RotateMode.PUBLISH_FIRST);
        clock.advance(Duration.ofSeconds(1));
        String after = tokenFrom(call("Bearer " + SECRET, body(JOB, "{\"T\": {\"aud\": \"a\"}}")));
        JWKSet jwks = JWKSet.parse(ring.publicJwksJson());
        for (String token : List.of(before, after)) {
            JWSObject jws = JWSObject.parse(token);
            assertThat(jws.verify(new RSASSAVerifier((RSAKey) jwks.getKeyByKeyId(jws.getHeader().getKeyID())))).isTrue();
        }
        assertThat(JWSObject.parse(after).getHeader().getKeyID()).isNotEqualTo(JWSObject.parse(before).getHeader().getKeyID());
    }

    private String tokenFrom(CiApiResult result) throws Exception {
        assertThat(result.status()).isEqualTo(200);
        return json.readTree(result.jsonBody()).get("id_tokens").get("T").textValue();
    }

    @Test
    void handleWhenWrongSecretThen401AndNothingMinted() throws Exception {
        assertRejected(call("Bearer wrong", body(JOB, "{\"T\": {\"aud\": \"a\"}}")), 401, "unauthorized", null);
        assertRejected(call(null, body(JOB, "{\"T\": {\"aud\": \"a\"}}")), 401, "unauthorized", null);
        assertRejected(call("Basic " + SECRET, body(JOB, "{\"T\": {\"aud\": \"a\"}}")), 401, "unauthorized", null);
    }

    @Test
    void handleWhenProjectOutsideGlobsThen403AndNothingMinted() throws Exception {
        assertRejected(call("Bearer " + SECRET, body("{\"project_path\": \"mygroup/sub/app\", \"ref\": \"main\"}",
                "{\"T\": {\"aud\": \"a\"}}")), 403, "forbidden", "job.project_path");
        assertRejected(call("Bearer " + SECRET, body("{\"project_path\": \"mygroup/app\", \"job_project_path\": \"evil/x\","
                + " \"ref\": \"main\"}", "{\"T\": {\"aud\": \"a\"}}")), 403, "forbidden", "job.job_project_path");
    }

    @Test
    void handleWhenDoubleStarGlobThenNestedProjectAllowed() {
        CiApiResult result = call("Bearer " + SECRET, body("{\"project_path\": \"tools/a/b\", \"ref\": \"main\"}",
                "{\"T\": {\"aud\": \"a\"}}"));
        assertThat(result.status()).isEqualTo(200);
    }

    @Test
    void handleWhenAudMissingThen400NamingTheFieldAndNothingMinted() throws Exception {
        assertRejected(call("Bearer " + SECRET, body(JOB, "{\"OK\": {\"aud\": \"a\"}, \"T\": {}}")),
                400, "invalid_request", "id_tokens.T.aud");
    }

    @Test
    void handleWhenRefIsNotAStringThen400NamingJobRef() throws Exception {
        assertRejected(call("Bearer " + SECRET, body("{\"project_path\": \"mygroup/app\", \"ref\": 7}",
                "{\"T\": {\"aud\": \"a\"}}")), 400, "invalid_request", "job.ref");
    }

    @Test
    void handleWhenTwoHundredAudiencesThen400NamingAud() throws Exception {
        String auds = json.writeValueAsString(java.util.stream.IntStream.range(0, 200).mapToObj(i -> "aud-" + i).toList());
        assertRejected(call("Bearer " + SECRET, body(JOB, "{\"T\": {\"aud\": " + auds + "}}")),
                400, "invalid_request", "id_tokens.T.aud");
    }

    @Test
    void handleWhenBodyOver64KiBThen413() throws Exception {
        String big = body(JOB, "{\"T\": {\"aud\": \"" + "x".repeat(100 * 1024) + "\"}}");
        assertRejected(call("Bearer " + SECRET, big), 413, "request_too_large", null);
    }

    @Test
    void handleWhenTokenNameCannotBeAnEnvironmentNameThen400() throws Exception {
        // GitLab takes any YAML key as a token name; only '=' and control characters cannot reach a job's environment
        assertRejected(call("Bearer " + SECRET, body(JOB, "{\"A=B\": {\"aud\": \"a\"}}")),
                400, "invalid_request", "id_tokens.A=B");
    }

    @Test
    void handleWhenUnknownJobKeyThen400NamingIt() throws Exception {
        assertRejected(call("Bearer " + SECRET, body("{\"project_path\": \"mygroup/app\", \"ref\": \"main\", \"reff\": \"x\"}",
                "{\"T\": {\"aud\": \"a\"}}")), 400, "invalid_request", "job.reff");
    }

    @Test
    void handleWhenSubValueHasColonThen400AndNoTokenOfTheBatchMinted() throws Exception {
        assertRejected(call("Bearer " + SECRET, body("{\"project_path\": \"mygroup/app\", \"ref\": \"a:b\"}",
                "{\"A\": {\"aud\": \"a\"}, \"B\": {\"aud\": \"b\"}}")), 400, "invalid_request", "job.ref");
    }

    @Test
    void handleWhenTimeoutGivenThenExpiryFollowsIt() throws Exception {
        CiApiResult result = call("Bearer " + SECRET, body("{\"project_path\": \"mygroup/app\", \"ref\": \"main\", \"timeout\": 3600}",
                "{\"T\": {\"aud\": \"a\"}}"));
        JsonNode claims = json.readTree(JWSObject.parse(tokenFrom(result)).getPayload().toBytes());
        assertThat(claims.get("exp").longValue() - claims.get("iat").longValue()).isEqualTo(3600);
    }

    @Test
    void handleWhenNotJsonThen400() throws Exception {
        assertRejected(call("Bearer " + SECRET, "{nope"), 400, "invalid_request", null);
    }

    /** GitLab's enumerated claims take only GitLab's values; a refusal names the field and signs nothing. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "job.project_visibility            | \"project_visibility\": \"secret\"",
        "job.user_access_level             | \"user_access_level\": \"admin\"",
        "job.pipeline_source               | \"pipeline_source\": \"cron\"",
        "job.runner_environment            | \"runner_id\": 5, \"runner_environment\": \"cloud\"",
        "job.runner_environment            | \"runner_environment\": \"self-hosted\"",
        "job.environment.deployment_tier   | \"environment\": {\"name\": \"prod\", \"deployment_tier\": \"prod\"}",
        "job.environment.action            | \"environment\": {\"name\": \"prod\", \"action\": \"deploy\"}",
        "job.ci_server_host                | \"ci_server_host\": \"gitlab.com/othergroup/app//x@refs/heads/main#\""})
    void handleWhenEnumeratedClaimOutsideGitlabValuesThen400NamingIt(String field, String extra) throws Exception {
        assertRejected(call("Bearer " + SECRET, body("{\"project_path\": \"mygroup/app\", \"ref\": \"main\", " + extra + "}",
                "{\"T\": {\"aud\": \"a\"}}")), 400, "invalid_request", field);
    }

    @Test
    void handleWhenTimeoutAboveMaxTtlThenLifetimeCappedAtMaxTtlAsARunnerCapsAJob() throws Exception {
        CiApiResult result = call("Bearer " + SECRET, body("{\"project_path\": \"mygroup/app\", \"ref\": \"main\", \"timeout\": 2592000}",
                "{\"T\": {\"aud\": \"\"}, \"U\": {\"aud\": []}}"));
        JsonNode claims = json.readTree(JWSObject.parse(tokenFrom(result)).getPayload().toBytes());
        assertThat(claims.get("exp").longValue() - claims.get("iat").longValue()).isEqualTo(86400); // gitlabDefaults: maxTtl 24h
        assertThat(claims.get("aud").isTextual()).isTrue();
        assertThat(claims.get("aud").textValue()).isEmpty();
        String u = json.readTree(result.jsonBody()).get("id_tokens").get("U").textValue();
        JsonNode uClaims = json.readTree(JWSObject.parse(u).getPayload().toBytes());
        assertThat(uClaims.get("aud").isArray()).isTrue();
        assertThat(uClaims.get("aud")).isEmpty();
    }

    @Test
    void handleWhenUserIdentitiesAndGroupsDirectGivenThenGitlabsShapes() throws Exception {
        CiApiResult result = call("Bearer " + SECRET, body("{\"project_path\": \"mygroup/app\", \"ref\": \"main\","
                + " \"user_identities\": [{\"provider\": \"github\", \"extern_uid\": \"1\"}],"
                + " \"groups_direct\": [\"mygroup\", \"mygroup/sub\"]}", "{\"T\": {\"aud\": \"a\"}}"));
        JsonNode claims = json.readTree(JWSObject.parse(tokenFrom(result)).getPayload().toBytes());
        assertThat(claims.get("user_identities").toString()).isEqualTo("[{\"provider\":\"github\",\"extern_uid\":\"1\"}]");
        assertThat(claims.get("groups_direct").toString()).isEqualTo("[\"mygroup\",\"mygroup/sub\"]");
    }

    @Test
    void handleWhenEnvironmentHasNoTierThenGuessedFromTheName() throws Exception {
        CiApiResult result = call("Bearer " + SECRET, body("{\"project_path\": \"mygroup/app\", \"ref\": \"main\","
                + " \"environment\": {\"name\": \"staging-eu\"}}", "{\"T\": {\"aud\": \"a\"}}"));
        JsonNode claims = json.readTree(JWSObject.parse(tokenFrom(result)).getPayload().toBytes());
        assertThat(claims.get("deployment_tier").textValue()).isEqualTo("staging");
        assertThat(claims.get("environment_action").textValue()).isEqualTo("start");
    }

    private void assertRejected(CiApiResult result, int status, String code, String field) throws Exception {
        assertThat(result.status()).isEqualTo(status);
        JsonNode body = json.readTree(result.jsonBody());
        assertThat(body.get("error").textValue()).isEqualTo(code);
        assertThat(body.get("message").textValue()).isNotBlank();
        if (field != null) {
            assertThat(body.get("field").textValue()).isEqualTo(field);
        }
        assertThat(result.jtis()).isEmpty();
        assertThat(signatures).hasValue(0);
    }
}
