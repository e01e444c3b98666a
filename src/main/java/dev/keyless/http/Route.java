package dev.keyless.http;

import java.util.Objects;

/**
 * One line of the route table: method, path pattern, who may call it, and its handler. {@code access}
 * documents the exposure for reviewers of {@code Keyless.routes()}; each handler enforces its own
 * check (bearer secret, SigV4, sealed bearer token), so none relies on the router for it.
 */
public record Route(String method, String path, Access access, Handler handler) {
    public enum Access {
        /** Anyone: discovery, keys, health, the STS endpoints (they authenticate by token). */
        PUBLIC,
        /** Needs a bearer secret checked by the handler itself (CI API). */
        BEARER_SECRET,
        /** Needs SigV4 or a bearer access token minted by Keyless. */
        SIGNED,
        /** Only from the server's own machine (a loopback client address), checked by the handler. */
        LOOPBACK,
        /**
         * The web console: loopback clients only, a signed-in session cookie (an administrator token at
         * sign-in) and a CSRF token on every change, all checked by the console's handler.
         */
        CONSOLE_SESSION
    }

    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(handler, "handler");
    }
}
