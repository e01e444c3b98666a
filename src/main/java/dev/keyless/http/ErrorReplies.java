package dev.keyless.http;

import java.util.Optional;

/**
 * The server's own errors — no route (404), wrong method (405), body too large (413), a handler
 * that failed (500) — in the wire shape of the endpoint family the path belongs to, so a cloud's
 * client parses them as that cloud's errors. Empty: Keyless's generic JSON.
 */
@FunctionalInterface
public interface ErrorReplies {

    enum Failure { NOT_FOUND, METHOD_NOT_ALLOWED, PAYLOAD_TOO_LARGE, INTERNAL }

    Optional<HttpReply> reply(Failure failure, String method, String path, String requestId);

    static ErrorReplies none() {
        return (failure, method, path, requestId) -> Optional.empty();
    }

    /** The first family that claims the path. */
    static ErrorReplies firstOf(ErrorReplies... families) {
        return (failure, method, path, requestId) -> {
            for (ErrorReplies f : families) {
                Optional<HttpReply> r = f.reply(failure, method, path, requestId);
                if (r.isPresent()) {
                    return r;
                }
            }
            return Optional.empty();
        };
    }
}
