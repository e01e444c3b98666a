package dev.keyless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.testing.InProcessCli;
import dev.keyless.testing.KeylessTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keyless explain} through {@link Main#run} against the example keyless.yaml and its store,
 * with tokens from the store's own issuer key: every check printed with expected vs actual, exit
 * 0 allowed, 1 denied, 2 usage.
 */
class ExplainCommandTest {
    static final String ROLE = "arn:aws:iam::111122223333:role/gitlab-deployer";
    static final String AUDIENCE = "//iam.googleapis.com/projects/123456789012/locations/global/"
            + "workloadIdentityPools/gitlab-pool/providers/gitlab";
    static final String SA = "deployer@my-project.iam.gserviceaccount.com";

    @TempDir
    static Path dir;
    static KeylessTestServer server;

    @BeforeAll
    static void start() {
        server = KeylessTestServer.startExample(dir.resolve("server"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Path token(String name, String token) throws IOException {
        return Files.writeString(dir.resolve(name), token + "\n");
    }

    private static InProcessCli.Result explain(Clock clock, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "explain";
        all[1] = "--config";
        all[2] = server.configFile().toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return InProcessCli.run(dir, clock, "", all);
    }

    @Test
    void explainWhenMainBranchTokenThenEveryCheckPassesAndExitZero() throws IOException {
        Path t = token("main.jwt", server.mint("sts.amazonaws.com", "mygroup/myrepo", "main"));

        InProcessCli.Result r = explain(Clock.systemUTC(), "--token", t.toString(), "--role-arn", ROLE);

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("[ok]", "issuer", "signature", "times", "audience", "trust policy")
                .contains("verified with key kid=").contains("aud [sts.amazonaws.com]")
                .doesNotContain("[FAIL]").contains("Decision: ALLOWED");
    }

    @Test
    void explainWhenFeatureBranchThenConditionKeyExpectedAndActualSubAndExitOne() throws IOException {
        Path t = token("feature.jwt", server.mint("sts.amazonaws.com", "mygroup/myrepo", "feature-x"));

        InProcessCli.Result r = explain(Clock.systemUTC(), "--token", t.toString(), "--role-arn", ROLE);

        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.DENIED);
        assertThat(r.out()).contains("[FAIL]").contains("trust policy")
                .contains("[NO MATCH] condition StringEquals " + server.hostAndPort() + ":sub")
                .contains("project_path:mygroup/myrepo:ref_type:branch:ref:main")
                .contains("project_path:mygroup/myrepo:ref_type:branch:ref:feature-x")
                .contains("Decision: DENIED");
    }

    @Test
    void explainWhenTokenExpiredThenSaysHowLongAgoStillEvaluatesPolicyAndDenies() throws IOException {
        Path t = token("expired.jwt", server.mint("sts.amazonaws.com", "mygroup/myrepo", "main"));
        Clock anHourLater = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));

        InProcessCli.Result r = explain(anHourLater, "--token", t.toString(), "--role-arn", ROLE);

        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.DENIED);
        assertThat(r.out()).containsPattern("\\[FAIL\\] +times +expected: .*\\n +actual: +expired \\d+ s ago")
                .contains("verified with key kid=")
                // The remaining checks ran on the claims: the trust policy would allow this main-branch token.
                .containsPattern("\\[ok\\] +trust policy")
                .contains("Decision: DENIED — times: expired");
    }

    @Test
    void explainWhenGcpTokenExpiredThenTimesFailAndTheLaterChecksStillRunOnItsClaims() throws IOException {
        Path t = token("gcp-expired.jwt", server.mint(AUDIENCE, "mygroup/myrepo", "main"));
        Clock anHourLater = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));

        InProcessCli.Result r = explain(anHourLater, "--token", t.toString(), "--audience", AUDIENCE);

        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.DENIED);
        assertThat(r.out()).containsPattern("\\[FAIL\\] +times")
                .containsPattern("\\[ok\\] +audience")
                .containsPattern("\\[ok\\] +attribute condition");
    }

    @Test
    void explainWhenGcpConditionFalseThenConditionExpressionAndResultFalse() throws IOException {
        Path t = token("other-group.jwt", server.mint(AUDIENCE, "othergroup/myrepo", "main"));

        InProcessCli.Result r = explain(Clock.systemUTC(), "--token", t.toString(), "--audience", AUDIENCE);

        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.DENIED);
        assertThat(r.out()).containsPattern("\\[FAIL\\] +attribute condition +expected: assertion.namespace_path == "
                + "\"mygroup\" is true\\n +actual: +result false")
                .contains("attribute.namespace_path=\"othergroup\"")
                .containsPattern("\\[ok\\] +audience");
    }

    @Test
    void explainWhenGcpPrincipalHasNoBindingThenCallerPrincipalsAndPolicyShown() throws IOException {
        Path t = token("other-repo.jwt", server.mint(AUDIENCE, "mygroup/otherrepo", "main"));

        InProcessCli.Result r = explain(Clock.systemUTC(), "--token", t.toString(), "--audience", AUDIENCE,
                "--service-account", SA);

        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.DENIED);
        assertThat(r.out()).containsPattern("\\[ok\\] +attribute condition")
                .containsPattern("\\[FAIL\\] +service account binding")
                .contains("attribute.project_path/mygroup/otherrepo")
                .contains("attribute.project_path/mygroup/myrepo")
                .contains("[NO MATCH]");
    }

    @Test
    void explainWhenGcpAllowedWithServiceAccountThenExitZero() throws IOException {
        Path t = token("gcp-main.jwt", server.mint(AUDIENCE, "mygroup/myrepo", "main"));

        InProcessCli.Result r = explain(Clock.systemUTC(), "--token", t.toString(), "--audience", AUDIENCE,
                "--service-account", SA);

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).containsPattern("\\[ok\\] +service account binding").contains("[match]")
                .contains("Decision: ALLOWED");
    }

    @Test
    void explainWhenFormatJsonThenOneObjectWithChecksAndPolicyDetail() throws IOException {
        Path t = token("json.jwt", server.mint("sts.amazonaws.com", "mygroup/myrepo", "feature-x"));

        InProcessCli.Result r = explain(Clock.systemUTC(), "--token", t.toString(), "--role-arn", ROLE, "--format", "json");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.DENIED);
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("decision").asText()).isEqualTo("denied");
        assertThat(json.get("checks").findValuesAsText("name")).contains("issuer", "signature", "times", "audience",
                "trust policy");
        JsonNode condition = json.at("/detail/statements/0/conditions");
        assertThat(condition.findValuesAsText("key")).contains(server.hostAndPort() + ":sub");
        assertThat(condition.toString()).contains("ref:feature-x");
    }

    @Test
    void explainWhenTokenFromStdinThenRead() {
        InProcessCli.Result r = InProcessCli.run(dir, Clock.systemUTC(), server.mint("sts.amazonaws.com",
                "mygroup/myrepo", "main"), "explain", "--config", server.configFile().toString(), "--token", "-",
                "--role-arn", ROLE);

        assertThat(r.exitCode()).as(r.all()).isZero();
    }

    @Test
    void explainWhenIssuerUnknownThenIssuerFailsAndSignatureNotReached() throws IOException {
        String foreign = server.mint("sts.amazonaws.com", "mygroup/myrepo", "main");
        Path t = token("wrong-account.jwt", foreign);

        InProcessCli.Result r = explain(Clock.systemUTC(), "--token", t.toString(), "--role-arn",
                "arn:aws:iam::999999999999:role/gitlab-deployer");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.DENIED);
        assertThat(r.out()).containsPattern("\\[FAIL\\] +issuer").containsPattern("\\[not reached\\] +signature");
    }

    @Test
    void explainWhenBothTargetsOrBadAudienceThenUsage() throws IOException {
        Path t = token("usage.jwt", "x.y.z");

        assertThat(explain(Clock.systemUTC(), "--token", t.toString(), "--role-arn", ROLE, "--audience", AUDIENCE)
                .exitCode()).isEqualTo(ExitCodes.USAGE);
        InProcessCli.Result bad = explain(Clock.systemUTC(), "--token", t.toString(), "--audience", "projects/1");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("--audience: expected //iam.googleapis.com/projects/NUMBER");
    }
}
