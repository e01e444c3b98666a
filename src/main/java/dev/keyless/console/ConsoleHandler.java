package dev.keyless.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.keyless.Keyless;
import dev.keyless.aws.iam.AwsLiveView;
import dev.keyless.config.reload.StatusHandler;
import dev.keyless.gcp.iam.admin.GcpLiveDirectory;
import dev.keyless.http.HttpCall;
import dev.keyless.http.HttpReply;
import dev.keyless.json.MalformedJsonException;
import dev.keyless.json.UntrustedJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code /console/…}: the web console's pages, assets and JSON API on the server's own port.
 *
 * <p>Access, in order: only loopback clients (the console is closed off the machine by default,
 * as {@code /keyless/v1/status}) unless keyless.yaml sets {@code console.allowRemote: true}; the sign-in page and the static assets (code, no data) to anyone
 * on the machine; everything else only with the session cookie of a sign-in, and every
 * state-changing request also with the session's CSRF token in {@value #CSRF_HEADER} (OWASP CSRF
 * Prevention Cheat Sheet, "Synchronizer Token Pattern"), compared in constant time. The cookie is
 * HttpOnly and SameSite=Strict (RFC 6265bis §4.1.2.7), scoped to {@code /console}, and Secure (RFC 6265
 * §4.1.2.5) when the sign-in arrived over TLS or the issuer's public URL is https (TLS ended in front of
 * this server): the browser then never sends the session over plain HTTP.
 *
 * <p>Every reply carries a Content-Security-Policy allowing only this origin's scripts and styles
 * and no framing (CSP Level 3, {@code frame-ancestors}), so a value that slipped past the pages'
 * text-only rendering still could not run.
 */
public final class ConsoleHandler {
    public static final String PREFIX = "/console";
    static final String COOKIE = "keyless_console";
    static final String CSRF_HEADER = "X-Keyless-CSRF";
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";
    private static final Pattern ASSET = Pattern.compile("/console/assets/([a-z][a-z0-9-]*\\.(js|css|svg))");
    private static final Pattern PAGE = Pattern.compile("/console/(decisions|trust|keys|playground)");
    private static final int MAX_SIGN_IN_BYTES = 8_192;

    private final Keyless keyless;
    private final ConsoleSessions sessions;
    private final ConsoleApi api;
    private final Function<String, Optional<String>> adminTokenProject;
    private final Function<String, Optional<String>> keylessPrincipal;

    /**
     * @param adminTokenProject the project an administrator token ({@code keyless admin token create})
     *                          belongs to, checked by its digest as the IAM API checks it
     * @param keylessPrincipal  who a Keyless-issued access token stands for: such a session may read, not rotate
     */
    public ConsoleHandler(Keyless keyless, AwsLiveView aws, Supplier<GcpLiveDirectory> gcp,
            Function<String, Optional<String>> adminTokenProject, Function<String, Optional<String>> keylessPrincipal,
            ConsoleSessions sessions, Clock clock) {
        this.keyless = Objects.requireNonNull(keyless, "keyless");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.adminTokenProject = Objects.requireNonNull(adminTokenProject, "adminTokenProject");
        this.keylessPrincipal = Objects.requireNonNull(keylessPrincipal, "keylessPrincipal");
        this.api = new ConsoleApi(keyless, aws, gcp, clock);
    }

    public HttpReply handle(HttpCall call) throws Exception {
        return secure(route(call));
    }

