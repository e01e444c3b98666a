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
    private final List<ErrorFamily> families;

    /** The paths (same patterns as routes) whose server-made errors an endpoint family renders. */
    public record ErrorFamily(String path, ErrorRenderer renderer) {
        public ErrorFamily {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(renderer, "renderer");
        }
    }

    public Routes(List<Route> routes) {
        this(routes, List.of());
    }

    public Routes(List<Route> routes, List<ErrorFamily> families) {
        this.routes = List.copyOf(Objects.requireNonNull(routes, "routes"));
        this.families = List.copyOf(Objects.requireNonNull(families, "families"));
    }

    /** The renderer of the first family whose path matches, else Keyless's JSON. */
    public ErrorRenderer errors(String path) {
        return families.stream().filter(f -> matches(f.path(), path)).map(ErrorFamily::renderer).findFirst()
                .orElse(ErrorRenderer.JSON);
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
