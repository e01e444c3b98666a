package dev.keyless.aws.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Examples from the IAM User Guide [https://docs.aws.amazon.com/IAM/latest/UserGuide/
 * plus the page names below, .html], one row per example and request: the Condition block as in the
 * guide, a request context, and whether the condition block holds (Allow) or not (ImplicitDeny).
 */
class IamDocExamplesTest {
    private static final String OPS = "reference_policies_elements_condition_operators.html";
    private static final String MULTI = "reference_policies_multi-value-conditions.html";
    private static final String VARS = "reference_policies_variables.html";
    private static final String COND = "reference_policies_elements_condition.html";

    static Stream<Arguments> examples() {
        return Stream.of(
                row(COND + " StringEquals aws:username johndoe", "{\"StringEquals\":{\"aws:username\":\"johndoe\"}}",
                        Map.of("aws:username", List.of("johndoe")), true),
                row(COND + " StringEquals is case-sensitive: JohnDoe denied", "{\"StringEquals\":{\"aws:username\":\"johndoe\"}}",
                        Map.of("aws:username", List.of("JohnDoe")), false),
                row(COND + " StringEqualsIgnoreCase matches JohnDoe", "{\"StringEqualsIgnoreCase\":{\"aws:username\":\"johndoe\"}}",
                        Map.of("aws:username", List.of("JohnDoe")), true),
                row(COND + " key names are case-insensitive: AWS:SourceIp", "{\"IpAddress\":{\"AWS:SourceIp\":\"203.0.113.0/24\"}}",
                        Map.of("aws:SourceIP", List.of("203.0.113.7")), true),
                row(OPS + " StringEquals aws:PrincipalTag/job-category", "{\"StringEquals\":{\"aws:PrincipalTag/job-category\":\"iamuser-admin\"}}",
                        Map.of("aws:PrincipalTag/job-category", List.of("iamuser-admin")), true),
                row(OPS + " StringEquals: absent key is false", "{\"StringEquals\":{\"aws:PrincipalTag/job-category\":\"iamuser-admin\"}}",
                        Map.of(), false),
                row(OPS + " StringLike s3:prefix home/${aws:username}/", "{\"StringLike\":{\"s3:prefix\":[\"\",\"home/\",\"home/${aws:username}/\"]}}",
                        Map.of("s3:prefix", List.of("home/johndoe/"), "aws:username", List.of("johndoe")), true),
                row(OPS + " StringLike: other user's home denied", "{\"StringLike\":{\"s3:prefix\":[\"\",\"home/\",\"home/${aws:username}/\"]}}",
                        Map.of("s3:prefix", List.of("home/alice/"), "aws:username", List.of("johndoe")), false),
                row(OPS + " StringNotEquals: absent key is true", "{\"StringNotEquals\":{\"aws:PrincipalTag/department\":\"HR\"}}",
                        Map.of(), true),
                row(OPS + " NumericLessThanEquals s3:max-keys 10", "{\"NumericLessThanEquals\":{\"s3:max-keys\":\"10\"}}",
                        Map.of("s3:max-keys", List.of("10")), true),
                row(OPS + " NumericLessThanEquals s3:max-keys 11", "{\"NumericLessThanEquals\":{\"s3:max-keys\":\"10\"}}",
                        Map.of("s3:max-keys", List.of("11")), false),
                row(OPS + " DateGreaterThan aws:TokenIssueTime", "{\"DateGreaterThan\":{\"aws:TokenIssueTime\":\"2020-01-01T00:00:01Z\"}}",
                        Map.of("aws:TokenIssueTime", List.of("2020-06-01T00:00:00Z")), true),
                row(OPS + " DateLessThan with epoch aws:EpochTime", "{\"DateLessThan\":{\"aws:EpochTime\":\"1577836800\"}}",
                        Map.of("aws:EpochTime", List.of("1577836799")), true),
                row(OPS + " Bool aws:SecureTransport true", "{\"Bool\":{\"aws:SecureTransport\":\"true\"}}",
                        Map.of("aws:SecureTransport", List.of("true")), true),
                row(OPS + " Bool aws:SecureTransport false request", "{\"Bool\":{\"aws:SecureTransport\":\"true\"}}",
                        Map.of("aws:SecureTransport", List.of("false")), false),
                row(OPS + " BinaryEquals base-64", "{\"BinaryEquals\":{\"key\":\"QmluYXJ5VmFsdWVJbkJhc2U2NA==\"}}",
                        Map.of("key", List.of("QmluYXJ5VmFsdWVJbkJhc2U2NA==")), true),
                row(OPS + " IpAddress 203.0.113.0/24", "{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}",
                        Map.of("aws:SourceIp", List.of("198.51.100.1")), false),
                row(OPS + " IpAddress IPv6 2001:DB8:1234:5678::/64", "{\"IpAddress\":{\"aws:SourceIp\":[\"203.0.113.0/24\",\"2001:DB8:1234:5678::/64\"]}}",
                        Map.of("aws:SourceIp", List.of("2001:db8:1234:5678::17")), true),
                row(OPS + " NotIpAddress outside range", "{\"NotIpAddress\":{\"aws:SourceIp\":[\"192.0.2.0/24\",\"203.0.113.0/24\"]}}",
                        Map.of("aws:SourceIp", List.of("198.51.100.1")), true),
                row(OPS + " NotIpAddress values ANDed: inside one range", "{\"NotIpAddress\":{\"aws:SourceIp\":[\"192.0.2.0/24\",\"203.0.113.0/24\"]}}",
                        Map.of("aws:SourceIp", List.of("203.0.113.9")), false),
                row(OPS + " ArnLike aws:SourceArn per component", "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:sns:*:123456789012:TOPIC-ID\"}}",
                        Map.of("aws:SourceArn", List.of("arn:aws:sns:us-east-2:123456789012:TOPIC-ID")), true),
                row(OPS + " ArnEquals: wrong account", "{\"ArnEquals\":{\"aws:SourceArn\":\"arn:aws:sns:*:123456789012:TOPIC-ID\"}}",
                        Map.of("aws:SourceArn", List.of("arn:aws:sns:us-east-2:999999999999:TOPIC-ID")), false),
                row(OPS + " Null aws:TokenIssueTime true: key absent", "{\"Null\":{\"aws:TokenIssueTime\":\"true\"}}",
                        Map.of(), true),
                row(OPS + " Null aws:TokenIssueTime true: key present", "{\"Null\":{\"aws:TokenIssueTime\":\"true\"}}",
                        Map.of("aws:TokenIssueTime", List.of("2020-01-01T00:00:00Z")), false),
                row(OPS + " StringLikeIfExists ec2:InstanceType absent", "{\"StringLikeIfExists\":{\"ec2:InstanceType\":[\"t1.*\",\"t2.*\",\"m3.*\"]}}",
                        Map.of(), true),
                row(OPS + " StringLikeIfExists ec2:InstanceType m4.large", "{\"StringLikeIfExists\":{\"ec2:InstanceType\":[\"t1.*\",\"t2.*\",\"m3.*\"]}}",
                        Map.of("ec2:InstanceType", List.of("m4.large")), false),
                row(MULTI + " ForAllValues:StringEquals aws:TagKeys subset", "{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"environment\",\"cost-center\"]}}",
                        Map.of("aws:TagKeys", List.of("environment", "cost-center")), true),
                row(MULTI + " ForAllValues: one key outside", "{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"environment\",\"cost-center\"]}}",
                        Map.of("aws:TagKeys", List.of("environment", "dept")), false),
                row(MULTI + " ForAllValues: absent key is true", "{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"environment\",\"cost-center\"]}}",
                        Map.of(), true),
                row(MULTI + " ForAnyValue:StringEquals one matches", "{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"environment\",\"cost-center\"]}}",
                        Map.of("aws:TagKeys", List.of("environment", "dept")), true),
                row(MULTI + " ForAnyValue: absent key is false", "{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"environment\",\"cost-center\"]}}",
                        Map.of(), false),
                row(MULTI + " ForAllValues:StringNotLike none match", "{\"ForAllValues:StringNotLike\":{\"aws:TagKeys\":[\"key*\"]}}",
                        Map.of("aws:TagKeys", List.of("a", "b")), true),
                row(MULTI + " ForAnyValue:StringLike amr authenticated (Cognito)", "{\"ForAnyValue:StringLike\":{\"cognito-identity.amazonaws.com:amr\":\"authenticated\"}}",
                        Map.of("cognito-identity.amazonaws.com:amr", List.of("authenticated", "graph.facebook.com")), true),
                row(COND + " keys ANDed: one fails", "{\"StringEquals\":{\"aws:username\":\"johndoe\",\"aws:PrincipalTag/team\":\"a\"}}",
                        Map.of("aws:username", List.of("johndoe"), "aws:PrincipalTag/team", List.of("b")), false),
                row(VARS + " default value ${aws:PrincipalTag/team, 'company-wide'}", "{\"StringEquals\":{\"s3:prefix\":\"${aws:PrincipalTag/team, 'company-wide'}\"}}",
                        Map.of("s3:prefix", List.of("company-wide")), true),
                row(VARS + " default not used when the key is present", "{\"StringEquals\":{\"s3:prefix\":\"${aws:PrincipalTag/team, 'company-wide'}\"}}",
                        Map.of("s3:prefix", List.of("company-wide"), "aws:PrincipalTag/team", List.of("red")), false),
                row(VARS + " ${*} is a literal star in StringLike", "{\"StringLike\":{\"s3:prefix\":\"a${*}b\"}}",
                        Map.of("s3:prefix", List.of("axyb")), false),
                row(VARS + " ${*} matches a literal star", "{\"StringLike\":{\"s3:prefix\":\"a${*}b\"}}",
                        Map.of("s3:prefix", List.of("a*b")), true),
                row(VARS + " ${?} and ${$} escapes", "{\"StringEquals\":{\"k\":\"${?}${$}\"}}",
                        Map.of("k", List.of("?$")), true),
                row(VARS + " unresolved variable: statement does not apply", "{\"StringEquals\":{\"s3:prefix\":\"home/${aws:username}\"}}",
                        Map.of("s3:prefix", List.of("home/")), false),
                row("id_roles_providers_oidc_user-id.html ${www.amazon.com:user_id}", "{\"StringEquals\":{\"s3:prefix\":\"${www.amazon.com:user_id}/\"}}",
                        Map.of("s3:prefix", List.of("amzn1.account.X/"), "www.amazon.com:user_id", List.of("amzn1.account.X")), true));
    }

