package dev.keyless.aws.sts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** Requests signed in-process by the real AWS SDK for Java v2 signer, header and presigned forms. */
class SigV4VerifierTest {

    private static final String BODY = "Action=GetCallerIdentity&Version=2011-06-15";
    private final SigV4Fixture fx = new SigV4Fixture(Clock.fixed(SigV4Fixture.NOW, ZoneOffset.UTC));

    private SignedRequest sdkSign(String token, Instant at, boolean presigned, Duration expires) {
        SdkHttpRequest.Builder http = SdkHttpRequest.builder().uri(URI.create("http://127.0.0.1:8443/"));
        if (presigned) {
            http.method(SdkHttpMethod.GET).putRawQueryParameter("Action", "GetCallerIdentity")
                    .putRawQueryParameter("Version", "2011-06-15");
        } else {
            http.method(SdkHttpMethod.POST).putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        }
        var identity = AwsSessionCredentialsIdentity.create(fx.credentials.accessKeyId(),
                fx.credentials.secret().value(), token);
        return AwsV4HttpSigner.create().sign(r -> {
            r.identity(identity).request(http.build())
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-central-1")
                    .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC));
            if (presigned) {
                r.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, expires);
            } else {
                r.payload(ContentStreamProvider.fromUtf8String(BODY));
            }
        });
    }

    private SigV4Outcome verify(SigV4Request request, Instant now) {
        return new SigV4Verifier(Clock.fixed(now, ZoneOffset.UTC)).verify(request, fx.resolver());
    }

    private SigV4Request headerForm(String token, Instant at) {
        SignedRequest signed = sdkSign(token, at, false, null);
        return SigV4Fixture.received(signed.request(), SigV4Fixture.read(signed.payload()));
    }

    private SigV4Request presignedForm(Instant at, Duration expires) {
        SignedRequest signed = sdkSign(fx.credentials.sessionToken().value(), at, true, expires);
        return SigV4Fixture.received(signed.request(), new byte[0]);
    }

    private static StsFailure failure(SigV4Outcome outcome) {
        assertThat(outcome).isInstanceOf(SigV4Outcome.Failed.class);
        return ((SigV4Outcome.Failed) outcome).failure();
    }

    @Test
    void verifyWhenSdkHeaderSignatureThenAuthenticatedWithSession() {
        SigV4Request request = headerForm(fx.credentials.sessionToken().value(), SigV4Fixture.NOW);

        SigV4Outcome outcome = verify(request, SigV4Fixture.NOW.plusSeconds(5));

        assertThat(outcome).isInstanceOf(SigV4Outcome.Authenticated.class);
        assertThat(((SigV4Outcome.Authenticated) outcome).session().assumedRoleArn())
                .isEqualTo("arn:aws:sts::111122223333:assumed-role/deployer/ci-run-42");
    }

    @Test
    void verifyWhenSdkPresignedThenAuthenticated() {
        SigV4Request request = presignedForm(SigV4Fixture.NOW, Duration.ofMinutes(5));

        assertThat(request.rawQuery()).contains("X-Amz-Signature=").contains("X-Amz-Security-Token=");
        assertThat(verify(request, SigV4Fixture.NOW.plusSeconds(60))).isInstanceOf(SigV4Outcome.Authenticated.class);
    }

    @Test
    void verifyWhenPresignedPastExpiresThenSignatureExpired() {
        SigV4Request request = presignedForm(SigV4Fixture.NOW, Duration.ofSeconds(60));

        assertThat(failure(verify(request, SigV4Fixture.NOW.plusSeconds(61)))).isEqualTo(new StsFailure(
                StsError.SIGNATURE_DOES_NOT_MATCH,
                "Signature expired: 20250301T120000Z is now earlier than 20250301T120001Z (20250301T120101Z - 60 sec.)"));
    }

    @Test
    void verifyWhenSessionTokenHasFlippedByteThenInvalidClientTokenId() {
        byte[] raw = Base64.getDecoder().decode(fx.credentials.sessionToken().value());
        raw[30] ^= 0x01;
        SigV4Request request = headerForm(Base64.getEncoder().encodeToString(raw), SigV4Fixture.NOW);

        assertThat(failure(verify(request, SigV4Fixture.NOW))).isEqualTo(new StsFailure(
                StsError.INVALID_CLIENT_TOKEN_ID, "The security token included in the request is invalid."));
    }

    @Test
    void verifyWhenBodyDiffersThenSignatureDoesNotMatch() {
        SigV4Request signed = headerForm(fx.credentials.sessionToken().value(), SigV4Fixture.NOW);
        SigV4Request tampered = new SigV4Request(signed.method(), signed.rawPath(), signed.rawQuery(), signed.headers(),
                "Action=GetCallerIdentity&Version=2011-06-15&X=1".getBytes(StandardCharsets.UTF_8));

        assertThat(failure(verify(tampered, SigV4Fixture.NOW)).error()).isEqualTo(StsError.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void verifyWhenSixteenMinutesOldThenSignatureExpiredWithStsMessage() {
        Instant signedAt = Instant.parse("2022-01-27T00:14:27Z");
        SigV4Fixture old = new SigV4Fixture(Clock.fixed(signedAt, ZoneOffset.UTC));
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsSessionCredentialsIdentity.create(old.credentials.accessKeyId(),
                        old.credentials.secret().value(), old.credentials.sessionToken().value()))
                .request(SdkHttpRequest.builder().uri(URI.create("http://127.0.0.1:8443/")).method(SdkHttpMethod.POST).build())
                .payload(ContentStreamProvider.fromUtf8String(BODY))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
        SigV4Request request = SigV4Fixture.received(signed.request(), SigV4Fixture.read(signed.payload()));

        SigV4Outcome outcome = new SigV4Verifier(Clock.fixed(Instant.parse("2022-01-27T01:59:28Z"), ZoneOffset.UTC))
                .verify(request, old.resolver());

        assertThat(failure(outcome)).isEqualTo(new StsFailure(StsError.SIGNATURE_DOES_NOT_MATCH,
                "Signature expired: 20220127T001427Z is now earlier than 20220127T014428Z (20220127T015928Z - 15 min.)"));
    }

    @Test
    void verifyWhenSixteenMinutesInFutureThenNotYetCurrent() {
        SigV4Request request = headerForm(fx.credentials.sessionToken().value(), SigV4Fixture.NOW.plus(Duration.ofMinutes(16)));

        assertThat(failure(verify(request, SigV4Fixture.NOW)).message()).isEqualTo(
                "Signature not yet current: 20250301T121600Z is still later than 20250301T121500Z (20250301T120000Z + 15 min.)");
    }

    @Test
    void verifyWhenSessionExpiredThenExpiredToken() {
        Instant late = SigV4Fixture.NOW.plus(Duration.ofHours(1)).plusSeconds(1);
        SigV4Fixture expiredFx = fx;
        SigV4Request request = headerForm(expiredFx.credentials.sessionToken().value(), late);
        var verifier = new SigV4Verifier(Clock.fixed(late, ZoneOffset.UTC));
        SessionResolver atLate = SessionResolver.of(new dev.keyless.sealing.SessionTokenService(
                new dev.keyless.sealing.TokenSealer(fx.keys, fx.random), new dev.keyless.sealing.AwsSessionCodec(),
                Clock.fixed(late, ZoneOffset.UTC)));

        assertThat(failure(verifier.verify(request, atLate))).isEqualTo(new StsFailure(
                StsError.EXPIRED_TOKEN, "The security token included in the request is expired"));
    }

    @Test
    void verifyWhenNoAuthorizationThenMissingAuthenticationToken() {
        SigV4Request request = new SigV4Request("POST", "/", "", Map.of("Host", List.of("127.0.0.1:8443")),
                BODY.getBytes(StandardCharsets.UTF_8));

        assertThat(failure(verify(request, SigV4Fixture.NOW))).isEqualTo(new StsFailure(
                StsError.MISSING_AUTHENTICATION_TOKEN, "Request is missing Authentication Token"));
    }

    @Test
    void verifyWhenAuthorizationLacksSignatureThenIncompleteSignature() {
        String header = "AWS4-HMAC-SHA256 Credential=" + fx.credentials.accessKeyId()
                + "/20250301/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date";
        SigV4Request request = new SigV4Request("POST", "/", "", Map.of("Authorization", List.of(header),
                "X-Amz-Date", List.of("20250301T120000Z")), new byte[0]);

        assertThat(failure(verify(request, SigV4Fixture.NOW))).isEqualTo(new StsFailure(StsError.INCOMPLETE_SIGNATURE,
                "Authorization header requires 'Signature' parameter. Authorization=" + header));
    }

    @Test
    void verifyWhenSigV4aThenIncompleteSignatureNamingAlgorithm() {
        SigV4Request request = new SigV4Request("POST", "/", "", Map.of("Authorization",
                List.of("AWS4-ECDSA-P256-SHA256 Credential=ASIA/20250301/sts/aws4_request, SignedHeaders=host, Signature=00")),
                new byte[0]);

        StsFailure failure = failure(verify(request, SigV4Fixture.NOW));
        assertThat(failure.error()).isEqualTo(StsError.INCOMPLETE_SIGNATURE);
        assertThat(failure.message()).startsWith("Unsupported signing algorithm AWS4-ECDSA-P256-SHA256");
    }

    @Test
    void verifyWhenScopedToOtherServiceThenSignatureDoesNotMatch() {
        String header = "AWS4-HMAC-SHA256 Credential=" + fx.credentials.accessKeyId()
                + "/20250301/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=00";
        SigV4Request request = new SigV4Request("POST", "/", "", Map.of("Authorization", List.of(header),
                "X-Amz-Date", List.of("20250301T120000Z")), new byte[0]);

        assertThat(failure(verify(request, SigV4Fixture.NOW))).isEqualTo(new StsFailure(
                StsError.SIGNATURE_DOES_NOT_MATCH, "Credential should be scoped to correct service: 'sts'. "));
    }

    @Test
    void verifyWhenNoSecurityTokenThenInvalidClientTokenId() {
        SigV4Request signed = headerForm(fx.credentials.sessionToken().value(), SigV4Fixture.NOW);
        Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(signed.headers());
        headers.remove("X-Amz-Security-Token");

        assertThat(failure(verify(new SigV4Request("POST", "/", "", headers, signed.body()), SigV4Fixture.NOW)).error())
                .isEqualTo(StsError.INVALID_CLIENT_TOKEN_ID);
    }

    @Test
    void verifyWhenHostPortDiffersThenSignatureDoesNotMatch() {
        SigV4Request signed = headerForm(fx.credentials.sessionToken().value(), SigV4Fixture.NOW);
        Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(signed.headers());
        headers.put("Host", List.of("127.0.0.1:9999"));

        assertThat(failure(verify(new SigV4Request("POST", "/", "", headers, signed.body()), SigV4Fixture.NOW)).error())
                .isEqualTo(StsError.SIGNATURE_DOES_NOT_MATCH);
    }
}
