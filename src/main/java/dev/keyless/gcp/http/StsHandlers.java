package dev.keyless.gcp.http;

import dev.keyless.gcp.federation.ExchangeResult;
import dev.keyless.gcp.federation.GcpOutcome;
import dev.keyless.gcp.federation.Introspection;
import dev.keyless.gcp.federation.TokenExchangeService;
import dev.keyless.gcp.sts.IntrospectRequestParser;
import dev.keyless.gcp.sts.OAuthError;
import dev.keyless.gcp.sts.OAuthResult;
import dev.keyless.gcp.sts.TokenExchangeRequest;
import dev.keyless.gcp.sts.TokenExchangeRequestParser;
import dev.keyless.http.HttpCall;
import dev.keyless.http.HttpReply;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /v1/token} and {@code POST /v1/introspect} (Google STS API, token). Each reads
 * as parse → decide → audit → render. Errors are {@code {"error","error_description"}} with
 * HTTP 400, never 5xx for a lasting error (Node retries 5xx). The {@code Authorization} header
 * gcloud sends is ignored.
 */
public final class StsHandlers {

    private final TokenExchangeService service;
    private final GcpAuditSink audit;
    private final TokenExchangeRequestParser parser = new TokenExchangeRequestParser();
    private final IntrospectRequestParser introspectParser = new IntrospectRequestParser();

    /** @param audit receives every outcome before the response is written */
    public StsHandlers(TokenExchangeService service, GcpAuditSink audit) {
        this.service = Objects.requireNonNull(service, "service");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    public HttpReply token(HttpCall call) {
        OAuthResult<TokenExchangeRequest> parsed = parser.parse(call.header("content-type").orElse(null), call.body());
        if (parsed instanceof OAuthResult.Invalid<TokenExchangeRequest> bad) {
            audit.record(GcpOutcome.builder(GcpOutcome.Endpoint.TOKEN)
                    .error(bad.error().code().wire(), bad.error().description()), call.context());
            return error(bad.error());
        }
        ExchangeResult result = service.exchange(((OAuthResult.Valid<TokenExchangeRequest>) parsed).value());
        audit.record(result.outcome(), call.context());
        return switch (result) {
            case ExchangeResult.Issued issued -> noStore(new HttpReply(200, "application/json", Map.of(),
                    issued.response().toJson()));
            case ExchangeResult.Refused refused -> error(refused.error());
        };
    }

    public HttpReply introspect(HttpCall call) {
        Introspection result = service.introspect(introspectParser.parse(call.body()));
        audit.record(result.outcome(), call.context());
        return noStore(new HttpReply(200, "application/json", Map.of(), result.response().toJson()));
    }

    private static HttpReply error(OAuthError error) {
        return noStore(new HttpReply(error.httpStatus(), "application/json", Map.of(), error.toJson()));
    }

    /** RFC 6749 §5.1: responses carrying tokens must not be cached. */
    private static HttpReply noStore(HttpReply reply) {
        return reply.withHeader("Cache-Control", "no-store");
    }
}
