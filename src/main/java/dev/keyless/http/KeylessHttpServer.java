package dev.keyless.http;

import dev.keyless.config.TlsConfig;
import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import io.helidon.common.tls.Tls;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Helidon SE on virtual threads, kept thin: it turns each request into an {@link HttpCall}, finds
 * the route in {@link Routes}, and writes the {@link HttpReply}. Body size is limited here, once,
 * so no handler can be made to buffer an unbounded body.
 */
public final class KeylessHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeylessHttpServer.class);

    private final WebServer server;
    // Set by start(routes, metrics) before the socket is bound: the requests that read them run on
    // threads Helidon starts after that (Thread.start happens-before, JLS 17.4.5).
    private Routes routes;
    private HttpMetrics metrics;
    private final long maxBodyBytes;
    private final Supplier<String> requestIds;
    private final AccessLog accessLog;
    private final ConnectionGuard connections;

    /**
     * Connections held open at once before the oldest one not being served is closed for a new
     * one: with about 19 KB of heap each, 1024 cost about 20 MB of the launcher's 96 MB heap.
     */
    static final int MAX_CONNECTIONS = 1024;
    /** A request (line, headers and body) must arrive within this time of the connection's accept. */
    static final Duration REQUEST_DEADLINE = Duration.ofSeconds(10);
    /** A kept-alive connection must bring its next complete request within this time of the last response. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(30);

    /**
     * Initialises Helidon's server and routing builders (their service registry and configuration
     * discovery, the larger part of building a server) without binding anything, so {@code serve}
     * can have it done on another core while it reads its configuration ({@code cli.StartupWarmUp}).
     */
    public static void prepare() {
        WebServer.builder();
        HttpRouting.builder();
    }

    /**
     * Builds the server without binding anything: building Helidon's server is most of the cost of
     * starting it (about 50 ms of {@code serve}'s start), and it needs nothing of what it will serve,
     * so {@code serve} builds it on another core while it opens the store and the key ring
     * ({@link #start(Routes, HttpMetrics)} then binds). With {@code tls} present the port serves
     * HTTPS only (google-auth-library-java requires https).
     */
    public KeylessHttpServer(String host, int port, long maxBodyBytes, AccessLog accessLog, Optional<TlsConfig> tls,
            Clock clock) {
        Objects.requireNonNull(clock, "clock");
        this.accessLog = Objects.requireNonNull(accessLog, "accessLog");
        this.maxBodyBytes = maxBodyBytes;
        this.requestIds = () -> requestId(clock.millis());
        this.connections = new ConnectionGuard(MAX_CONNECTIONS, REQUEST_DEADLINE, KEEP_ALIVE, System::nanoTime);
        var builder = WebServer.builder();
        tls.ifPresent(t -> builder.tls(serverTls(t)));
        this.server = builder
                .host(host)
                .port(port)
                .shutdownHook(false)
                .connectionOptions(connections.socketOptions())
                // Backstop only: at this many Helidon stops accepting; the guard keeps us below it.
                .maxTcpConnections(MAX_CONNECTIONS * 4)
                // listen(2) backlog: connections the kernel completes before we accept them. While a
                // flood is being accepted and evicted, a full queue drops a legitimate client's SYN,
                // which it retransmits only after a second (RFC 6298 section 2.1); Helidon's 1024
                // is raised (the kernel caps it at net.core.somaxconn).
                .backlog(4096)
                // Helidon's own limit is only a backstop: the handler below answers the clear 413 first.
                .maxPayloadSize(Math.max(maxBodyBytes * 16, 1 << 20))
                .directHandlers(d -> d.addHandler(DirectHandler.EventType.INTERNAL_ERROR, KeylessHttpServer::unparsableRequest))
                .routing(r -> r.any(this::dispatch))
                .build();
    }

    /**
     * What Helidon answers when it fails before routing, that is while parsing the request line
     * or headers: a method that is not a token (RFC 9110 section 9.1) makes Helidon's
     * {@code Method.create} throw, which it reports as an internal error, a 500 and a WARNING with
     * a stack trace per request. Routing failures never get here ({@link #dispatch} answers
     * them), so this is a malformed request: 400, no stack trace, connection closed.
     */
    private static DirectHandler.TransportResponse unparsableRequest(DirectHandler.TransportRequest request,
            DirectHandler.EventType type, Status status, ServerResponseHeaders headers, String message) {
        return DirectHandler.TransportResponse.builder()
                .status(Status.BAD_REQUEST_400)
                .headers(headers)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .entity("{\"error\":\"bad_request\",\"message\":\"The request line or headers could not be parsed.\"}")
                .keepAlive(false)
                .build();
    }

    /** PEM certificate chain and private key, read once at start; a bad file fails startup, naming it. */
    private static Tls serverTls(TlsConfig tls) {
        Keys keys;
        try {
            keys = Keys.builder()
                    .pem(pem -> pem.key(Resource.create(tls.privateKey())).certChain(Resource.create(tls.certificate())))
                    .build();
        } catch (RuntimeException e) {
            throw new IllegalStateException("server.tls: cannot read privateKey " + tls.privateKey() + " with certificate "
                    + tls.certificate() + ": " + e.getMessage() + " (give an unencrypted PEM PKCS#8 private key,"
                    + " -----BEGIN PRIVATE KEY-----, and the PEM certificate chain it belongs to)", e);
        }
        return Tls.builder()
                .privateKey(keys.privateKey().orElseThrow(() -> new IllegalStateException(
                        "server.tls.privateKey " + tls.privateKey() + " holds no private key")))
                .privateKeyCertChain(keys.certChain())
                .build();
    }

    /**
     * Starts listening. Helidon does not throw when the bind fails (it logs and reports port -1), so
     * that is checked here: a server that listens nowhere must not look started.
     *
     * @throws ListenException when the address could not be bound
     */
    public KeylessHttpServer start(Routes routes, HttpMetrics metrics) {
        if (this.routes != null) {
            throw new IllegalStateException("already started");
        }
        this.routes = Objects.requireNonNull(routes, "routes");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        server.start();
        if (server.port() < 0) {
            server.stop();
            throw new ListenException("address already in use or not available");
        }
        return this;
    }

    /** The listen address could not be bound (in use, or not an address of this machine). */
    public static final class ListenException extends IllegalStateException {
        public ListenException(String reason) {
            super(reason);
        }
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
        connections.close();
    }

    private void dispatch(ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        String method = req.prologue().method().text();
        String path = req.path().rawPath();
        String requestId = requestIds.get();
        RequestContext context = new RequestContext(requestId, clientAddress(req),
                req.headers().first(HeaderNames.USER_AGENT).orElse(""), req.isSecure());
        if (!isToken(method)) {
            // RFC 9110 section 9.1: a method is a token; anything else is a malformed request line.
            send(req, res, method, path, "unmatched", false, start, context, HttpReply.json(400,
                    "{\"error\":\"bad_request\",\"message\":\"The request method is not an HTTP token.\"}"));
            return;
        }
        // HEAD is GET without the content (RFC 9110 section 9.3.2): same route, same status and headers.
        boolean head = method.equals("HEAD");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        req.headers().forEach(h -> headers.computeIfAbsent(h.name(), k -> new ArrayList<>()).addAll(h.allValues()));
        String rawQuery = req.query().rawValue();
        Optional<HttpReply> screened;
        try {
            screened = routes.screen(new HttpCall(method, path, rawQuery, headers, null, Map.of(), context));
        } catch (RuntimeException e) {
            LOG.error("request {} {}: screening failed", requestId, method, e);
            screened = Optional.of(routes.errors(path).render(ErrorRenderer.Kind.INTERNAL,
                    "Internal error; request id " + requestId, context));
        }
        if (screened.isPresent()) {
            send(req, res, method, path, "screened", head, start, context, screened.get());
            return;
        }
        Routes.Match match = routes.match(head ? "GET" : method, path);
        String routeName = match.route().map(Route::path).orElse("unmatched");
        HttpReply reply;
        try {
            reply = handle(req, method, path, rawQuery, headers, context, match);
        } catch (RuntimeException | Error e) {
            LOG.error("request {} {} {} failed", requestId, method, routeName, e);
            reply = routes.errors(path).render(ErrorRenderer.Kind.INTERNAL, "Internal error; request id " + requestId,
                    context);
        }
        send(req, res, method, path, routeName, head, start, context, reply);
    }

    private void send(ServerRequest req, ServerResponse res, String method, String path, String routeName, boolean head,
            long start, RequestContext context, HttpReply reply) {
        String requestId = context.requestId();
        res.status(Status.create(reply.status()));
        res.header("X-Request-Id", requestId);
        reply.headers().forEach(res::header);
        if (reply.contentType() != null) {
            res.header(HeaderNames.CONTENT_TYPE, reply.contentType());
        }
        if (head) {
            res.header(HeaderNames.CONTENT_LENGTH, Integer.toString(reply.body().length));
            res.send();
        } else {
            res.send(reply.body());
        }
        if (req.headers().containsToken(HeaderValues.CONNECTION_CLOSE)) {
            connections.closeAfterResponse(req.remotePeer().address());
        } else {
            connections.responded(req.remotePeer().address());
        }
        long nanos = System.nanoTime() - start;
        metrics.record(routeName, method, reply.status(), nanos);
        accessLog.log(context, method, path, routeName, reply.status(), nanos);
    }

    private HttpReply handle(ServerRequest req, String method, String path, String rawQuery, Map<String, List<String>> headers,
            RequestContext context, Routes.Match match) {
        ErrorRenderer errors = routes.errors(path);
        if (match.route().isEmpty()) {
            return match.methodNotAllowed()
                    ? errors.render(ErrorRenderer.Kind.METHOD_NOT_ALLOWED, method + " is not supported on " + path, context)
                    : errors.render(ErrorRenderer.Kind.NOT_FOUND, "No Keyless endpoint at " + path, context);
        }
        long declared = req.headers().contentLength().orElse(-1L);
        if (declared > maxBodyBytes) {
            return errors.render(ErrorRenderer.Kind.PAYLOAD_TOO_LARGE, tooLarge(declared), context);
        }
        byte[] body;
        try {
            body = readBody(req, declared);
        } catch (BodyTooLargeException e) {
            return errors.render(ErrorRenderer.Kind.PAYLOAD_TOO_LARGE, tooLarge(-1), context);
        }
        connections.requestRead(req.remotePeer().address());
        HttpCall call = new HttpCall(method, path, rawQuery, headers, body, Map.of(), context);
        try {
            return match.route().get().handler().handle(call);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 9110 section 5.6.2: {@code token = 1*tchar}. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }

    private String tooLarge(long declared) {
        String size = declared >= 0 ? declared + " bytes" : "larger than the limit";
        return "The request body is " + size + "; the limit is " + maxBodyBytes
                + " bytes (server.maxBodyBytes in keyless.yaml).";
    }

    /** The first buffer {@link InputStream#readNBytes(int)} allocates (JDK 21+): larger bodies go its way. */
    private static final int EXACT_READ_MAX = 16 * 1024;

    /** {@code declared}: the Content-Length (at most maxBodyBytes), or -1 when the body is chunked. */
    private byte[] readBody(ServerRequest req, long declared) {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            if (declared >= 0 && declared <= EXACT_READ_MAX) {
                // Read into an array of the declared size: readNBytes(limit) reads through a new
                // 16 KB buffer and copies (the largest allocation of a token exchange, bench/RESULTS.md).
                // Only up to that size: a client declaring a large body and sending none must not make
                // the server hold more per connection than before. A body that ends early is returned
                // as far as it came; one that goes on past its declared length is read on, to the limit.
                byte[] body = new byte[(int) declared];
                int n = in.readNBytes(body, 0, body.length);
                if (n < body.length) {
                    return Arrays.copyOf(body, n);
                }
                int next = in.read();
                if (next < 0) {
                    return body;
                }
                byte[] rest = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes - n));
                if (n + 1 + rest.length > maxBodyBytes) {
                    throw new BodyTooLargeException();
                }
                byte[] all = Arrays.copyOf(body, n + 1 + rest.length);
                all[n] = (byte) next;
                System.arraycopy(rest, 0, all, n + 1, rest.length);
                return all;
            }
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (body.length > maxBodyBytes) {
                throw new BodyTooLargeException();
            }
            return body;
        } catch (IOException e) {
            throw new IllegalStateException("reading the request body failed", e);
        } catch (RuntimeException e) {
            if (e instanceof BodyTooLargeException) {
                throw e;
            }
            // Helidon signals a body over maxPayloadSize with its own exception type.
            throw new BodyTooLargeException();
        }
    }

    private static String clientAddress(ServerRequest req) {
        return req.remotePeer().address() instanceof java.net.InetSocketAddress isa
                ? isa.getAddress().getHostAddress()
                : String.valueOf(req.remotePeer().address());
    }

    /**
     * A time-ordered (version 7) UUID, RFC 9562 section 5.7: 48 bits of Unix milliseconds, then 74
     * random bits from ThreadLocalRandom. Unique, not secret (UUID.randomUUID() would draw from the
     * shared SecureRandom, whose lock every request contended for). Time-ordered because the audit
     * table indexes request ids: a random id dirties another B-tree page with every row, an id that
     * grows with time appends to the last one (RFC 9562 section 2.1 names this reason; measured in
     * bench/RESULTS.md, round 5, at 18 µs of the audit writer's CPU per event).
     */
    static String requestId(long epochMillis) {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        long msb = (epochMillis << 16) | 0x7000L | (r.nextInt() & 0xFFFL);
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    static String jsonEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private static final class BodyTooLargeException extends RuntimeException {
        BodyTooLargeException() {
            super(null, null, false, false);
        }
    }
}
