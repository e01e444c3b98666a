package dev.keyless.sealing;

import dev.keyless.redaction.Fingerprints;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/** An AWS secret access key: 40 characters of the base64 alphabet, like AWS's own. */
public record SecretAccessKey(String value) {

    public SecretAccessKey {
        Objects.requireNonNull(value, "value");
    }

    /** 30 random bytes are exactly 40 base64 characters (no padding). */
    public static SecretAccessKey generate(SecureRandom random) {
        byte[] bytes = new byte[30];
        random.nextBytes(bytes);
        return new SecretAccessKey(Base64.getEncoder().encodeToString(bytes));
    }

    @Override
    public String toString() {
        return "SecretAccessKey[" + Fingerprints.of(value) + "]";
    }
}
