package dev.keyless.aws.e2e;

import static dev.keyless.aws.e2e.AwsE2e.AUD;
import static dev.keyless.aws.e2e.AwsE2e.PROJECT;
import static dev.keyless.aws.e2e.AwsE2e.ROLE_ARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.keyless.testing.KeylessTestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsWebIdentityTokenFileCredentialsProvider;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The AWS SDK for Java v2: {@code StsWebIdentityTokenFileCredentialsProvider} with its own
 * anonymous {@code StsClient} (as the SDK's factory builds it, AWS SDKs and Tools Reference Guide) pointed at Keyless,
 * then GetCallerIdentity signed with the resulting session; and the token refusals, each asserted
 * by the error code the SDK parses from our XML.
 */
class JavaSdkV2Test {
    @TempDir
    static Path dir;
    static final ShiftableClock clock = new ShiftableClock();
    static KeylessTestServer server;
    static KeylessTestServer otherIssuer;

    @BeforeAll
    static void start() {
        clock.shift(Duration.ofMinutes(-25));
        server = AwsE2e.exampleServer(dir.resolve("server"), clock);
        clock.shift(Duration.ZERO);
        // A second issuer with its own key and URL, which account 111122223333 does not trust.
        otherIssuer = AwsE2e.exampleServer(dir.resolve("other"), new ShiftableClock());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (otherIssuer != null) {
            otherIssuer.close();
        }
    }

    @AfterEach
    void realTime() {
        clock.shift(Duration.ZERO);
    }

    @Test
    void webIdentityTokenFileProviderWhenMainBranchThenGetCallerIdentityAnswersAssumedRole(@TempDir Path home) {
        Path tokenFile = AwsE2e.tokenFile(home, server.mint(AUD, PROJECT, "main"));
        try (StsClient anonymous = AwsE2e.anonymousSts(server);
                StsWebIdentityTokenFileCredentialsProvider provider = StsWebIdentityTokenFileCredentialsProvider.builder()
                        .stsClient(anonymous).roleArn(ROLE_ARN).roleSessionName("java-sdk")
                        .webIdentityTokenFile(tokenFile).build();
                StsClient signed = AwsE2e.sts(server, provider)) {

            GetCallerIdentityResponse identity = signed.getCallerIdentity();

            assertThat(identity.arn()).isEqualTo(AwsE2e.assumedRoleArn("java-sdk"));
            assertThat(identity.account()).isEqualTo("111122223333");
            assertThat(identity.userId()).endsWith(":java-sdk");
        }
    }

    private StsException assumeFails(String token, int durationSeconds) {
        try (StsClient sts = AwsE2e.anonymousSts(server)) {
            return catchThrowableOfType(StsException.class, () -> sts.assumeRoleWithWebIdentity(r -> r.roleArn(ROLE_ARN)
                    .roleSessionName("neg").durationSeconds(durationSeconds).webIdentityToken(token)));
        }
    }

    @Test
    void assumeWhenTokenExpiredThenExpiredTokenException() {
        clock.shift(Duration.ofMinutes(-20));
        String token = server.mint(AUD, PROJECT, "main");
        clock.shift(Duration.ZERO);

        StsException e = assumeFails(token, 3600);

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException");
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Token expired: current date/time ");
    }

    @Test
    void assumeWhenIssuerUnknownToTheAccountThenInvalidIdentityToken() {
        StsException e = assumeFails(otherIssuer.mint(AUD, PROJECT, "main"), 3600);

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidIdentityToken");
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("No OpenIDConnect provider found in your account for " + otherIssuer.url());
    }

    @Test
    void assumeWhenAudienceNotAClientIdThenIncorrectTokenAudience() {
        StsException e = assumeFails(server.mint("https://gitlab.example.com", PROJECT, "main"), 3600);

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidIdentityToken");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Incorrect token audience");
    }

    @Test
    void assumeWhenDurationAboveRoleMaximumThenValidationError() {
        StsException e = assumeFails(server.mint(AUD, PROJECT, "main"), 7200);

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }

    @Test
    void assumeWhenRoleDoesNotExistThenAccessDenied() {
        try (StsClient sts = AwsE2e.anonymousSts(server)) {
            StsException e = catchThrowableOfType(StsException.class, () -> sts.assumeRoleWithWebIdentity(r -> r
                    .roleArn("arn:aws:iam::111122223333:role/no-such-role").roleSessionName("neg")
                    .webIdentityToken(server.mint(AUD, PROJECT, "main"))));

            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            assertThat(e.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void assumeWhenRoleInAnotherAccountThenNoProviderForIssuer() {
        try (StsClient sts = AwsE2e.anonymousSts(server)) {
            StsException e = catchThrowableOfType(StsException.class, () -> sts.assumeRoleWithWebIdentity(r -> r
                    .roleArn("arn:aws:iam::444455556666:role/gitlab-deployer").roleSessionName("neg")
                    .webIdentityToken(server.mint(AUD, PROJECT, "main"))));

            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidIdentityToken");
            assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo("No OpenIDConnect provider found in your account for " + server.url());
        }
    }

    @Test
    void assumeWhenSessionPolicyHasDuplicateKeyThenMalformedPolicyDocumentNamingTheKey() {
        // Read leniently this Statement would be an Allow (the last "Effect" wins); it must be refused instead.
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Effect\":\"Allow\","
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}";
        try (StsClient sts = AwsE2e.anonymousSts(server)) {
            StsException e = catchThrowableOfType(StsException.class, () -> sts.assumeRoleWithWebIdentity(r -> r
                    .roleArn(ROLE_ARN).roleSessionName("neg").policy(policy)
                    .webIdentityToken(server.mint(AUD, PROJECT, "main"))));

            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicyDocument");
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("Syntax errors in policy: duplicate key 'Effect'");
        }
    }

    @Test
    void assumeWhenSessionPolicyHasTrailingContentThenMalformedPolicyDocument() {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"*\"}} {}";
        try (StsClient sts = AwsE2e.anonymousSts(server)) {
            StsException e = catchThrowableOfType(StsException.class, () -> sts.assumeRoleWithWebIdentity(r -> r
                    .roleArn(ROLE_ARN).roleSessionName("neg").policy(policy)
                    .webIdentityToken(server.mint(AUD, PROJECT, "main"))));

            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicyDocument");
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("Syntax errors in policy: content after the JSON value");
        }
    }
}
