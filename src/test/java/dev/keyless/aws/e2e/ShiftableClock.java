package dev.keyless.aws.e2e;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The real UTC clock plus an offset the test sets: the server's clock can run ahead (a request then
 * looks old to it) while real clients keep signing with the machine's real time.
 */
final class ShiftableClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    void shift(Duration by) {
        offset = by;
    }

    @Override
    public Instant instant() {
        return Clock.systemUTC().instant().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
