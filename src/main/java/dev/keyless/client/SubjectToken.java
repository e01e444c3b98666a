package dev.keyless.client;

import dev.keyless.redaction.Fingerprints;
import java.util.Objects;

/** A CI job's OIDC token. {@link #toString()} prints only a SHA-256 prefix. */
public record SubjectToken(String value) {
    public SubjectToken {
        Objects.requireNonNull(value, "value");
    }

    public String fingerprint() {
        return Fingerprints.of(value);
    }

    /** Replaces the token wherever a peer echoed it, so no message we print can carry it. */
    public String redactFrom(String text) {
        return text == null ? "" : text.replace(value, "<token " + fingerprint() + ">");
    }

    @Override
    public String toString() {
        return "SubjectToken[" + fingerprint() + "]";
    }
}
