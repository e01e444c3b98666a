package dev.keyless.issuer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.keys.ActiveSigner;
import dev.keyless.keys.SigningKey;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;

/**
 * Mints job tokens: claims from {@link ClaimBuilder}, signed by the ring's active key
 * (header {@code alg}, {@code kid}, {@code typ: JWT}, GitLab docs, ID token authentication). The payload is serialized
 * here, so the signer sees exact bytes and an {@code aud} array of one stays an array.
 */
public final class TokenMinter {
    private final ClaimBuilder claims;
    private final ActiveSigner signer;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public TokenMinter(ClaimBuilder claims, ActiveSigner signer, Clock clock) {
        this.claims = Objects.requireNonNull(claims, "claims");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Builds the claims without signing: lets a caller validate a whole batch before minting any. */
    public ClaimResult prepare(JobContext job, Audience audience) {
        // jti: a random (v4) UUID, like SecureRandom.uuid (GitLab docs, ID token authentication).
        return claims.build(job, audience, clock.instant(), UUID.randomUUID().toString());
    }

    public MintResult.Minted sign(ClaimResult.Claims prepared) {
        SigningKey key = signer.activeSigner();
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(prepared.claims());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("claims are not serializable", e);
        }
        return new MintResult.Minted(key.sign(payload), prepared.jti(), key.kid(), prepared.expiresAt());
    }

    public MintResult mint(JobContext job, Audience audience) {
        return switch (prepare(job, audience)) {
            case ClaimResult.Claims prepared -> sign(prepared);
            case ClaimResult.Refused refused -> new MintResult.Refused(refused.field(), refused.message());
        };
    }
}