    private HttpReply route(HttpCall call) throws Exception {
        // Read per request from the live config; console.allowRemote is restart-only, so this is the start value.
        if (!StatusHandler.isLoopback(call.context().clientAddress()) && !keyless.config().console().allowRemote()) {
            return text(403, "The Keyless console answers only clients on the server's own machine. To open it to"
                    + " other machines (sign-in still required), set console: {allowRemote: true} in keyless.yaml"
                    + " and restart the server.\n");
        }
        String path = call.rawPath();
        String method = call.method();
        var asset = ASSET.matcher(path);
        if (asset.matches() && method.equals("GET")) {
            return asset(asset.group(1));
        }
        if (path.equals(PREFIX + "/signin") && method.equals("GET")) {
            return page("signin.html");
        }
        if (path.equals(PREFIX + "/api/session") && method.equals("POST")) {
            return signIn(call);
        }
        Optional<ConsoleSessions.Session> session = cookie(call).flatMap(sessions::find);
        boolean apiPath = path.startsWith(PREFIX + "/api/");
        if (session.isEmpty()) {
            return apiPath ? ConsoleApi.error(401, "sign in first")
                    : new HttpReply(303, "text/plain", Map.of("Location", PREFIX + "/signin"), new byte[0]);
        }
        ConsoleSessions.Session s = session.get();
        if (!method.equals("GET") && !csrfMatches(call, s)) {
            return ConsoleApi.error(403, "missing or wrong " + CSRF_HEADER + " header");
        }
        if (path.equals(PREFIX) || path.equals(PREFIX + "/")) {
            return new HttpReply(303, "text/plain", Map.of("Location", PREFIX + "/decisions"), new byte[0]);
        }
        if (PAGE.matcher(path).matches() && method.equals("GET")) {
            return page("app.html");
        }
        return switch (method + " " + path) {
            case "GET /console/api/session" -> ConsoleApi.json(200, JsonNodeFactory.instance.objectNode()
                    .put("role", s.role().name().toLowerCase(java.util.Locale.ROOT)).put("who", s.who())
                    .put("csrf", s.csrf()).put("expires", s.expires().toString()));
            case "POST /console/api/signout" -> {
                sessions.end(s.id());
                yield ConsoleApi.json(200, JsonNodeFactory.instance.objectNode().put("signedOut", true))
                        .withHeader("Set-Cookie", COOKIE + "=; Path=/console; Max-Age=0; HttpOnly; SameSite=Strict");
            }
            case "GET /console/api/decisions" -> api.decisions(call);
            case "GET /console/api/decision" -> api.decision(call);
            case "GET /console/api/chart" -> api.chart();
            case "GET /console/api/trust" -> api.trust();
            case "GET /console/api/keys" -> api.keys();
            case "POST /console/api/keys/rotate" -> s.role() == ConsoleSessions.Role.ADMIN ? guarded(() -> api.rotate(call, s))
                    : ConsoleApi.error(403, "rotation needs an administrator token sign-in");
            // A minted token is a real CI job token, good at the STS: only an administrator (who could run
            // `keyless token` on the server) may mint; a read-only session pastes tokens instead.
            case "POST /console/api/playground/mint" -> s.role() == ConsoleSessions.Role.ADMIN ? guarded(() -> api.mint(call))
                    : ConsoleApi.error(403, "minting needs an administrator token sign-in; paste a token instead");
            case "POST /console/api/playground/explain" -> guarded(() -> api.explain(call));
            default -> apiPath ? ConsoleApi.error(404, "no such console API") : text(404, "no such console page\n");
        };
    }

    private interface JsonCall {
        HttpReply run() throws MalformedJsonException;
    }

    private static HttpReply guarded(JsonCall call) {
        try {
            return call.run();
        } catch (MalformedJsonException e) {
            return ConsoleApi.error(400, "the body must be one JSON object");
        }
    }

