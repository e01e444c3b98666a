package dev.keyless.http;

import java.util.Optional;

/**
 * A look at a request before any route sees it, for requests that are plainly meant for a service
 * Keyless does not run (a SigV4 signature scoped to Amazon S3 arrives on {@code GET /}, the path of the
 * STS): such a request gets that service's own error instead of whatever the path would otherwise do.
 * The call carries the method, path, query and headers; its body is empty (not read yet).
 */
@FunctionalInterface
public interface Screen {

    /** The answer for a request no route should handle, or empty to let routing proceed. */
    Optional<HttpReply> answer(HttpCall head);
}
