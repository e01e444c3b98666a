package dev.keyless.trust;

import static dev.keyless.trust.TrustConfigs.POOL_SET;
import static dev.keyless.trust.TrustConfigs.aws;
import static dev.keyless.trust.TrustConfigs.gcp;
import static dev.keyless.trust.TrustConfigs.load;
import static dev.keyless.trust.TrustConfigs.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.aws.policy.LintFinding.Severity;
import dev.keyless.aws.policy.TrustPolicyLinter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigTrustLinterTest {
    private static final String AUD = "\"127.0.0.1:8080:aud\":\"sts.amazonaws.com\"";
    private static final String SUB = "\"127.0.0.1:8080:sub\":\"project_path:mygroup/myrepo:ref_type:branch:ref:main\"";
    private static final String CONDITION = "attributeCondition: assertion.namespace_path == \"mygroup\"";
    private static final String PROJECT_SET = POOL_SET + "attribute.project_path/mygroup/myrepo";

    private final ConfigTrustLinter linter = new ConfigTrustLinter();

    /** Each unsafe pattern, in a role that is otherwise clean, with the rule that must flag it. */
    static Stream<Arguments> unsafePatterns() {
        return Stream.of(
                Arguments.of("Allow without a sub condition", "{\"StringEquals\":{" + AUD + "}}",
                        TrustPolicyLinter.NO_SUB, Severity.ERROR),
                Arguments.of("aud not checked", "{\"StringEquals\":{" + SUB + "}}", TrustPolicyLinter.NO_AUD, Severity.WARNING),
                Arguments.of("StringLike project_path:mygroup/*", "{\"StringEquals\":{" + AUD + "},\"StringLike\":"
                        + "{\"127.0.0.1:8080:sub\":\"project_path:mygroup/*:ref_type:branch:ref:main\"}}",
                        TrustPolicyLinter.WILDCARD_PROJECT, Severity.ERROR),
                Arguments.of("StringLike *", "{\"StringEquals\":{" + AUD + "},\"StringLike\":{\"127.0.0.1:8080:sub\":\"*\"}}",
                        TrustPolicyLinter.WILDCARD_PROJECT, Severity.ERROR),
                Arguments.of("ForAllValues in an Allow", "{\"StringEquals\":{" + AUD + "," + SUB + "},"
                        + "\"ForAllValues:StringEquals\":{\"127.0.0.1:8080:amr\":[\"mfa\"]}}",
                        TrustPolicyLinter.FOR_ALL_VALUES_ALLOW, Severity.ERROR),
                Arguments.of("key AWS does not provide", "{\"StringEquals\":{" + AUD + "," + SUB + ","
                        + "\"127.0.0.1:8080:ref_protected\":\"true\"}}", TrustPolicyLinter.KEY_NOT_PROVIDED, Severity.ERROR),
                Arguments.of("StringEquals with * in the value", "{\"StringEquals\":{" + AUD + ","
                        + "\"127.0.0.1:8080:sub\":\"project_path:mygroup/myrepo:ref_type:branch:ref:*\"}}",
                        TrustPolicyLinter.WILDCARD_IN_EQUALS, Severity.WARNING));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsafePatterns")
    void lintWhenUnsafePatternThenFlaggedWithItsRule(String pattern, String condition, String rule, Severity severity) {
        List<TrustFinding> findings = linter.lint(load(aws("aws", policy(condition))));

        assertThat(findings).extracting(f -> f.finding().ruleId()).containsExactly(rule);
        assertThat(findings.get(0).finding().severity()).isEqualTo(severity);
        assertThat(findings.get(0).location()).isEqualTo("aws.accounts.\"111122223333\".roles.deployer");
    }

    @Test
    void lintWhenKeyNotProvidedThenMessageSaysAlwaysFalseInAwsAndRendersOnOneLine() {
        String condition = "{\"StringEquals\":{" + AUD + "," + SUB + ",\"127.0.0.1:8080:ref_protected\":\"true\"}}";

        TrustFinding f = linter.lint(load(aws("aws", policy(condition)))).get(0);

        assertThat(f.finding().message()).contains("127.0.0.1:8080:ref_protected").contains("always false in AWS");
        assertThat(f.render("keyless.yaml")).startsWith(
                "keyless.yaml: aws.accounts.\"111122223333\".roles.deployer: ERROR key-not-provided-by-aws: statement #0: ");
    }

    @Test
    void lintWhenExtendedKeysThenCustomClaimWarnsThatRealAwsWouldAlwaysDeny() {
        String condition = "{\"StringEquals\":{" + AUD + "," + SUB + ",\"127.0.0.1:8080:ref_protected\":\"true\"}}";

        List<TrustFinding> findings = linter.lint(load(aws("extended", policy(condition))));

        assertThat(findings).extracting(f -> f.finding().ruleId()).containsExactly(TrustPolicyLinter.EXTENDED_DENIED_BY_AWS);
        assertThat(findings.get(0).finding().severity()).isEqualTo(Severity.WARNING);
        assertThat(findings.get(0).finding().message()).contains("127.0.0.1:8080:ref_protected")
                .contains("real AWS would always deny").contains("only with Keyless");
    }

    @Test
    void lintWhenExtendedKeysOnlyNegatedOrAwsProvidedThenNoExtendedFinding() {
        // StringNotEquals on an absent key is true on AWS: the statement still applies there, so no denial to warn of.
        String condition = "{\"StringEquals\":{" + AUD + "," + SUB + "},\"StringNotEquals\":"
                + "{\"127.0.0.1:8080:environment\":\"production\"}}";

        assertThat(linter.lint(load(aws("extended", policy(condition))))).isEmpty();
    }

    @Test
    void lintWhenTrustPolicyAllowsStsAssumeRoleToOidcProviderThenError() {
        String json = TrustConfigs.policy(TrustConfigs.CLEAN_CONDITION)
                .replace("\"Action\":\"sts:AssumeRoleWithWebIdentity\"", "\"Action\":\"sts:AssumeRole\"");
        assertThat(json).contains("\"Action\":\"sts:AssumeRole\"");

        List<TrustFinding> findings = linter.lint(load(aws("aws", json)));

        assertThat(findings).extracting(f -> f.finding().ruleId())
                .containsExactly(TrustPolicyLinter.ACTION_NOT_WEB_IDENTITY);
        assertThat(findings.get(0).finding().severity()).isEqualTo(Severity.ERROR);
        assertThat(findings.get(0).finding().message()).contains("sts:AssumeRole is never usable with OIDC")
                .contains("use Action: sts:AssumeRoleWithWebIdentity");
    }

    @Test
    void lintWhenTrustPolicyActionListIncludesWebIdentityOrWildcardThenNoActionFinding() {
        for (String action : List.of("[\"sts:AssumeRole\",\"sts:AssumeRoleWithWebIdentity\"]", "\"sts:*\"",
                "\"sts:AssumeRoleWith*\"")) {
            String json = TrustConfigs.policy(TrustConfigs.CLEAN_CONDITION)
                    .replace("\"sts:AssumeRoleWithWebIdentity\"", action);
            assertThat(linter.lint(load(aws("aws", json)))).as(action).isEmpty();
        }
    }

    @Test
    void lintWhenGcpMappingOrConditionReadsClaimGitlabNeverSendsThenWarningForEach() {
        String yaml = gcp("attributeCondition: assertion.repository_owner == \"mygroup\"", PROJECT_SET)
                .replace("attribute.namespace_path: assertion.namespace_path",
                        "attribute.namespace_path: assertion.namespace_path\n"
                                + "                attribute.repo: assertion['repository']\n"
                                + "                attribute.ref: assertion.ref");

        List<TrustFinding> findings = linter.lint(load(yaml));

        assertThat(findings).extracting(f -> f.finding().ruleId())
                .containsExactly(GcpTrustLinter.CLAIM_NOT_SENT, GcpTrustLinter.CLAIM_NOT_SENT);
        assertThat(findings).extracting(TrustFinding::location).containsExactly(
                "gcp.projects.my-project.workloadIdentityPools.gitlab-pool.providers.gitlab.attributeMapping.\"attribute.repo\"",
                "gcp.projects.my-project.workloadIdentityPools.gitlab-pool.providers.gitlab.attributeCondition");
        assertThat(findings.get(0).finding().message()).contains("GitLab never sends claim repository");
        assertThat(findings.get(1).finding().message()).contains("GitLab never sends claim repository_owner")
                .contains("every exchange is refused");
    }

    @Test
    void unknownClaimsWhenEveryGitlabClaimThenNone() {
        for (String claim : GcpTrustLinter.GITLAB_CLAIMS) {
            assertThat(GcpTrustLinter.unknownClaims("assertion." + claim + " == 'x' && assertion['" + claim + "'] != ''"))
                    .as(claim).isEmpty();
        }
        assertThat(GcpTrustLinter.unknownClaims("assertion.sub.startsWith('project_path:') && assertion.job_workflow_ref"))
                .containsExactly("job_workflow_ref");
    }

    @Test
    void lintWhenCleanAwsAndGcpConfigThenNoFindings() {
        String yaml = aws("aws", policy(TrustConfigs.CLEAN_CONDITION)) + gcp(CONDITION, PROJECT_SET);

        assertThat(linter.lint(load(yaml))).isEmpty();
    }

    @Test
    void lintWhenTrustPolicyIsNotIamGrammarThenMalformedTrustPolicyError() {
        String bad = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Maybe\",\"Principal\":{\"Federated\":\""
                + TrustConfigs.PROVIDER_ARN + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\"}]}";

        // Compiled at config load now: the config does not load, so there is nothing left to lint.
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(dev.keyless.config.ConfigException.class,
                () -> dev.keyless.config.ConfigLoader.parse(aws("aws", bad), "keyless.yaml")))
                .hasMessageContaining("the trust policy is malformed");
    }

    @Test
    void lintWhenGcpProviderHasNoConditionThenWarning() {
        List<TrustFinding> findings = linter.lint(load(gcp("", PROJECT_SET)));

        assertThat(findings).extracting(f -> f.finding().ruleId()).containsExactly(GcpTrustLinter.NO_CONDITION);
        assertThat(findings.get(0).finding().severity()).isEqualTo(Severity.WARNING);
        assertThat(findings.get(0).location())
                .isEqualTo("gcp.projects.my-project.workloadIdentityPools.gitlab-pool.providers.gitlab");
    }

    @Test
    void lintWhenGcpConditionIsLiterallyTrueThenWarning() {
        assertThat(linter.lint(load(gcp("attributeCondition: \"true\"", PROJECT_SET))))
                .extracting(f -> f.finding().ruleId()).containsExactly(GcpTrustLinter.NO_CONDITION);
    }

    @Test
    void lintWhenWholePoolBoundAndProviderHasNoConditionThenError() {
        List<TrustFinding> findings = linter.lint(load(gcp("", POOL_SET + "*")));

        TrustFinding wholePool = findings.stream().filter(f -> f.finding().ruleId().equals(GcpTrustLinter.WHOLE_POOL))
                .findFirst().orElseThrow();
        assertThat(wholePool.finding().severity()).isEqualTo(Severity.ERROR);
        assertThat(wholePool.finding().message()).contains("[gitlab]").contains("any token of their issuer");
        assertThat(wholePool.location())
                .isEqualTo("gcp.projects.my-project.serviceAccounts.deployer.bindings.\"roles/iam.workloadIdentityUser\"");
    }

    @Test
    void lintWhenWholePoolBoundButEveryProviderHasAConditionThenWarning() {
        List<TrustFinding> findings = linter.lint(load(gcp(CONDITION, POOL_SET + "*")));

        assertThat(findings).extracting(f -> f.finding().ruleId()).containsExactly(GcpTrustLinter.WHOLE_POOL);
        assertThat(findings.get(0).finding().severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void lintWhenConditionDoesNotCompileThenInvalidMappingError() {
        // Compiled at config load now: the config does not load, so there is nothing left to lint.
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(dev.keyless.config.ConfigException.class,
                () -> dev.keyless.config.ConfigLoader.parse(gcp("attributeCondition: assertion.namespace_path ==",
                        PROJECT_SET), "keyless.yaml")))
                .hasMessageContaining("attributeCondition: CEL: ");
    }
}
