package dev.keyless.sealing;

import java.time.Clock;
import java.util.Objects;

/** Mints AWS session credentials as sealed tokens and opens them again on any node. */
public final class SessionTokenService {

    private final TokenSealer sealer;
    private final AwsSessionCodec codec;
    private final Clock clock;

    public SessionTokenService(TokenSealer sealer, AwsSessionCodec codec, Clock clock) {
        this.sealer = Objects.requireNonNull(sealer, "sealer");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public SessionCredentials mint(AwsSession session) {
        String token = sealer.seal(TokenPurpose.AWS_SESSION, codec.encode(session));
        return new SessionCredentials(session.accessKeyId(), session.secret(), new SessionToken(token),
                session.expiresAt());
    }

    /**
     * Opens {@code sessionToken}; it must belong to {@code accessKeyIdFromRequest} (the key id of
     * the SigV4 credential scope), otherwise a token could be replayed under another key.
     */
    public SessionLookup open(String sessionToken, String accessKeyIdFromRequest) {
        var session = sealer.unseal(TokenPurpose.AWS_SESSION, sessionToken).flatMap(codec::decode);
        if (session.isEmpty()) {
            return new SessionLookup.Invalid("the session token does not open");
        }
        if (!session.get().accessKeyId().equals(accessKeyIdFromRequest)) {
            return new SessionLookup.Invalid("the session token belongs to another access key id");
        }
        if (!clock.instant().isBefore(session.get().expiresAt())) {
            return new SessionLookup.Expired(session.get());
        }
        return new SessionLookup.Valid(session.get());
    }
}
