package dev.keyless.oidc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The I/O half of key retrieval: bounded HTTP GETs under one deadline, discovery, and TLS trust. */
final class JwksFetcher {

    /** A fetch result: the body, or an outcome label for metrics plus a detail for the audit log. */
    sealed interface Fetch permits Fetch.Body, Fetch.Failed {
        record Body(String text) implements Fetch {
        }

        record Failed(String outcome, String detail) implements Fetch {
        }
    }

    private final JwksCache.Settings settings;

    JwksFetcher(JwksCache.Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The JWKS document of a remote key source, within {@link JwksCache.Settings#fetchDeadline} for
     * the whole of it (discovery and keys): per-read timeouts alone let a server that sends one byte
     * just inside each timeout hold the fetch for hours.
     */
    Fetch jwks(KeySource source, TrustedIssuer issuer) {
        long deadline = System.nanoTime() + settings.fetchDeadline().toNanos();
        return switch (source) {
            // The operator named this URL: its own scheme decides whether plain http is acceptable.
            case KeySource.JwksUrl u -> get(u.url(), issuer.pinnedCaFile(), isHttp(u.url()), deadline);
            case KeySource.Discovery d -> viaDiscovery(d.issuer(), issuer, deadline);
            default -> new Fetch.Failed("failure", "not a remote key source");
        };
    }

    /**
     * OpenID Connect Discovery 1.0 §4: the document's issuer must equal the one we asked for (§4.3).
     * Its {@code jwks_uri} must be on the issuer's own origin (RFC 6454 §4: scheme, host, port):
     * whoever can change the discovery document must not be able to point key retrieval at another
     * host; an issuer whose keys live elsewhere is configured with {@code jwks: {url: …}}. Plain
     * http is acceptable only for an issuer configured with an http URL, never for another issuer.
     */
    private Fetch viaDiscovery(URI issuerUri, TrustedIssuer issuer, long deadline) {
        String base = issuerUri.toString();
        String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        boolean plainHttp = isHttp(issuerUri);
        Fetch doc = get(URI.create(trimmed + "/.well-known/openid-configuration"), issuer.pinnedCaFile(), plainHttp,
                deadline);
        if (!(doc instanceof Fetch.Body body)) {
            return doc;
        }
        Optional<Map<String, Object>> json = Json.parseObject(body.text());
        if (json.isEmpty() || !(json.get().get("jwks_uri") instanceof String jwksUri)) {
            return new Fetch.Failed("failure", "discovery document has no jwks_uri");
        }
        if (!base.equals(json.get().get("issuer"))) {
            return new Fetch.Failed("failure", "discovery document issuer differs from " + base);
        }
        URI keys;
        try {
            keys = new URI(jwksUri);
        } catch (URISyntaxException e) {
            return new Fetch.Failed("failure", "jwks_uri is not a URI");
        }
        if (!sameOrigin(issuerUri, keys)) {
            return new Fetch.Failed("failure", "jwks_uri " + JwsSignatureLayer.printable(jwksUri)
                    + " is not on the issuer's origin; configure the provider's jwks url to trust it");
        }
        return get(keys, issuer.pinnedCaFile(), plainHttp, deadline);
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && b.getScheme() != null && a.getHost() != null && b.getHost() != null
                && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b) && b.getRawUserInfo() == null;
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : -1;
    }

    private static boolean isHttp(URI uri) {
        return "http".equalsIgnoreCase(uri.getScheme());
    }

    Fetch get(URI url, Optional<Path> pinnedCa, boolean plainHttpAllowed, long deadline) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && plainHttpAllowed)) {
            return new Fetch.Failed("failure", "key endpoint must use https: " + url);
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return deadlineExceeded(url);
        }
        HttpClient client;
        try {
            HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    // A key endpoint that redirects elsewhere is not followed (RFC 8725 §3.10, SSRF hygiene).
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(shorter(settings.connectTimeout(), Duration.ofNanos(remaining)));
            if (scheme.equals("https") && pinnedCa.isPresent()) {
                builder.sslContext(pinnedContext(pinnedCa.get()));
            }
            client = builder.build();
        } catch (IOException | GeneralSecurityException e) {
            return new Fetch.Failed("failure", "pinned CA file for " + url + ": " + e.getClass().getSimpleName());
        }
        CompletableFuture<HttpResponse<Fetch>> response = null;
        try {
            HttpRequest request = HttpRequest.newBuilder(url).header("Accept", "application/json").GET().build();
            response = client.sendAsync(request, info -> info.statusCode() != 200
                    ? new BoundedBody(url, 0, new Fetch.Failed("failure", "HTTP " + info.statusCode() + " from " + url))
                    : new BoundedBody(url, settings.maxResponseBytes(), null));
            // The deadline covers connecting, the headers and every byte of the body: per-read timeouts
            // alone let a server that sends one byte just inside each timeout hold a fetch for hours.
            return response.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).body();
        } catch (TimeoutException e) {
            return deadlineExceeded(url);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                return new Fetch.Failed("timeout", "timed out fetching " + url);
            }
            return new Fetch.Failed("failure", "fetching " + url + ": " + e.getCause().getClass().getSimpleName());
        } catch (IllegalArgumentException e) {
            return new Fetch.Failed("failure", "fetching " + url + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Fetch.Failed("failure", "interrupted fetching " + url);
        } finally {
            if (response != null) {
                response.cancel(true); // aborts the exchange and closes its connection if still running
            }
            client.shutdownNow();
        }
    }

    private Fetch deadlineExceeded(URI url) {
        return new Fetch.Failed("timeout", "fetching keys took longer than " + settings.fetchDeadline().toMillis()
                + " ms (last: " + url + ")");
    }

    private static Duration shorter(Duration a, Duration b) {
        Duration d = a.compareTo(b) <= 0 ? a : b;
        return d.isZero() || d.isNegative() ? Duration.ofMillis(1) : d;
    }

    /**
     * Collects a body up to {@code max} bytes and cancels past it (the Content-Length is checked
     * first, so an announced oversize body is not read at all); with {@code result} set, the body is
     * not read and that is the outcome.
     */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<Fetch> {
        private final URI url;
        private final long max;
        private final Fetch result;
        private final CompletableFuture<Fetch> body = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        BoundedBody(URI url, long max, Fetch result) {
            this.url = url;
            this.max = max;
            this.result = result;
        }

        @Override
        public CompletionStage<Fetch> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (result != null) {
                s.cancel();
                body.complete(result);
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer b : buffers) {
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
            if (out.size() > max) {
                subscription.cancel();
                body.complete(new Fetch.Failed("too_large", "response from " + url + " exceeds " + max + " bytes"));
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(new Fetch.Body(out.toString(StandardCharsets.UTF_8)));
        }
    }

    /** Trust only the CA certificates in the provider's pinned file (PEM), not the JDK store. */
    private static SSLContext pinnedContext(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("pinned-" + i++, cert);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