    /**
     * Sign-in with an administrator token (the credential of the configuration APIs), or a Keyless
     * access token for a read-only session when its principal holds a project role that reads trust. A cross-site page cannot sign a visitor in (login CSRF):
     * the browser's {@code Sec-Fetch-Site} and {@code Origin} must say same-origin when present.
     */
    private HttpReply signIn(HttpCall call) {
        if (call.header("sec-fetch-site").filter(v -> !v.equals("same-origin") && !v.equals("none")).isPresent()
                || call.header("origin").filter(o -> !sameOrigin(o, call)).isPresent()) {
            return ConsoleApi.error(403, "sign-in only from the console's own page");
        }
        if (call.body().length > MAX_SIGN_IN_BYTES) {
            return ConsoleApi.error(400, "token too long");
        }
        String token;
        try {
            JsonNode body = UntrustedJson.readObject(call.body());
            token = body.path("token").asText("").strip();
        } catch (MalformedJsonException e) {
            return ConsoleApi.error(400, "the body must be {\"token\": \"…\"}");
        }
        ConsoleSessions.Session s;
        Optional<String> project = token.isEmpty() ? Optional.empty() : adminTokenProject.apply(token);
        if (project.isPresent()) {
            s = sessions.create(ConsoleSessions.Role.ADMIN, "administrator of " + project.get());
        } else {
            Optional<String> principal = token.isEmpty() ? Optional.empty() : keylessPrincipal.apply(token);
            if (principal.isEmpty()) {
                return ConsoleApi.error(401, "neither an administrator token (keyless admin token create) nor the"
                        + " Keyless access token of a principal with roles/viewer (or a role that lists pools) in a"
                        + " project's iamBindings");
            }
            s = sessions.create(ConsoleSessions.Role.VIEWER, principal.get());
        }
        String secure = secureCookie(call) ? "; Secure" : "";
        return ConsoleApi.json(200, JsonNodeFactory.instance.objectNode()
                        .put("role", s.role().name().toLowerCase(java.util.Locale.ROOT)).put("csrf", s.csrf()))
                .withHeader("Set-Cookie", COOKIE + "=" + s.id() + "; Path=/console; HttpOnly; SameSite=Strict"
                        + "; Max-Age=" + ConsoleSessions.LIFETIME.toSeconds() + secure);
    }

    /**
     * Secure when this request came over TLS, or when the issuer's public URL is https: then TLS ends
     * at a proxy in front of this server and the browser reached it over https even though this hop is
     * plain HTTP.
     */
    private boolean secureCookie(HttpCall call) {
        return call.context().secureTransport()
                || "https".equalsIgnoreCase(keyless.config().issuer().url().getScheme());
    }

    private static boolean sameOrigin(String origin, HttpCall call) {
        String host = call.header("host").orElse("");
        return origin.equals("http://" + host) || origin.equals("https://" + host);
    }

    private static boolean csrfMatches(HttpCall call, ConsoleSessions.Session s) {
        String given = call.header(CSRF_HEADER).orElse("");
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), s.csrf().getBytes(StandardCharsets.UTF_8));
    }

    static Optional<String> cookie(HttpCall call) {
        for (String header : call.headers().getOrDefault("cookie", java.util.List.of())) {
            for (String pair : header.split(";")) {
                String p = pair.strip();
                if (p.startsWith(COOKIE + "=")) {
                    return Optional.of(p.substring(COOKIE.length() + 1));
                }
            }
        }
        return Optional.empty();
    }

    private static HttpReply page(String name) throws IOException {
        return resource(name, "text/html; charset=utf-8");
    }

    private static HttpReply asset(String name) throws IOException {
        String type = name.endsWith(".js") ? "text/javascript; charset=utf-8"
                : name.endsWith(".css") ? "text/css; charset=utf-8" : "image/svg+xml";
        return resource("assets/" + name, type);
    }

    private static HttpReply resource(String name, String type) throws IOException {
        try (InputStream in = ConsoleHandler.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                return text(404, "no such console file\n");
            }
            return new HttpReply(200, type, Map.of(), in.readAllBytes());
        }
    }

    private static HttpReply text(int status, String body) {
        return HttpReply.of(status, "text/plain; charset=utf-8", body);
    }

    /** The headers every console reply carries. */
    private static HttpReply secure(HttpReply reply) {
        Map<String, String> headers = new LinkedHashMap<>(reply.headers());
        headers.put("Content-Security-Policy", CSP);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        headers.put("Cross-Origin-Resource-Policy", "same-origin");
        headers.putIfAbsent("Cache-Control", "no-store");
        return new HttpReply(reply.status(), reply.contentType(), headers, reply.body());
    }
}
