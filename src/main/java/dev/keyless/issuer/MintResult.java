package dev.keyless.issuer;

/** Outcome of {@link TokenMinter#mint}. */
public sealed interface MintResult {
    /** {@code token} is a secret: log {@code jti} and {@code kid}, never the token. */
    record Minted(String token, String jti, String kid, long expiresAt) implements MintResult {
        @Override
        public String toString() {
            return "Minted[jti=" + jti + ", kid=" + kid + ", exp=" + expiresAt + "]";
        }
    }

    record Refused(String field, String message) implements MintResult {}
}
