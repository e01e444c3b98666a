package dev.keyless.trust;

import static dev.keyless.trust.TrustConfigs.GCP_PROVIDER;
import static dev.keyless.trust.TrustConfigs.POOL_SET;
import static dev.keyless.trust.TrustConfigs.ROLE_ARN;
import static dev.keyless.trust.TrustConfigs.SA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.config.KeylessConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrustCaseRunnerTest {
    private static final String MAIN = "project_path:mygroup/myrepo:ref_type:branch:ref:main";
    private static final KeylessConfig CONFIG = TrustConfigs.load(
            TrustConfigs.aws("aws", TrustConfigs.policy(TrustConfigs.CLEAN_CONDITION))
                    + TrustConfigs.gcp("attributeCondition: assertion.namespace_path == \"mygroup\"",
                            POOL_SET + "attribute.project_path/mygroup/myrepo"));
    private final TrustCaseRunner runner = new TrustCaseRunner(CONFIG,
            Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));

    private TrustCaseRunner.Result aws(TrustCase.Expect expect, Map<String, Object> claims) {
        return runner.run(new TrustCase("c", 1, new TrustCase.AwsRole(ROLE_ARN), claims, expect));
    }

    private TrustCaseRunner.Result gcp(TrustCase.Expect expect, Optional<String> sa, Map<String, Object> claims) {
        return runner.run(new TrustCase("c", 1, new TrustCase.GcpProvider(GCP_PROVIDER, sa), claims, expect));
    }

    private static Map<String, Object> gitlab(String project, String namespace) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "project_path:" + project + ":ref_type:branch:ref:main");
        claims.put("project_path", project);
        claims.put("namespace_path", namespace);
        return claims;
    }

    @Test
    void runWhenAwsClaimsMatchWithoutIssThenTheOnlyProviderIsUsedAndAllowed() {
        TrustCaseRunner.Result r = aws(TrustCase.Expect.ALLOW, Map.of("sub", MAIN, "aud", "sts.amazonaws.com"));

        assertThat(r.passed()).isTrue();
        assertThat(r.headline()).isEqualTo("PASS c");
    }

    @Test
    void runWhenAwsSubDiffersThenDenyExplainedWithKeyPolicyAndRequestValues() {
        TrustCaseRunner.Result r = aws(TrustCase.Expect.ALLOW,
                Map.of("sub", "project_path:mygroup/myrepo:ref_type:branch:ref:dev", "aud", "sts.amazonaws.com",
                        "iss", "http://127.0.0.1:8080"));

        assertThat(r.passed()).isFalse();
        assertThat(r.headline()).isEqualTo("FAIL c: expected allow, got deny at trust policy");
        CaseOutcome.Decided d = (CaseOutcome.Decided) r.outcome();
        assertThat(d.explanation()).contains("[NO MATCH] condition StringEquals 127.0.0.1:8080:sub: policy [" + MAIN
                + "], request [project_path:mygroup/myrepo:ref_type:branch:ref:dev]");
    }

    @Test
    void runWhenAwsAudIsNotAClientIdThenIncorrectTokenAudience() {
        TrustCaseRunner.Result r = aws(TrustCase.Expect.DENY, Map.of("sub", MAIN, "aud", "other"));

        assertThat(r.passed()).isTrue();
        assertThat(((CaseOutcome.Decided) r.outcome()).reason()).isEqualTo("Incorrect token audience");
    }

    @Test
    void runWhenAwsIssIsNotAProviderThenDeniedAtIssuerAsTheStsWould() {
        TrustCaseRunner.Result r = aws(TrustCase.Expect.DENY,
                Map.of("sub", MAIN, "aud", "sts.amazonaws.com", "iss", "https://gitlab.com"));

        assertThat(r.passed()).isTrue();
        assertThat(r.headline()).isEqualTo("PASS c (deny at issuer)");
        assertThat(((CaseOutcome.Decided) r.outcome()).reason())
                .isEqualTo("No OpenIDConnect provider found in your account for https://gitlab.com");
    }

    @Test
    void runWhenSubMissingThenDeniedAtSubAsTheStsWouldEvenForAnAllowingPolicy() {
        TrustCaseRunner.Result r = aws(TrustCase.Expect.ALLOW, Map.of("aud", "sts.amazonaws.com"));

        assertThat(r.headline()).isEqualTo("FAIL c: expected allow, got deny at sub");
        assertThat(((CaseOutcome.Decided) r.outcome()).reason()).isEqualTo("Token has no sub claim");
    }

    @Test
    void runWhenRoleArnUnknownThenDeniedAtRoleListingTheRoles() {
        TrustCaseRunner.Result r = runner.run(new TrustCase("c", 1,
                new TrustCase.AwsRole("arn:aws:iam::111122223333:role/nope"), Map.of("sub", MAIN, "aud", "sts.amazonaws.com"),
                TrustCase.Expect.DENY));

        assertThat(r.headline()).isEqualTo("PASS c (deny at role)");
        assertThat(((CaseOutcome.Decided) r.outcome()).explanation()).contains("arn:aws:iam::111122223333:role/nope does "
                + "not exist; roles of account 111122223333: [" + ROLE_ARN + "]");
    }

    @Test
    void runWhenGcpBindingMatchesThenAllowNamingTheMember() {
        TrustCaseRunner.Result r = gcp(TrustCase.Expect.ALLOW, Optional.of(SA), gitlab("mygroup/myrepo", "mygroup"));

        assertThat(r.passed()).isTrue();
        assertThat(((CaseOutcome.Decided) r.outcome()).reason())
                .isEqualTo("roles/iam.workloadIdentityUser on " + SA + " granted to " + POOL_SET
                        + "attribute.project_path/mygroup/myrepo");
    }

    @Test
    void runWhenGcpConditionFalseThenDenyWithTheConditionTrace() {
        TrustCaseRunner.Result r = gcp(TrustCase.Expect.ALLOW, Optional.empty(), gitlab("other/myrepo", "other"));

        CaseOutcome.Decided d = (CaseOutcome.Decided) r.outcome();
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).isEqualTo("attribute condition: attributeCondition evaluated to false");
        assertThat(d.explanation()).contains("attributeCondition = assertion.namespace_path == \"mygroup\" → false");
    }

    @Test
    void runWhenGcpBindingMissingThenDenyListingCallerAndBoundMembers() {
        TrustCaseRunner.Result r = gcp(TrustCase.Expect.DENY, Optional.of(SA), gitlab("mygroup/other", "mygroup"));

        CaseOutcome.Decided d = (CaseOutcome.Decided) r.outcome();
        assertThat(r.passed()).isTrue();
        assertThat(d.reason()).startsWith("service account binding: no binding of [roles/iam.workloadIdentityUser, "
                + "roles/iam.serviceAccountTokenCreator] on " + SA);
        assertThat(d.explanation()).contains("PERMISSION_DENIED: Permission 'iam.serviceAccounts.getAccessToken' denied");
        assertThat(d.explanation()).contains("caller: " + POOL_SET + "attribute.project_path/mygroup/other")
                .contains("bound:  roles/iam.workloadIdentityUser → " + POOL_SET + "attribute.project_path/mygroup/myrepo");
    }

    @Test
    void runWhenGcpClaimMissingThenMappingFailedDeny() {
        TrustCaseRunner.Result r = gcp(TrustCase.Expect.DENY, Optional.empty(), Map.of("sub", MAIN));

        CaseOutcome.Decided d = (CaseOutcome.Decided) r.outcome();
        assertThat(d.allowed()).isFalse();
        assertThat(d.explanation()).contains("Decision: DENIED at attribute mapping — unauthorized_client: The mapped "
                + "attribute 'attribute.namespace_path' could not be evaluated. (attribute.namespace_path "
                + "(assertion.namespace_path)");
    }

    @Test
    void runWhenGcpAudGivenAndWrongThenAudienceMismatch() {
        Map<String, Object> claims = gitlab("mygroup/myrepo", "mygroup");
        claims.put("aud", "sts.amazonaws.com");

        CaseOutcome.Decided d = (CaseOutcome.Decided) gcp(TrustCase.Expect.DENY, Optional.of(SA), claims).outcome();

        assertThat(d.reason()).isEqualTo("audience: token aud [sts.amazonaws.com] is not an accepted audience");
        assertThat(d.explanation()).contains("invalid_grant: The audience in ID Token [sts.amazonaws.com] does not match "
                + "the expected audience.");
    }

    @Test
    void runWhenGcpProviderUnknownThenDeniedAtProviderListingThePoolsProviders() {
        TrustCaseRunner.Result r = runner.run(new TrustCase("c", 1, new TrustCase.GcpProvider(
                GCP_PROVIDER.replace("providers/gitlab", "providers/github"), Optional.empty()), Map.of(), TrustCase.Expect.DENY));

        // The server refuses such an exchange with invalid_target; a case gets the same decision.
        assertThat(r.passed()).isTrue();
        assertThat(r.outcome()).isInstanceOfSatisfying(CaseOutcome.Decided.class,
                d -> assertThat(d.reason()).startsWith("provider: no provider").contains("pool gitlab-pool has providers [gitlab]"));
    }
}
