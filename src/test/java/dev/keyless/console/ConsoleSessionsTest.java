package dev.keyless.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.TestClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConsoleSessionsTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ConsoleSessions sessions = new ConsoleSessions(clock, new SecureRandom());

    @Test
    void aSessionLivesUntilItsExpiryByTheInjectedClock() {
        ConsoleSessions.Session s = sessions.create(ConsoleSessions.Role.ADMIN, "administrator of p");
        assertThat(s.id()).hasSize(43).isNotEqualTo(s.csrf());
        assertThat(sessions.find(s.id())).contains(s);
        clock.advance(ConsoleSessions.LIFETIME.minusSeconds(1));
        assertThat(sessions.find(s.id())).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(sessions.find(s.id())).isEmpty();
    }

    @Test
    void forgedMalformedAndEndedIdsFindNothing() {
        ConsoleSessions.Session s = sessions.create(ConsoleSessions.Role.VIEWER, "v");
        assertThat(sessions.find(null)).isEmpty();
        assertThat(sessions.find("")).isEmpty();
        assertThat(sessions.find("A".repeat(43))).isEmpty();
        assertThat(sessions.find(s.id() + "x")).isEmpty();
        assertThat(sessions.find(s.csrf())).isEmpty();
        sessions.end(s.id());
        assertThat(sessions.find(s.id())).isEmpty();
    }

    @Test
    void theMapIsBounded() {
        ConsoleSessions.Session first = sessions.create(ConsoleSessions.Role.VIEWER, "first");
        for (int i = 0; i < ConsoleSessions.MAX_SESSIONS + 10; i++) {
            clock.advance(Duration.ofMillis(1));
            sessions.create(ConsoleSessions.Role.VIEWER, "n" + i);
        }
        // The session that expires first made room.
        assertThat(sessions.find(first.id())).isEmpty();
    }
}
