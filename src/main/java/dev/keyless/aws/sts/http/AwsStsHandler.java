package dev.keyless.aws.sts.http;

import dev.keyless.audit.AuditEvent;
import dev.keyless.aws.sts.StsError;
import dev.keyless.aws.sts.StsFailure;
import dev.keyless.aws.sts.StsParse;
import dev.keyless.aws.sts.StsQueryParser;
import dev.keyless.http.HttpCall;
import dev.keyless.http.HttpReply;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The AWS STS endpoint family ({@code POST /} and {@code GET /?…}, STS API Reference, AssumeRoleWithWebIdentity): parse the awsQuery
 * parameters, dispatch by {@code Action} to a small map of {@link StsAction}s, hand the outcome to
 * the audit sink <em>before</em> answering (every decision is recorded before the
 * response is sent), and answer {@code text/xml} with {@code x-amzn-RequestId} — the server's own
 * request id, so the id the client prints finds the log lines and the audit event.
 */
public final class AwsStsHandler {

    private final StsQueryParser parser = new StsQueryParser();
    private final AwsErrorRenderer errors = new AwsErrorRenderer();
    private final Map<String, StsAction> actions;
    private final Consumer<AuditEvent> audit;
    private final Clock clock;

    /**
     * @param actions by wire {@code Action} name; every action {@link StsQueryParser} parses must be here
     * @param audit   receives every outcome, allowed or refused, before the reply is written; it may
     *                block (e.g. until the audit event is committed)
     */
    public AwsStsHandler(Map<String, StsAction> actions, Consumer<AuditEvent> audit, Clock clock) {
        this.actions = Map.copyOf(actions);
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public HttpReply handle(HttpCall call) {
        String requestId = call.context().requestId();
        StsActionReply response = switch (parser.parse(call.rawQuery(), call.header("Content-Type").orElse(null), call.body())) {
            case StsParse.Rejected rejected -> rejected(call, rejected.failure());
            case StsParse.Parsed parsed -> {
                StsAction action = actions.get(parsed.operation().action());
                yield action != null ? action.execute(parsed.operation(), call)
                        : rejected(call, StsFailure.of(StsError.INTERNAL_FAILURE));
            }
        };
        try {
            audit.accept(response.event());
        } catch (RuntimeException e) {
            // Not recorded, not answered: credentials must never leave without their audit record.
            return errors.render(StsFailure.of(StsError.INTERNAL_FAILURE), requestId);
        }
        return switch (response) {
            case StsActionReply.Answered a -> errors.reply(200, a.xml(), requestId);
            case StsActionReply.Refused r -> errors.render(r.failure(), requestId);
        };
    }

    private StsActionReply rejected(HttpCall call, StsFailure failure) {
        String action = call.queryParam("Action").orElse("");
        return new StsActionReply.Refused(failure, StsAuditEvents.of(call, clock.instant(), action, Optional.of(failure))
                        .explanation(StsAuditEvents.check("request", failure.message())).build());
    }
}
