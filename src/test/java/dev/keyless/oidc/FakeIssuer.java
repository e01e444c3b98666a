package dev.keyless.oidc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.keyless.testing.TestCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A foreign OIDC issuer on 127.0.0.1:0: a discovery document at
 * {@code /.well-known/openid-configuration} whose {@code jwks_uri} is {@code /jwks} on the same
 * origin (or any URI the test sets), and the JWKS. It can drip its answers one byte at a time,
 * and counts the requests it has seen and the largest number it served at once.
 */
final class FakeIssuer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger maxActive = new AtomicInteger();
    private volatile String jwks = "{\"keys\":[]}";
    private volatile String jwksUri;
    private volatile Duration drip;

    FakeIssuer() throws IOException {
        this(null);
    }

    /** Over https with {@code certificate}'s key (its CA file is what a provider pins), or http if null. */
    FakeIssuer(TestCertificate certificate) throws IOException {
        if (certificate == null) {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } else {
            HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls(certificate)));
            server = https;
        }
        server.createContext("/.well-known/openid-configuration", e -> handle(e, discovery()));
        server.createContext("/jwks", e -> {
            jwksRequests.incrementAndGet();
            handle(e, jwks);
        });
        server.setExecutor(executor);
        server.start();
        jwksUri = url() + "/jwks";
    }

    private static SSLContext tls(TestCertificate certificate) throws IOException {
        try (InputStream in = Files.newInputStream(certificate.serverKeyStore())) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, TestCertificate.PASSWORD);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, TestCertificate.PASSWORD);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** {@code http(s)://127.0.0.1:PORT}: the issuer URL ({@code iss}). */
    String url() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@code 127.0.0.1:PORT}: the provider part of AWS condition keys and provider ARNs. */
    String hostAndPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    void serve(String jwksJson) {
        jwks = jwksJson;
    }

    void jwksUri(String uri) {
        jwksUri = uri;
    }

    /** From now on every answer is sent one byte per {@code interval} (null: at once). */
    void drip(Duration interval) {
        drip = interval;
    }

    int requests() {
        return requests.get();
    }

    int jwksRequests() {
        return jwksRequests.get();
    }

    int maxConcurrent() {
        return maxActive.get();
    }

    private String discovery() {
        return "{\"issuer\":\"" + url() + "\",\"jwks_uri\":\"" + jwksUri + "\",\"id_token_signing_alg_values_supported\":[\"RS256\"]}";
    }

    private void handle(HttpExchange exchange, String body) throws IOException {
        requests.incrementAndGet();
        maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            OutputStream out = exchange.getResponseBody();
            Duration interval = drip;
            if (interval == null) {
                out.write(bytes);
                return;
            }
            for (byte b : bytes) {
                out.write(b);
                out.flush();
                Thread.sleep(interval);
            }
        } catch (InterruptedException | IOException e) {
            // The client hung up (its deadline), or the server is closing.
        } finally {
            active.decrementAndGet();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
