package dev.keyless.aws.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustPolicyLinterTest {
    private static final List<String> PROVIDERS = List.of("https://gitlab.com");

    private static List<LintFinding> lint(String conditionJson, ConditionKeysMode mode) {
        String json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"CI\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"Federated\":\"" + Policies.PROVIDER_ARN + "\"},"
                + "\"Action\":\"sts:AssumeRoleWithWebIdentity\"" + (conditionJson == null ? "" : ",\"Condition\":" + conditionJson)
                + "}]}";
        return new TrustPolicyLinter().lint(Policies.parse(json), "deployer", PROVIDERS, mode);
    }

    private static final String AUD = "\"gitlab.com:aud\":\"sts.amazonaws.com\"";
    private static final String SUB = "\"gitlab.com:sub\":\"project_path:mygroup/myproject:ref_type:branch:ref:main\"";

    @Test
    void lintWhenCleanGitLabPolicyThenNoFindings() {
        assertThat(new TrustPolicyLinter().lint(Policies.parse(Policies.gitlabTrustPolicyJson()), "deployer", PROVIDERS,
                ConditionKeysMode.AWS)).isEmpty();
    }

    @Test
    void lintWhenNoSubConditionThenNoSubError() {
        assertThat(lint("{\"StringEquals\":{" + AUD + "}}", ConditionKeysMode.AWS))
                .extracting(LintFinding::ruleId, LintFinding::severity, LintFinding::statement)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TrustPolicyLinter.NO_SUB, LintFinding.Severity.ERROR, "'CI'"));
    }

    @Test
    void lintWhenSubOnlyUnderIfExistsThenNoSubError() {
        assertThat(lint("{\"StringEquals\":{" + AUD + "},\"StringEqualsIfExists\":{" + SUB + "}}", ConditionKeysMode.AWS))
                .extracting(LintFinding::ruleId).containsExactly(TrustPolicyLinter.NO_SUB);
    }

    @Test
    void lintWhenAudNotCheckedThenNoAudWarning() {
        assertThat(lint("{\"StringEquals\":{" + SUB + "}}", ConditionKeysMode.AWS))
                .extracting(LintFinding::ruleId, LintFinding::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TrustPolicyLinter.NO_AUD, LintFinding.Severity.WARNING));
    }

    @Test
    void lintWhenNoConditionAtAllThenBothBindingFindings() {
        assertThat(lint(null, ConditionKeysMode.AWS)).extracting(LintFinding::ruleId)
                .containsExactly(TrustPolicyLinter.NO_SUB, TrustPolicyLinter.NO_AUD);
    }

    @Test
    void lintWhenStringLikeWildcardInProjectThenWildcardProjectError() {
        List<LintFinding> f = lint("{\"StringEquals\":{" + AUD + "},\"StringLike\":{\"gitlab.com:sub\":"
                + "[\"project_path:mygroup/*:ref_type:branch:ref:main\",\"project_path:*\",\"project_path:mygroup/app:ref_type:branch:ref:*\"]}}",
                ConditionKeysMode.AWS);

        assertThat(f).extracting(LintFinding::ruleId)
                .containsExactly(TrustPolicyLinter.WILDCARD_PROJECT, TrustPolicyLinter.WILDCARD_PROJECT);
        assertThat(f.get(0).message()).contains("project_path:mygroup/*:ref_type:branch:ref:main").contains("'mygroup/*'");
    }

    @Test
    void lintWhenForAllValuesInAllowThenError() {
        assertThat(lint("{\"StringEquals\":{" + AUD + "," + SUB + "},\"ForAllValues:StringEquals\":{\"gitlab.com:amr\":\"x\"}}",
                ConditionKeysMode.AWS)).extracting(LintFinding::ruleId).containsExactly(TrustPolicyLinter.FOR_ALL_VALUES_ALLOW);
    }

    @Test
    void lintWhenKeyAwsDoesNotProvideThenAlwaysFalseInAws() {
        List<LintFinding> f = lint("{\"StringEquals\":{" + AUD + "," + SUB + ",\"gitlab.com:ref_protected\":\"true\"}}",
                ConditionKeysMode.AWS);

        assertThat(f).extracting(LintFinding::ruleId).containsExactly(TrustPolicyLinter.KEY_NOT_PROVIDED);
        assertThat(f.get(0).message()).contains("gitlab.com:ref_protected").contains("always false in AWS");
    }

    @Test
    void lintWhenKeyAwsDoesNotProvideUnderIfExistsThenAlwaysTrueWithIfExists() {
        List<LintFinding> f = lint("{\"StringEquals\":{" + AUD + "," + SUB + "},\"StringEqualsIfExists\":{\"gitlab.com:iss\":\"https://gitlab.com\"}}",
                ConditionKeysMode.AWS);

        assertThat(f).extracting(LintFinding::ruleId).containsExactly(TrustPolicyLinter.KEY_NOT_PROVIDED);
        assertThat(f.get(0).message()).contains("always true with IfExists");
    }

    @Test
    void lintWhenExtendedModeThenCustomClaimWarnsRealAwsWouldDenyNotKeyNotProvided() {
        assertThat(lint("{\"StringEquals\":{" + AUD + "," + SUB + ",\"gitlab.com:ref_protected\":\"true\"}}",
                ConditionKeysMode.EXTENDED)).extracting(LintFinding::ruleId, LintFinding::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TrustPolicyLinter.EXTENDED_DENIED_BY_AWS,
                        LintFinding.Severity.WARNING));
    }

    @Test
    void lintWhenStatementAllowsAssumeRoleToOidcProviderThenActionError() {
        String json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Federated\":\"" + Policies.PROVIDER_ARN + "\"},\"Action\":\"sts:AssumeRole\","
                + "\"Condition\":{\"StringEquals\":{" + AUD + "," + SUB + "}}}]}";
        assertThat(new TrustPolicyLinter().lint(Policies.parse(json), "deployer", PROVIDERS, ConditionKeysMode.AWS))
                .extracting(LintFinding::ruleId).containsExactly(TrustPolicyLinter.ACTION_NOT_WEB_IDENTITY);
    }

    @Test
    void lintWhenStringEqualsHasWildcardThenWarning() {
        List<LintFinding> f = lint("{\"StringEquals\":{" + AUD + ",\"gitlab.com:sub\":\"project_path:mygroup/app:ref_type:branch:ref:*\"}}",
                ConditionKeysMode.AWS);

        assertThat(f).extracting(LintFinding::ruleId).containsExactly(TrustPolicyLinter.WILDCARD_IN_EQUALS);
        assertThat(f.get(0).message()).contains("compares literally");
    }

    @Test
    void lintWhenEscapedStarInStringEqualsThenNoWarning() {
        assertThat(lint("{\"StringEquals\":{" + AUD + ",\"gitlab.com:sub\":\"project_path:a/b:ref_type:branch:ref:x${*}\"}}",
                ConditionKeysMode.AWS)).isEmpty();
    }
}
