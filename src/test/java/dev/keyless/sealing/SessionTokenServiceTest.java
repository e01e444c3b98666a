package dev.keyless.sealing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.TestClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionTokenServiceTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00.750Z");
    private final TestClock clock = new TestClock(NOW);
    private final SecureRandom random = new SecureRandom();
    private final SessionTokenService service = new SessionTokenService(
            new TokenSealer(SealingKeys.inMemory(clock, random), random), new AwsSessionCodec(), clock);
    private final String accessKeyId = AccessKeyIds.newAccessKeyId(random);
    private final AwsSession session = TestSessions.session(accessKeyId, SecretAccessKey.generate(random).value(),
            NOW, NOW.plus(Duration.ofHours(1)));

    @Test
    void openWhenMintedThenValidWithEverySessionField() {
        AwsSession full = new AwsSession(accessKeyId, session.secret(), "111122223333", "deployer", "/ci/",
                session.roleId(), "s", "sub", "aud", "arn:p", Optional.of("alice"), NOW.minusSeconds(1),
                NOW.plusSeconds(900), Optional.of("{\"Version\":\"2012-10-17\"}"),
                List.of("arn:aws:iam::aws:policy/ReadOnlyAccess"), Map.of("team", "blue"));

        SessionCredentials credentials = service.mint(full);

        SessionLookup lookup = service.open(credentials.sessionToken().value(), accessKeyId);
        AwsSession expected = new AwsSession(full.accessKeyId(), full.secret(), full.account(), full.roleName(),
                full.rolePath(), full.roleId(), full.sessionName(), full.subject(), full.audience(), full.providerArn(),
                full.sourceIdentity(), Instant.ofEpochSecond(full.issuedAt().getEpochSecond()),
                Instant.ofEpochSecond(full.expiresAt().getEpochSecond()), full.sessionPolicy(), full.policyArns(),
                full.sessionTags());
        assertThat(lookup).isEqualTo(new SessionLookup.Valid(expected));
    }

    @Test
    void mintWhenSessionThenCredentialsInAwsFormats() {
        SessionCredentials credentials = service.mint(session);

        assertThat(credentials.accessKeyId()).matches("ASIA[A-Z2-7]{16}");
        assertThat(credentials.secret().value()).hasSize(40).matches("[A-Za-z0-9+/]{40}");
        assertThat(credentials.expirationText()).isEqualTo("2025-03-01T13:00:00Z");
        assertThat(credentials.sessionToken().value()).matches("[A-Za-z0-9+/]+=*");
    }

    @Test
    void openWhenOneByteFlippedThenInvalid() {
        String token = service.mint(session).sessionToken().value();
        byte[] raw = Base64.getDecoder().decode(token);
        raw[raw.length / 2] ^= 0x10;

        assertThat(service.open(Base64.getEncoder().encodeToString(raw), accessKeyId))
                .isEqualTo(new SessionLookup.Invalid("the session token does not open"));
    }

    @Test
    void openWhenAccessKeyIdDiffersThenInvalid() {
        String token = service.mint(session).sessionToken().value();

        assertThat(service.open(token, AccessKeyIds.newAccessKeyId(random)))
                .isEqualTo(new SessionLookup.Invalid("the session token belongs to another access key id"));
    }

    @Test
    void openWhenPastExpiryThenExpired() {
        String token = service.mint(session).sessionToken().value();

        clock.advance(Duration.ofHours(1));

        assertThat(service.open(token, accessKeyId)).isInstanceOf(SessionLookup.Expired.class);
    }

    @Test
    void toStringWhenSecretsThenOnlyFingerprints() {
        SessionCredentials credentials = service.mint(session);

        assertThat(credentials.toString()).doesNotContain(credentials.secret().value())
                .doesNotContain(credentials.sessionToken().value()).contains("sha256:");
        assertThat(session.toString()).doesNotContain(session.secret().value());
    }

    @Test
    void assumedRoleArnWhenRoleHasPathThenPathOmitted() {
        assertThat(session.assumedRoleArn()).isEqualTo("arn:aws:sts::111122223333:assumed-role/deployer/ci-run-42");
        assertThat(session.assumedRoleId()).isEqualTo(session.roleId() + ":ci-run-42");
    }
}
