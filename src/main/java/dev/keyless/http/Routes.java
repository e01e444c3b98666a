package dev.keyless.http;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The whole HTTP exposure of Keyless in one table, so a reviewer can audit it on one screen.
 * A path ending in {@code /*} matches that prefix (used where a path segment carries an id plus a
 * verb, like {@code /v1/projects/-/serviceAccounts/EMAIL:generateAccessToken}).
 */
public final class Routes {
    private final List<Route> routes;
    private final List<ErrorFamily> families;
    private final List<Screen> screens;

    /**
     * The paths whose server-made errors an endpoint family renders: those matching {@code path}
     * (same patterns as routes) or, for a family made by {@link #matching}, its test.
     */
    public record ErrorFamily(String path, ErrorRenderer renderer, Predicate<String> test) {
        public ErrorFamily {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(renderer, "renderer");
            Objects.requireNonNull(test, "test");
        }

        public ErrorFamily(String path, ErrorRenderer renderer) {
            this(path, renderer, p -> matches(path, p));
        }

        /** A family whose paths no single pattern describes; {@code description} is for people. */
        public static ErrorFamily matching(String description, Predicate<String> test, ErrorRenderer renderer) {
            return new ErrorFamily(description, renderer, test);
        }
    }

    public Routes(List<Route> routes) {
        this(routes, List.of());
    }

    public Routes(List<Route> routes, List<ErrorFamily> families) {
        this(routes, families, List.of());
    }

    /** @param screens asked in order before routing; the first answer is the reply (see {@link Screen}) */
    public Routes(List<Route> routes, List<ErrorFamily> families, List<Screen> screens) {
        this.routes = List.copyOf(Objects.requireNonNull(routes, "routes"));
        this.families = List.copyOf(Objects.requireNonNull(families, "families"));
        this.screens = List.copyOf(Objects.requireNonNull(screens, "screens"));
    }

    /** The renderer of the first family whose path matches, else Keyless's JSON. */
    public ErrorRenderer errors(String path) {
        return families.stream().filter(f -> f.test().test(path)).map(ErrorFamily::renderer).findFirst()
                .orElse(ErrorRenderer.JSON);
    }

    /** The first screen's answer for a request, before any route sees it. */
    public Optional<HttpReply> screen(HttpCall head) {
        for (Screen screen : screens) {
            Optional<HttpReply> answer = screen.answer(head);
            if (answer.isPresent()) {
                return answer;
            }
        }
        return Optional.empty();
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
