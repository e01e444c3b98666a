package dev.keyless.issuer.http;

import dev.keyless.audit.AuditLog;
import dev.keyless.audit.AuditStoreException;
import dev.keyless.http.HttpCall;
import dev.keyless.http.HttpReply;
import dev.keyless.issuer.CiApiResult;
import dev.keyless.issuer.CiTokenService;
import dev.keyless.issuer.DiscoveryDocument;
import dev.keyless.issuer.IssuerSettings;
import dev.keyless.keys.SigningKeyRing;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.Objects;

/** Discovery, JWKS and the CI API: thin adapters from HTTP to the issuer services. */
public final class IssuerHandlers {
    private final IssuerSettings settings;
    private final SigningKeyRing keyRing;
    private final CiTokenService ciTokens;

    private final Counter minted;

    private final AuditLog audit;
    private final Clock clock;

    public IssuerHandlers(IssuerSettings settings, SigningKeyRing keyRing, CiTokenService ciTokens, PrometheusRegistry registry,
            AuditLog audit, Clock clock) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.minted = Counter.builder().name("keyless_issuer_tokens_minted_total")
                .help("Job tokens minted through the CI API").register(registry);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
        this.ciTokens = Objects.requireNonNull(ciTokens, "ciTokens");
    }

    public HttpReply discovery(HttpCall call) {
        return HttpReply.json(200, DiscoveryDocument.json(settings.issuerUrl(), keyRing.publishedAlgorithms()))
                .withHeader("Cache-Control", "max-age=3600, public");
    }

    public HttpReply jwks(HttpCall call) {
        return HttpReply.json(200, keyRing.publicJwksJson()).withHeader("Cache-Control", DiscoveryDocument.JWKS_CACHE_CONTROL);
    }

    public HttpReply ciIdTokens(HttpCall call) {
        CiApiResult result = ciTokens.handle(call.header("Authorization").orElse(null), call.body());
        minted.inc(result.jtis().size());
        // Recorded before the response leaves: no audit record, no tokens.
        try {
            audit.appendAllAndWait(IssuerAudit.ciApiEvents(clock.instant(), call.context(), result));
        } catch (AuditStoreException e) {
            return HttpReply.json(500, "{\"error\":\"audit_unavailable\",\"message\":\"The audit log could not record this request; nothing was issued.\"}");
        }
        HttpReply reply = HttpReply.json(result.status(), result.jsonBody()).withHeader("Cache-Control", "no-store");
        return result.status() == 401 ? reply.withHeader("WWW-Authenticate", "Bearer realm=\"keyless\"") : reply;
    }
}
