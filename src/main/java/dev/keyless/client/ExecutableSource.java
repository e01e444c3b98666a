package dev.keyless.client;

import dev.keyless.client.ExecutableSourceResponse.Failure;
import dev.keyless.client.ExecutableSourceResponse.FailureCode;
import dev.keyless.client.ExecutableSourceResponse.Success;
import dev.keyless.client.ExecutableSourceResponse.TokenType;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Pure decision of the GCP executable source: what to answer for what the token file held, at the
 * clock's time. {@code expiration_time} is the JWT's {@code exp}; both google-auth libraries refuse
 * a response whose {@code expiration_time} is not in the future (Java: {@code exp <= now} is expired),
 * so an expired token is reported here, naming the time, instead of failing later at the STS.
 */
public final class ExecutableSource {
    private ExecutableSource() {}

    public static ExecutableSourceResponse respond(TokenFile.Read read, TokenType type, Clock clock) {
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(clock, "clock");
        return switch (read) {
            case TokenFile.Missing m -> new Failure(FailureCode.TOKEN_FILE_NOT_FOUND, TokenFile.describe(m));
            case TokenFile.Empty e -> new Failure(FailureCode.TOKEN_FILE_EMPTY, TokenFile.describe(e));
            case TokenFile.Unreadable u -> new Failure(FailureCode.TOKEN_FILE_UNREADABLE, TokenFile.describe(u));
            case TokenFile.Present p -> forToken(p.token(), type, clock);
        };
    }

    private static ExecutableSourceResponse forToken(SubjectToken token, TokenType type, Clock clock) {
        OptionalLong exp = JwtExpiry.of(token.value());
        if (exp.isEmpty()) {
            return new Failure(FailureCode.TOKEN_NOT_A_JWT,
                    "the token file does not hold a JWT with an integer exp claim (" + token.fingerprint() + ")");
        }
        long now = clock.instant().getEpochSecond();
        if (exp.getAsLong() <= now) {
            return new Failure(FailureCode.TOKEN_EXPIRED, "the token (" + token.fingerprint() + ") expired at "
                    + Instant.ofEpochSecond(exp.getAsLong()) + "; it is now " + Instant.ofEpochSecond(now));
        }
        return new Success(type, token, exp.getAsLong());
    }
}
