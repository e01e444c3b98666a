package dev.keyless.gcp.clients;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A plain HTTP relay in front of Keyless that forwards every request unchanged and holds each
 * {@code :getIamPolicy} until {@code parties} of them have arrived (at most 30 s): it makes
 * concurrent read-modify-write clients read the same etag on every run. Keyless answers
 * everything; the relay only delays.
 */
final class GetHoldingRelay implements AutoCloseable {
    private static final Set<String> HOP = Set.of("host", "content-length", "connection", "transfer-encoding",
            "accept-encoding", "upgrade", "keep-alive");
    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final String target;
    private final CountDownLatch gets;

    private GetHoldingRelay(String target, int parties) throws IOException {
        this.target = target;
        this.gets = new CountDownLatch(parties);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::relay);
        server.start();
    }

    static GetHoldingRelay start(String target, int parties) throws IOException {
        return new GetHoldingRelay(target, parties);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void relay(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            URI uri = exchange.getRequestURI();
            if (uri.getPath().endsWith(":getIamPolicy")) {
                gets.countDown();
                gets.await(30, TimeUnit.SECONDS);
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + uri.getRawPath()
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    values.forEach(v -> b.header(name, v));
                }
            });
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            r.headers().map().forEach((name, values) -> {
                if (!HOP.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            exchange.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
