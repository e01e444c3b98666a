package dev.keyless.sealing;

import java.util.Objects;

/** The outcome of opening an AWS session token (ordinary rejections are values). */
public sealed interface SessionLookup {

    /** The token opened, matches the request's access key id and has not expired. */
    record Valid(AwsSession session) implements SessionLookup {
        public Valid {
            Objects.requireNonNull(session, "session");
        }
    }

    /** Forged, altered, sealed by an unknown key, or for another access key: AWS InvalidClientTokenId. */
    record Invalid(String reason) implements SessionLookup {}

    /** Authentic but past its expiry: AWS ExpiredToken. */
    record Expired(AwsSession session) implements SessionLookup {}
}
