package dev.keyless.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StsXmlParserTest {
    private static StsCredentialsAnswer parse(int status, String xml) {
        return StsXmlParser.parse(status, xml.getBytes(StandardCharsets.UTF_8));
    }

    private static final String CREDENTIALS = """
            <Credentials><AccessKeyId>ASIAKEY</AccessKeyId><SecretAccessKey>s</SecretAccessKey>
            <SessionToken>t</SessionToken><Expiration>2025-03-01T13:00:00.123Z</Expiration></Credentials>""";

    @Test
    void parseWhenNoNamespaceThenCredentialsStillRead() {
        StsCredentialsAnswer r = parse(200, "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult>" + CREDENTIALS
                + "</AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>");

        assertThat(r).isEqualTo(new StsCredentialsAnswer.Issued(new AwsCredentials("ASIAKEY", "s", "t",
                Instant.parse("2025-03-01T13:00:00.123Z"), Optional.empty())));
    }

    @Test
    void parseWhenResultWrapperMissingThenUnrecognized() {
        StsCredentialsAnswer r = parse(200, "<AssumeRoleWithWebIdentityResponse>" + CREDENTIALS + "</AssumeRoleWithWebIdentityResponse>");

        assertThat(r).isEqualTo(new StsCredentialsAnswer.Unrecognized(200, "no AssumeRoleWithWebIdentityResult/Credentials"));
    }

    @Test
    void parseWhenSessionTokenMissingThenUnrecognized() {
        StsCredentialsAnswer r = parse(200, "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>"
                + "<AccessKeyId>A</AccessKeyId><SecretAccessKey>s</SecretAccessKey><Expiration>2025-03-01T13:00:00Z</Expiration>"
                + "</Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>");

        assertThat(r).isEqualTo(new StsCredentialsAnswer.Unrecognized(200,
                "Credentials lacks one of AccessKeyId, SecretAccessKey, SessionToken, Expiration"));
    }

    @Test
    void parseWhenExpirationNotAnInstantThenUnrecognized() {
        StsCredentialsAnswer r = parse(200, "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult>"
                + CREDENTIALS.replace("2025-03-01T13:00:00.123Z", "tomorrow")
                + "</AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>");

        assertThat(r).isEqualTo(new StsCredentialsAnswer.Unrecognized(200, "Expiration is not an ISO-8601 instant"));
    }

    @Test
    void parseWhenErrorResponseThenFaultWithCodeMessageAndRequestId() {
        StsCredentialsAnswer r = parse(400, """
                <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <Error><Type>Sender</Type><Code>ExpiredTokenException</Code><Message>Token expired: current date/time 1731098245 must be before the expiration date/time 1731095240</Message></Error>
                  <RequestId>req-9</RequestId>
                </ErrorResponse>""");

        assertThat(r).isEqualTo(new StsCredentialsAnswer.Fault("ExpiredTokenException",
                "Token expired: current date/time 1731098245 must be before the expiration date/time 1731095240", "req-9"));
    }

    @Test
    void parseWhenDoctypeWithExternalEntityThenRejectedWithoutResolvingIt() {
        StsCredentialsAnswer r = parse(200, """
                <?xml version="1.0"?>
                <!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <ErrorResponse><Error><Code>&x;</Code></Error></ErrorResponse>""");

        assertThat(r).isEqualTo(new StsCredentialsAnswer.Unrecognized(200, "the body is not XML"));
    }

    @Test
    void parseWhenSuccessBodyWithErrorStatusThenUnrecognized() {
        StsCredentialsAnswer r = parse(500, "<AssumeRoleWithWebIdentityResponse/>");

        assertThat(r).isEqualTo(new StsCredentialsAnswer.Unrecognized(500, "a success body with HTTP 500"));
    }

    @Test
    void accountOfWhenAssumedRoleArnThenTwelveDigitAccount() {
        assertThat(StsXmlParser.accountOf("arn:aws:sts::111122223333:assumed-role/deployer/ci-run-42")).contains("111122223333");
        assertThat(StsXmlParser.accountOf("arn:aws-cn:sts::111122223333:assumed-role/r/s")).contains("111122223333");
        assertThat(StsXmlParser.accountOf("arn:aws:sts::12:assumed-role/r/s")).isEmpty();
        assertThat(StsXmlParser.accountOf("not-an-arn")).isEmpty();
    }
}
