package dev.keyless.oidc;

import java.util.List;

/**
 * What a caller may need to phrase a cloud error message, read from the (possibly unverified)
 * token: never trust these for a decision. Fields are null when unknown; {@code now} is epoch seconds.
 */
public record TokenFacts(String issuer, List<String> audiences, Long iat, Long exp, Long nbf, long now) {
    public TokenFacts {
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
    }

    static TokenFacts none(long now) {
        return new TokenFacts(null, List.of(), null, null, null, now);
    }
}
