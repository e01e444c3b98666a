package dev.keyless.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in console sessions, held on this node only. The cookie carries a random session id (256
 * bits), never the administrator token: the token is checked once at sign-in and forgotten. A
 * session ends at its expiry (by the injected clock) or at sign-out; a cookie naming no live session
 * is refused, so a forged or expired cookie is a 401.
 */
public final class ConsoleSessions {
    /** A working day: long enough to keep the console open beside a pipeline, short enough to expire overnight. */
    public static final Duration LIFETIME = Duration.ofHours(8);
    /** Bounds the map: sign-ins beyond it evict the session that expires first. */
    static final int MAX_SESSIONS = 1_000;

    /** What a session may do: administrators may also rotate keys. */
    public enum Role {
        ADMIN, VIEWER
    }

    /**
     * @param who  how the caller signed in, for display (a project and a digest prefix, never the token)
     * @param csrf the per-session token every state-changing request must echo in a header
     */
    public record Session(String id, String csrf, Role role, String who, Instant expires) {
        public Session {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(csrf, "csrf");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(who, "who");
            Objects.requireNonNull(expires, "expires");
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final SecureRandom random;

    public ConsoleSessions(Clock clock, SecureRandom random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    public Session create(Role role, String who) {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !now.isBefore(s.expires()));
        while (sessions.size() >= MAX_SESSIONS) {
            sessions.values().stream().min(Comparator.comparing(Session::expires))
                    .ifPresent(oldest -> sessions.remove(oldest.id()));
        }
        Session s = new Session(randomToken(), randomToken(), role, who, now.plus(LIFETIME));
        sessions.put(s.id(), s);
        return s;
    }

    /** The live session a cookie value names; empty for an unknown, malformed or expired one. */
    public Optional<Session> find(String id) {
        if (id == null || id.length() != 43) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(s.expires())) {
            sessions.remove(id);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    public void end(String id) {
        sessions.remove(id);
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
