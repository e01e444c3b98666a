package dev.keyless.creds;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** A CI job's OIDC token. {@link #toString()} prints only a SHA-256 prefix (STYLE.md §12). */
public record SubjectToken(String value) {
    public SubjectToken {
        Objects.requireNonNull(value, "value");
    }

    public String fingerprint() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
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
