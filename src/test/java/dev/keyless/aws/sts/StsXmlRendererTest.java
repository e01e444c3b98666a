package dev.keyless.aws.sts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.sealing.AwsSession;
import dev.keyless.sealing.SecretAccessKey;
import dev.keyless.sealing.SessionCredentials;
import dev.keyless.sealing.SessionToken;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class StsXmlRendererTest {

    private final StsXmlRenderer renderer = new StsXmlRenderer();
    private final AwsSession session = new AwsSession("ASIAQXYZEXAMPLE7KEY1",
            new SecretAccessKey("Zm9vYmFyYmF6cXV4ZXhhbXBsZXNlY3JldGtleTEy"), "111122223333", "deployer", "/ci/",
            "AROAQXYZEXAMPLE7ROLE1", "ci-run-42", "repo:acme/app:ref:refs/heads/main", "sts.amazonaws.com",
            "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", Optional.of("alice"),
            Instant.parse("2025-03-01T12:00:00Z"), Instant.parse("2025-03-01T13:00:00.400Z"), Optional.of("{}"),
            List.of(), Map.of());
    private final SessionCredentials credentials = new SessionCredentials(session.accessKeyId(), session.secret(),
            new SessionToken("IQoJ+b3Jp/Z2lu=="), session.expiresAt());

    @Test
    void assumeRoleWithWebIdentityWhenSourceIdentityAndPolicyThenFullShape() {
        String xml = renderer.assumeRoleWithWebIdentity(session, credentials, OptionalInt.of(6),
                "5d1c2b3a-0000-4000-8000-000000000001");

        assertThat(xml).isEqualTo("""
                <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <AssumeRoleWithWebIdentityResult>
                    <SubjectFromWebIdentityToken>repo:acme/app:ref:refs/heads/main</SubjectFromWebIdentityToken>
                    <Audience>sts.amazonaws.com</Audience>
                    <AssumedRoleUser>
                      <Arn>arn:aws:sts::111122223333:assumed-role/deployer/ci-run-42</Arn>
                      <AssumedRoleId>AROAQXYZEXAMPLE7ROLE1:ci-run-42</AssumedRoleId>
                    </AssumedRoleUser>
                    <Credentials>
                      <AccessKeyId>ASIAQXYZEXAMPLE7KEY1</AccessKeyId>
                      <SecretAccessKey>Zm9vYmFyYmF6cXV4ZXhhbXBsZXNlY3JldGtleTEy</SecretAccessKey>
                      <SessionToken>IQoJ+b3Jp/Z2lu==</SessionToken>
                      <Expiration>2025-03-01T13:00:00Z</Expiration>
                    </Credentials>
                    <Provider>arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com</Provider>
                    <SourceIdentity>alice</SourceIdentity>
                    <PackedPolicySize>6</PackedPolicySize>
                  </AssumeRoleWithWebIdentityResult>
                  <ResponseMetadata>
                    <RequestId>5d1c2b3a-0000-4000-8000-000000000001</RequestId>
                  </ResponseMetadata>
                </AssumeRoleWithWebIdentityResponse>
                """);
    }

    @Test
    void assumeRoleWithWebIdentityWhenNoSourceIdentityNorPolicyThenOmitted() {
        AwsSession plain = new AwsSession(session.accessKeyId(), session.secret(), session.account(), session.roleName(),
                session.rolePath(), session.roleId(), session.sessionName(), session.subject(), session.audience(),
                session.providerArn(), Optional.empty(), session.issuedAt(), session.expiresAt(), Optional.empty(),
                List.of(), Map.of());

        String xml = renderer.assumeRoleWithWebIdentity(plain, credentials, OptionalInt.empty(), "r1");

        assertThat(xml).doesNotContain("SourceIdentity").doesNotContain("PackedPolicySize");
    }

    @Test
    void getCallerIdentityWhenSessionThenArnUserIdAccount() {
        assertThat(renderer.getCallerIdentity(session, "r2")).isEqualTo("""
                <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <GetCallerIdentityResult>
                    <Arn>arn:aws:sts::111122223333:assumed-role/deployer/ci-run-42</Arn>
                    <UserId>AROAQXYZEXAMPLE7ROLE1:ci-run-42</UserId>
                    <Account>111122223333</Account>
                  </GetCallerIdentityResult>
                  <ResponseMetadata>
                    <RequestId>r2</RequestId>
                  </ResponseMetadata>
                </GetCallerIdentityResponse>
                """);
    }

    @Test
    void errorWhenMessageHasMarkupThenEscapedEnvelope() {
        String xml = renderer.error(new StsFailure(StsError.INVALID_IDENTITY_TOKEN,
                "No OpenIDConnect provider found in your account for https://a/<b>&\"c\""), "r3");

        assertThat(xml).isEqualTo("""
                <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <Error>
                    <Type>Sender</Type>
                    <Code>InvalidIdentityToken</Code>
                    <Message>No OpenIDConnect provider found in your account for https://a/&lt;b&gt;&amp;&quot;c&quot;</Message>
                  </Error>
                  <RequestId>r3</RequestId>
                </ErrorResponse>
                """);
    }

    @Test
    void errorWhenServerFaultThenReceiver() {
        assertThat(renderer.error(StsFailure.of(StsError.INTERNAL_FAILURE), "r4")).contains("<Type>Receiver</Type>");
    }

    @Test
    void errorTableWhenAuthErrorsThenAwsStatuses() {
        assertThat(StsError.SIGNATURE_DOES_NOT_MATCH.httpStatus()).isEqualTo(403);
        assertThat(StsError.INVALID_CLIENT_TOKEN_ID.httpStatus()).isEqualTo(403);
        assertThat(StsError.EXPIRED_TOKEN.httpStatus()).isEqualTo(403);
        assertThat(StsError.INCOMPLETE_SIGNATURE.httpStatus()).isEqualTo(400);
        assertThat(StsError.MISSING_AUTHENTICATION_TOKEN.httpStatus()).isEqualTo(403);
        assertThat(StsError.ACCESS_DENIED.message()).isEqualTo("Not authorized to perform sts:AssumeRoleWithWebIdentity");
        assertThat(StsError.EXPIRED_TOKEN_EXCEPTION.httpStatus()).isEqualTo(400);
        assertThat(StsError.IDP_REJECTED_CLAIM.httpStatus()).isEqualTo(403);
        assertThat(StsError.MALFORMED_QUERY_STRING.httpStatus()).isEqualTo(404);
    }
}
