package dev.keyless.sealing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The {@code Expiration} format of STS responses: {@code yyyy-MM-dd'T'HH:mm:ss'Z'} (STS API Reference, AssumeRoleWithWebIdentity). */
public final class AwsTimestamps {

    private static final DateTimeFormatter EXPIRATION =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private AwsTimestamps() {}

    /** Whole seconds, UTC. */
    public static String expiration(Instant instant) {
        return EXPIRATION.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
