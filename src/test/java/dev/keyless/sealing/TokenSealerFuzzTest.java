package dev.keyless.sealing;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

/** Arbitrary tokens never open and never throw. Corpus under TokenSealerFuzzTestInputs. */
class TokenSealerFuzzTest {

    private final TokenSealer sealer = new TokenSealer(
            SealingKeys.inMemory(Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC), new SecureRandom()),
            new SecureRandom());

    @FuzzTest
    void fuzzUnseal(FuzzedDataProvider data) {
        boolean raw = data.consumeBoolean();
        TokenPurpose purpose = data.pickValue(TokenPurpose.values());
        String token = raw ? data.consumeRemainingAsString() : Base64.getEncoder().encodeToString(data.consumeRemainingAsBytes());
        if (sealer.unseal(purpose, token).isPresent()) {
            throw new IllegalStateException("a token not sealed by this key ring opened");
        }
    }
}
