package dev.keyless.sealing;

import dev.keyless.redaction.Fingerprints;
import java.util.Objects;

/** An AWS session token as sent on the wire; prints only a fingerprint. */
public record SessionToken(String value) {

    public SessionToken {
        Objects.requireNonNull(value, "value");
    }

    public String fingerprint() {
        return Fingerprints.of(value);
    }

    @Override
    public String toString() {
        return "SessionToken[" + fingerprint() + "]";
    }
}
