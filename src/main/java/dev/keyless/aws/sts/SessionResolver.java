package dev.keyless.aws.sts;

import dev.keyless.sealing.SessionLookup;
import dev.keyless.sealing.SessionTokenService;
import java.util.Optional;

/**
 * Finds the session (and so the signing secret) for a request's access key id and
 * {@code X-Amz-Security-Token}. Keyless has no long-term keys, so a request without a session
 * token has no secret.
 */
@FunctionalInterface
public interface SessionResolver {

    SessionLookup resolve(String accessKeyId, Optional<String> securityToken);

    /** Opens the security token with the sealing keys. */
    static SessionResolver of(SessionTokenService sessions) {
        return (accessKeyId, token) -> token.filter(t -> !t.isEmpty())
                .map(t -> sessions.open(t, accessKeyId))
                .orElseGet(() -> new SessionLookup.Invalid("no X-Amz-Security-Token"));
    }
}
