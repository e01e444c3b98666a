package dev.keyless.aws.sts;

import java.util.Objects;

/** A rejection ready for the wire: the error (code, status) and the exact message. */
public record StsFailure(StsError error, String message) {

    public StsFailure {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(message, "message");
    }

    /** With the error's default message. */
    public static StsFailure of(StsError error, Object... args) {
        return new StsFailure(error, error.message(args));
    }
}
