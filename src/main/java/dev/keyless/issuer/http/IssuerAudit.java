package dev.keyless.issuer.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.audit.AuditDecision;
import dev.keyless.audit.AuditEvent;
import dev.keyless.audit.AuditKind;
import dev.keyless.http.RequestContext;
import dev.keyless.issuer.CiApiResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Audit events for the issuer: one {@code CI_API} event per call (who asked, allowed or why not)
 * and one {@code TOKEN_MINTED} per token, with its jti, sub and aud read back from the payload we
 * just signed — and a SHA-256 prefix of the token, never the token.
 */
public final class IssuerAudit {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IssuerAudit() {}

    static List<AuditEvent> ciApiEvents(Instant now, RequestContext ctx, CiApiResult result) {
        List<AuditEvent> events = new ArrayList<>();
        boolean ok = result.status() == 200;
        AuditEvent.Builder call = AuditEvent.builder(now, ctx.requestId(), AuditKind.CI_API,
                        ok ? AuditDecision.ALLOW : AuditDecision.DENY)
                .clientAddress(ctx.clientAddress()).userAgent(ctx.userAgent())
                .role(result.client().map(c -> "ci-client:" + c).orElse(null));
        if (ok) {
            call.reason("minted").message(result.jtis().size() + " token(s)");
        } else {
            JsonNode body = readTree(result.jsonBody());
            call.reason(body.path("error").asText("http_" + result.status()))
                    .message(body.path("message").asText("") + (body.has("field") ? " (field " + body.get("field").asText() + ")" : ""));
        }
        events.add(call.build());
        if (ok) {
            readTree(result.jsonBody()).path("id_tokens").properties().forEach(e ->
                    events.add(minted(now, ctx, e.getValue().asText(), "ci-api:" + e.getKey())));
        }
        return events;
    }

    /** One {@code TOKEN_MINTED} event; {@code how} says which path minted it (CLI, CI API, …). */
    public static AuditEvent minted(Instant now, RequestContext ctx, String token, String how) {
        JsonNode claims = payload(token);
        return AuditEvent.builder(now, ctx.requestId(), AuditKind.TOKEN_MINTED, AuditDecision.ALLOW)
                .reason("minted").message(how)
                .issuer(claims.path("iss").asText(null)).subject(claims.path("sub").asText(null))
                .audience(claims.path("aud").isArray() ? claims.path("aud").toString() : claims.path("aud").asText(null))
                .jti(claims.path("jti").asText(null)).token(token)
                .clientAddress(ctx.clientAddress()).userAgent(ctx.userAgent())
                .build();
    }

    private static JsonNode payload(String token) {
        String[] parts = token.split("\\.");
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}
