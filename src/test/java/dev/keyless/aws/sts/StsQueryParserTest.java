package dev.keyless.aws.sts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StsQueryParserTest {

    private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";
    private static final String BASE = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15"
            + "&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fdeployer&WebIdentityToken=eyJ.abc.def";
    private final StsQueryParser parser = new StsQueryParser();

    private StsParse post(String body) {
        return parser.parse(null, FORM, body.getBytes(StandardCharsets.UTF_8));
    }

    private static StsFailure rejected(StsParse parse) {
        assertThat(parse).isInstanceOf(StsParse.Rejected.class);
        return ((StsParse.Rejected) parse).failure();
    }

    @Test
    void parseWhenBotocoreFormThenParams() {
        StsParse parse = post(BASE + "&RoleSessionName=ci-run-42&PolicyArns=");

        assertThat(parse).isEqualTo(new StsParse.Parsed(new AssumeRoleWithWebIdentityParams(
                "arn:aws:iam::111122223333:role/deployer", "ci-run-42", "eyJ.abc.def", Optional.empty(), List.of(),
                Optional.empty(), 3600)));
    }

    @Test
    void parseWhenGetQueryStringThenSameParams() {
        StsParse parse = parser.parse(BASE + "&RoleSessionName=ci-run-42&DurationSeconds=900", null, new byte[0]);

        assertThat(((StsParse.Parsed) parse).operation())
                .isEqualTo(new AssumeRoleWithWebIdentityParams("arn:aws:iam::111122223333:role/deployer", "ci-run-42",
                        "eyJ.abc.def", Optional.empty(), List.of(), Optional.empty(), 900));
    }

    @Test
    void parseWhenPolicyArnsMembersThenOrderedByIndexAndPlusIsSpace() {
        StsParse parse = post(BASE + "&RoleSessionName=s1&PolicyArns.member.2.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FB"
                + "&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FA&Policy=%7B%22a%22%3A+1%7D");

        AssumeRoleWithWebIdentityParams p = (AssumeRoleWithWebIdentityParams) ((StsParse.Parsed) parse).operation();
        assertThat(p.policyArns()).containsExactly("arn:aws:iam::aws:policy/A", "arn:aws:iam::aws:policy/B");
        assertThat(p.policy()).contains("{\"a\": 1}");
    }

    @Test
    void parseWhenTokenHasTrailingNewlineThenStripped() {
        StsParse parse = post(BASE + "%0A&RoleSessionName=s1");

        assertThat(((AssumeRoleWithWebIdentityParams) ((StsParse.Parsed) parse).operation()).webIdentityToken())
                .isEqualTo("eyJ.abc.def");
    }

    @Test
    void parseWhenGetCallerIdentityThenNoParams() {
        assertThat(post("Action=GetCallerIdentity&Version=2011-06-15"))
                .isEqualTo(new StsParse.Parsed(new GetCallerIdentityParams()));
    }

    @Test
    void parseWhenSessionNameHasColonThenAwsValidationMessage() {
        assertThat(rejected(post(BASE + "&RoleSessionName=a:b"))).isEqualTo(new StsFailure(StsError.VALIDATION_ERROR,
                "1 validation error detected: Value 'a:b' at 'roleSessionName' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: [\\w+=,.@-]*"));
    }

    @Test
    void parseWhenTwoViolationsThenBothJoined() {
        String longName = "x".repeat(65);

        assertThat(rejected(post(BASE + "&RoleSessionName=" + longName + "&DurationSeconds=43201")).message())
                .isEqualTo("2 validation errors detected: Value '" + longName + "' at 'roleSessionName' failed to "
                        + "satisfy constraint: Member must have length less than or equal to 64; Value '43201' at "
                        + "'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200");
    }

    @Test
    void parseWhenSessionNameTooShortThenGreaterThanOrEqualMessage() {
        assertThat(rejected(post(BASE + "&RoleSessionName=a")).message()).isEqualTo("1 validation error detected: "
                + "Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2");
    }

    @Test
    void parseWhenDurationTooShortThenValueMessage() {
        assertThat(rejected(post(BASE + "&RoleSessionName=s1&DurationSeconds=899")).message())
                .isEqualTo("1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy "
                        + "constraint: Member must have value greater than or equal to 900");
    }

    @Test
    void parseWhenTokenTooShortThenValueNotEchoed() {
        String body = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleSessionName=s1"
                + "&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fdeployer&WebIdentityToken=abc";

        assertThat(rejected(post(body)).message()).isEqualTo("1 validation error detected: Value at "
                + "'webIdentityToken' failed to satisfy constraint: Member must have length greater than or equal to 4");
    }

    @Test
    void parseWhenRequiredMissingThenMustNotBeNull() {
        assertThat(rejected(post("Action=AssumeRoleWithWebIdentity&Version=2011-06-15")).message())
                .isEqualTo("3 validation errors detected: "
                        + "Value null at 'roleArn' failed to satisfy constraint: Member must not be null; "
                        + "Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null; "
                        + "Value null at 'webIdentityToken' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void parseWhenElevenPolicyArnsThenLengthMessage() {
        StringBuilder body = new StringBuilder(BASE + "&RoleSessionName=s1");
        for (int i = 1; i <= 11; i++) {
            body.append("&PolicyArns.member.").append(i).append(".arn=arn:aws:iam::aws:policy/P").append(i);
        }

        assertThat(rejected(post(body.toString())).message()).startsWith("1 validation error detected: Value '[")
                .endsWith("]' at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10");
    }

    @Test
    void parseWhenPolicyHasCharAbove00FFThenPatternMessage() {
        assertThat(rejected(post(BASE + "&RoleSessionName=s1&Policy=%E2%82%AC")).message())
                .isEqualTo("1 validation error detected: Value '\u20ac' at 'policy' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
    }

    @Test
    void parseWhenParameterRepeatedThenRejectedNamingIt() {
        assertThat(rejected(post(BASE + "&RoleSessionName=s1&RoleSessionName=s2"))).isEqualTo(new StsFailure(
                StsError.INVALID_PARAMETER_VALUE, "The parameter RoleSessionName was given more than once"));
    }

    @Test
    void parseWhenRepeatedAcrossQueryAndBodyThenRejected() {
        StsParse parse = parser.parse("Action=GetCallerIdentity", FORM,
                "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8));

        assertThat(rejected(parse).message()).isEqualTo("The parameter Action was given more than once");
    }

    @Test
    void parseWhenNoActionThenMissingAction() {
        assertThat(rejected(post("Version=2011-06-15"))).isEqualTo(new StsFailure(StsError.MISSING_ACTION, "Missing Action"));
    }

    @Test
    void parseWhenUnknownActionThenInvalidAction() {
        assertThat(rejected(post("Action=AssumeRole&Version=2011-06-15"))).isEqualTo(new StsFailure(
                StsError.INVALID_ACTION, "Could not find operation AssumeRole for version 2011-06-15"));
    }

    @Test
    void parseWhenNoVersionThenInvalidActionNoVersionSpecified() {
        assertThat(rejected(post("Action=GetCallerIdentity")).message())
                .isEqualTo("Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED");
    }

    @Test
    void parseWhenBadPercentEscapeThenMalformedQueryString() {
        assertThat(rejected(post("Action=Get%ZZ")).error()).isEqualTo(StsError.MALFORMED_QUERY_STRING);
        assertThat(rejected(post("Action=%E2%82")).error()).isEqualTo(StsError.MALFORMED_QUERY_STRING);
    }

    @Test
    void parseWhenDurationNotIntegerThenInvalidParameterValue() {
        assertThat(rejected(post(BASE + "&RoleSessionName=s1&DurationSeconds=1h"))).isEqualTo(new StsFailure(
                StsError.INVALID_PARAMETER_VALUE, "Invalid value for parameter DurationSeconds: 1h"));
    }

    @Test
    void parseWhenPostWithoutFormContentTypeThenBodyIgnored() {
        StsParse parse = parser.parse(null, "application/json", "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8));

        assertThat(rejected(parse).error()).isEqualTo(StsError.MISSING_ACTION);
    }

    @Test
    void toStringWhenParamsThenTokenRedacted() {
        StsParse parse = post(BASE + "&RoleSessionName=s1");

        assertThat(((StsParse.Parsed) parse).operation().toString()).doesNotContain("eyJ.abc.def").contains("<11 chars>");
    }
}
