package dev.keyless.gcp.sts;

import java.util.Objects;

/** A parse result for the STS endpoints: a value, or the OAuth error to send. */
public sealed interface OAuthResult<T> {

    record Valid<T>(T value) implements OAuthResult<T> {
        public Valid {
            Objects.requireNonNull(value, "value");
        }
    }

    record Invalid<T>(OAuthError error) implements OAuthResult<T> {
        public Invalid {
            Objects.requireNonNull(error, "error");
        }
    }
}
