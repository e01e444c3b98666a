package dev.keyless.oidc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The I/O half of key retrieval: one bounded HTTP GET, discovery, and TLS trust. */
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

    /** The JWKS document of a remote key source. */
    Fetch jwks(KeySource source, TrustedIssuer issuer) {
        return switch (source) {
            case KeySource.JwksUrl u -> get(u.url(), issuer.pinnedCaFile());
            case KeySource.Discovery d -> viaDiscovery(d.issuer(), issuer);
            default -> new Fetch.Failed("failure", "not a remote key source");
        };
    }

    /** OpenID Connect Discovery 1.0 §4: the document's issuer must equal the one we asked for (§4.3). */
    private Fetch viaDiscovery(URI issuerUri, TrustedIssuer issuer) {
        String base = issuerUri.toString();
        String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        Fetch doc = get(URI.create(trimmed + "/.well-known/openid-configuration"), issuer.pinnedCaFile());
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
        try {
            return get(URI.create(jwksUri), issuer.pinnedCaFile());
        } catch (IllegalArgumentException e) {
            return new Fetch.Failed("failure", "jwks_uri is not a URI");
        }
    }

    Fetch get(URI url, Optional<Path> pinnedCa) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && settings.allowPlainHttp())) {
            return new Fetch.Failed("failure", "key endpoint must use https: " + url);
        }
        try {
            HttpURLConnection conn = (HttpURLConnection) url.toURL().openConnection();
            try {
                configure(conn, pinnedCa);
                return read(conn, url);
            } finally {
                conn.disconnect();
            }
        } catch (SocketTimeoutException e) {
            return new Fetch.Failed("timeout", "timed out fetching " + url);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            return new Fetch.Failed("failure", "fetching " + url + ": " + e.getClass().getSimpleName());
        }
    }

    private void configure(HttpURLConnection conn, Optional<Path> pinnedCa) throws IOException, GeneralSecurityException {
        conn.setConnectTimeout(Math.toIntExact(settings.connectTimeout().toMillis()));
        conn.setReadTimeout(Math.toIntExact(settings.readTimeout().toMillis()));
        // A key endpoint that redirects elsewhere is not followed (RFC 8725 §3.10, SSRF hygiene).
        conn.setInstanceFollowRedirects(false);
        conn.setUseCaches(false);
        conn.setRequestProperty("Accept", "application/json");
        if (conn instanceof HttpsURLConnection https && pinnedCa.isPresent()) {
            https.setSSLSocketFactory(pinnedContext(pinnedCa.get()).getSocketFactory());
        }
    }

    private Fetch read(HttpURLConnection conn, URI url) throws IOException {
        int status = conn.getResponseCode();
        if (status != 200) {
            return new Fetch.Failed("failure", "HTTP " + status + " from " + url);
        }
        long max = settings.maxResponseBytes();
        if (conn.getContentLengthLong() > max) {
            return new Fetch.Failed("too_large", "response from " + url + " exceeds " + max + " bytes");
        }
        try (InputStream in = conn.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                if (out.size() > max) {
                    return new Fetch.Failed("too_large", "response from " + url + " exceeds " + max + " bytes");
                }
            }
            return new Fetch.Body(out.toString(StandardCharsets.UTF_8));
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
