package dev.keyless.http;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole HTTP exposure of Keyless in one table, so a reviewer can audit it on one screen.
 * A path ending in {@code /*} matches that prefix (used where a path segment carries an id plus a
 * verb, like {@code /v1/projects/-/serviceAccounts/EMAIL:generateAccessToken}).
 */
public final class Routes {
    private final List<Route> routes;

    public Routes(List<Route> routes) {
        this.routes = List.copyOf(Objects.requireNonNull(routes, "routes"));
    }

    public List<Route> all() {
        return routes;
    }

    /** The route for a method and path, or empty; a path known under another method yields 405. */
    public Match match(String method, String path) {
        Route samePath = null;
        for (Route route : routes) {
            if (matches(route.path(), path)) {
                if (route.method().equals(method)) {
                    return new Match(Optional.of(route), false);
                }
                samePath = route;
            }
        }
        return new Match(Optional.empty(), samePath != null);
    }

    private static boolean matches(String pattern, String path) {
        if (pattern.endsWith("/*")) {
            String prefix = pattern.substring(0, pattern.length() - 1);
            return path.startsWith(prefix) && path.length() > prefix.length();
        }
        return pattern.equals(path);
    }

    public record Match(Optional<Route> route, boolean methodNotAllowed) {}
}