    private static Arguments row(String doc, String condition, Map<String, List<String>> ctx, boolean allowed) {
        return Arguments.of(doc, condition, ctx, allowed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void evaluateWhenIamGuideExampleThenAsDocumented(String doc, String condition, Map<String, List<String>> ctx,
            boolean allowed) {
        Decision d = Policies.decide(Policies.allowWhen(condition), Policies.context(ctx));

        assertThat(d.allowed()).as(doc).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void explainWhenIamGuideExampleThenConditionResultMatchesDecision(String doc, String condition,
            Map<String, List<String>> ctx, boolean allowed) {
        PolicyEvaluation e = new PolicyEvaluator().evaluate(Policies.allowWhen(condition), Policies.request(Policies.context(ctx)));

        assertThat(e.explanation().statements().get(0).conditionsMatched()).as(doc).isEqualTo(allowed);
    }

    @org.junit.jupiter.api.Test
    void evaluateWhenVersion2008ThenVariablesAreLiteral() {
        // [IAM User Guide, reference_policies_variables]: variables need "Version": "2012-10-17"; otherwise literal.
        PolicyDocument p = Policies.allowWhen("2008-10-17", "{\"StringEquals\":{\"k\":\"${aws:username}\"}}");

        assertThat(Policies.decide(p, Policies.context(Map.of("k", List.of("${aws:username}"), "aws:username", List.of("bob")))).allowed()).isTrue();
        assertThat(Policies.decide(p, Policies.context(Map.of("k", List.of("bob"), "aws:username", List.of("bob")))).allowed()).isFalse();
    }
}
