package dev.keyless.oidc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A real JWKS endpoint on 127.0.0.1:0 that counts requests and can fail, stall or bloat. */
final class FakeJwksServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile String body = "{\"keys\":[]}";
    private volatile int status = 200;
    private volatile boolean stall;
    private volatile CountDownLatch holdUntil;

    FakeJwksServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
    }

    int requests() {
        return requests.get();
    }

    void serve(String jwks) {
        body = jwks;
        status = 200;
    }

    void fail(int httpStatus) {
        status = httpStatus;
    }

    /** Never answer until closed: a dead-slow endpoint. */
    void stall() {
        stall = true;
    }

    /** Answer only after {@code latch} opens, so concurrent callers pile up behind one fetch. */
    void holdUntil(CountDownLatch latch) {
        holdUntil = latch;
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try {
            if (stall) {
                release.await();
            }
            CountDownLatch hold = holdUntil;
            if (hold != null) {
                hold.await(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, status == 200 ? bytes.length : -1);
        if (status == 200) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
