package dev.keyless.aws.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyParserTest {

    @Test
    void parseWhenGitLabTrustPolicyThenCompiled() throws Exception {
        PolicyDocument p = PolicyParser.parse(Policies.gitlabTrustPolicyJson());

        assertThat(p.version()).isEqualTo("2012-10-17");
        assertThat(p.statements()).hasSize(1);
        Statement s = p.statements().get(0);
        assertThat(s.sid()).contains("GitLabMain");
        assertThat(s.principals().orElseThrow().federated()).containsExactly(Policies.PROVIDER_ARN);
        assertThat(s.conditions()).extracting(Condition::key).containsExactly("gitlab.com:aud", "gitlab.com:sub");
    }

    @Test
    void parseWhenStatementIsListAndActionsAreWildcardsThenMatchesCaseInsensitively() throws Exception {
        PolicyDocument p = PolicyParser.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Federated\":[\"accounts.google.com\"]},\"Action\":[\"STS:assumerole*\"]}]}");

        assertThat(p.statements().get(0).actions().orElseThrow().matches("sts:AssumeRoleWithWebIdentity")).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bad effect|{\"Statement\":{\"Sid\":\"S1\",\"Effect\":\"allow\",\"Action\":\"sts:X\"}}|Statement 'S1': Effect must be",
        "missing action|{\"Statement\":[{\"Effect\":\"Allow\"}]}|Statement #0: Missing required field Action",
        "unknown element|{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:X\",\"Foo\":1}]}|Statement #0: unknown element 'Foo'",
        "bad operator|{\"Statement\":{\"Sid\":\"T\",\"Effect\":\"Allow\",\"Action\":\"sts:X\",\"Condition\":{\"StringEq\":{\"k\":\"v\"}}}}|Statement 'T': Condition StringEq k: unknown condition operator",
        "bad number|{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"sts:X\",\"Condition\":{\"NumericLessThan\":{\"k\":\"ten\"}}}}|Statement #0: Condition NumericLessThan k: not a number",
        "bad cidr|{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"sts:X\",\"Condition\":{\"IpAddress\":{\"k\":\"example.com\"}}}}|Statement #0: Condition IpAddress k: not an IP address",
        "bad version|{\"Version\":\"2020-01-01\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"sts:X\"}}|Version must be",
        "principal type|{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"sts:X\",\"Principal\":{\"User\":\"x\"}}}|Statement #0: Principal: unknown principal type 'User'",
        "both principals|{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"sts:X\",\"Principal\":\"*\",\"NotPrincipal\":\"*\"}}|Statement #0: Principal and NotPrincipal",
        "action form|{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"assume\"}}|Statement #0: Action 'assume' must be of the form service:action",
        "null with variable|{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"sts:X\",\"Condition\":{\"Null\":{\"k\":\"${aws:username}\"}}}}|Statement #0: Condition Null k: Null needs",
        "duplicate sid|{\"Statement\":[{\"Sid\":\"A\",\"Effect\":\"Allow\",\"Action\":\"sts:X\"},{\"Sid\":\"A\",\"Effect\":\"Deny\",\"Action\":\"sts:X\"}]}|Statement 'A': Sid",
        "empty statement|{\"Statement\":[]}|Statement must be",
        "not json|{\"Statement\":|Syntax errors in policy",
    })
    void parseWhenMalformedThenMessageNamesStatementAndElement(String name, String json, String message) {
        assertThatThrownBy(() -> PolicyParser.parse(json)).isInstanceOf(MalformedPolicyException.class)
                .hasMessageContaining(message);
    }

    @Test
    void parseWhenOperatorHasQualifierAndIfExistsThenAllThreeRecognised() throws Exception {
        Condition c = PolicyParser.parse("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"sts:X\","
                + "\"Condition\":{\"forallvalues:stringlikeifexists\":{\"k\":[\"a*\",\"b\"]}}}}").statements().get(0).conditions().get(0);

        assertThat(c.operator()).isEqualTo(ConditionOperator.STRING_LIKE);
        assertThat(c.qualifier()).isEqualTo(Condition.SetQualifier.FOR_ALL_VALUES);
        assertThat(c.ifExists()).isTrue();
        assertThat(c.rawValues()).isEqualTo(List.of("a*", "b"));
    }

    @Test
    void wildcardPatternToStringShowsEscapedCharacters() {
        PolicyValue v = PolicyValue.parse("a${*}b*", true);

        assertThat(v.resolve(ConditionContext.empty()).orElseThrow().pattern(false)).hasToString("a${*}b*");
    }
}
