package dev.keyless.sealing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenSealerTest {

    private final TestClock clock = new TestClock(Instant.parse("2025-03-01T12:00:00Z"));
    private final SealingKeys keys = SealingKeys.inMemory(clock, new SecureRandom());
    private final TokenSealer sealer = new TokenSealer(keys, new SecureRandom());
    private final byte[] plaintext = "hello session".getBytes(StandardCharsets.UTF_8);

    @Test
    void unsealWhenSealedThenPlaintext() {
        String token = sealer.seal(TokenPurpose.AWS_SESSION, plaintext);

        assertThat(sealer.unseal(TokenPurpose.AWS_SESSION, token)).hasValueSatisfying(p -> assertThat(p).isEqualTo(plaintext));
    }

    @Test
    void sealWhenAwsSessionThenStandardBase64WithHeader() {
        String token = sealer.seal(TokenPurpose.AWS_SESSION, plaintext);

        byte[] raw = Base64.getDecoder().decode(token);
        assertThat(raw[0]).isEqualTo(TokenSealer.VERSION);
        assertThat(raw).hasSize(TokenSealer.HEADER_BYTES + plaintext.length + 16);
    }

    @Test
    void sealWhenCalledTwiceThenDifferentNonces() {
        assertThat(sealer.seal(TokenPurpose.AWS_SESSION, plaintext)).isNotEqualTo(sealer.seal(TokenPurpose.AWS_SESSION, plaintext));
    }

    @Test
    void unsealWhenAnyByteFlippedThenEmpty() {
        byte[] raw = Base64.getDecoder().decode(sealer.seal(TokenPurpose.AWS_SESSION, plaintext));
        for (int i = 0; i < raw.length; i++) {
            byte[] copy = raw.clone();
            copy[i] ^= 0x01;
            assertThat(sealer.unseal(TokenPurpose.AWS_SESSION, Base64.getEncoder().encodeToString(copy)))
                    .as("flipped byte %d", i).isEmpty();
        }
    }

    @Test
    void unsealWhenTruncatedThenEmpty() {
        byte[] raw = Base64.getDecoder().decode(sealer.seal(TokenPurpose.AWS_SESSION, plaintext));
        for (int length = 0; length < raw.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(raw, length);
            assertThat(sealer.unseal(TokenPurpose.AWS_SESSION, Base64.getEncoder().encodeToString(cut))).isEmpty();
        }
    }

    @Test
    void unsealWhenOtherPurposeThenEmpty() {
        byte[] raw = Base64.getDecoder().decode(sealer.seal(TokenPurpose.AWS_SESSION, plaintext));
        String asGcp = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);

        assertThat(sealer.unseal(TokenPurpose.GCP_FEDERATED_ACCESS, asGcp)).isEmpty();
    }

    @Test
    void unsealWhenNotBase64ThenEmpty() {
        assertThat(sealer.unseal(TokenPurpose.AWS_SESSION, "not base64 ***")).isEmpty();
        assertThat(sealer.unseal(TokenPurpose.AWS_SESSION, "")).isEmpty();
    }

    @Test
    void unsealWhenSealedByUnknownKeyThenEmpty() {
        TokenSealer other = new TokenSealer(SealingKeys.inMemory(clock, new SecureRandom()), new SecureRandom());

        assertThat(sealer.unseal(TokenPurpose.AWS_SESSION, other.seal(TokenPurpose.AWS_SESSION, plaintext))).isEmpty();
    }

    @Test
    void unsealWhenKeyRotatedThenOldTokensStillOpenAndNewOnesUseNewKey() {
        String before = sealer.seal(TokenPurpose.AWS_SESSION, plaintext);
        SealingKey old = keys.activeKey();

        SealingKey fresh = keys.rotate();

        assertThat(fresh.id()).isNotEqualTo(old.id());
        assertThat(sealer.unseal(TokenPurpose.AWS_SESSION, before)).hasValueSatisfying(p -> assertThat(p).isEqualTo(plaintext));
        byte[] raw = Base64.getDecoder().decode(sealer.seal(TokenPurpose.AWS_SESSION, plaintext));
        assertThat(java.nio.ByteBuffer.wrap(raw, 1, 4).getInt()).isEqualTo(fresh.id());
    }

    @Test
    void unsealWhenRetiredKeyOlderThanMaxLifetimeThenEmpty() {
        String before = sealer.seal(TokenPurpose.AWS_SESSION, plaintext);
        keys.rotate();

        clock.advance(SealingKeys.MAX_CREDENTIAL_LIFETIME.plus(Duration.ofMinutes(2)));

        assertThat(sealer.unseal(TokenPurpose.AWS_SESSION, before)).isEmpty();
    }

}
