package dev.keyless.gcp.iam.http;

import dev.keyless.audit.AuditDecision;
import dev.keyless.audit.AuditEvent;
import dev.keyless.audit.AuditKind;
import dev.keyless.gcp.iam.admin.GcpIamApi;
import dev.keyless.http.Handler;
import dev.keyless.http.HttpCall;
import dev.keyless.http.HttpReply;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@code /v1/projects/…} of the IAM v1 API over HTTP: the call goes to {@link GcpIamApi}, every
 * answer (change or refusal) is audited before it is written, with the caller, the method, the
 * resource and the etags before and after. The IAM Credentials verbs on the same paths
 * ({@code :generateAccessToken}, {@code :generateIdToken}) go to their own handler.
 */
public final class GcpIamHandlers {
    private final GcpIamApi api;
    private final Consumer<AuditEvent> audit;
    private final Clock clock;

    /** @param audit commits the event before it returns (or throws: nothing is answered unrecorded) */
    public GcpIamHandlers(GcpIamApi api, Consumer<AuditEvent> audit, Clock clock) {
        this.api = Objects.requireNonNull(api, "api");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** IAM Credentials verbs to {@code credentials}, everything else under the path to this API. */
    public Handler withCredentials(Handler credentials) {
        return call -> call.rawPath().endsWith(":generateAccessToken") || call.rawPath().endsWith(":generateIdToken")
                ? credentials.handle(call) : handle(call);
    }

    public HttpReply handle(HttpCall call) {
        String path = call.rawPath().startsWith("/v1/") ? call.rawPath().substring(4) : call.rawPath();
        GcpIamApi.Response r = api.handle(new GcpIamApi.Request(call.method(), path, call::queryParam, call.body(),
                call.header("authorization")));
        AuditDecision decision = r.status() < 300 ? AuditDecision.ALLOW : r.status() >= 500 ? AuditDecision.ERROR
                : AuditDecision.DENY;
        boolean read = !r.changed() && r.status() < 300;
        if (!read) { // reads that succeed change nothing; every change and every refusal is recorded
            audit.accept(AuditEvent.builder(clock.instant(), call.context().requestId(), AuditKind.GCP_IAM_CONFIG,
                            decision)
                    .reason(r.status() < 300 ? "changed" : "HTTP " + r.status())
                    .message(r.method() + " → " + r.resource() + " etag " + r.before().orElse("-") + " → "
                            + r.after().orElse("-"))
                    .subject(r.caller()).role(r.resource())
                    .clientAddress(call.context().clientAddress()).userAgent(call.context().userAgent())
                    .build());
        }
        return new HttpReply(r.status(), "application/json; charset=UTF-8", Map.of("Cache-Control", "no-store"),
                r.body());
    }
}
