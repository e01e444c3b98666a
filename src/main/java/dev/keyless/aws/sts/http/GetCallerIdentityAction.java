package dev.keyless.aws.sts.http;

import dev.keyless.aws.sts.SessionResolver;
import dev.keyless.aws.sts.SigV4Outcome;
import dev.keyless.aws.sts.SigV4Request;
import dev.keyless.aws.sts.SigV4Verifier;
import dev.keyless.aws.sts.StsOperation;
import dev.keyless.aws.sts.StsXmlRenderer;
import dev.keyless.http.HttpCall;
import dev.keyless.sealing.AwsSession;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GetCallerIdentity (STS API Reference, GetCallerIdentity): SigV4 in the header or presigned-query form, the
 * session unsealed from {@code X-Amz-Security-Token}, then {@code Arn}, {@code UserId},
 * {@code Account}. It needs no permission, so an authenticated caller is always answered. A
 * presigned GET forwarded here is how another service authenticates a caller (README).
 */
public final class GetCallerIdentityAction implements StsAction {

    private static final Logger LOG = LoggerFactory.getLogger(GetCallerIdentityAction.class);

    private final SigV4Verifier verifier;
    private final SessionResolver sessions;
    private final Clock clock;
    private final StsXmlRenderer xml = new StsXmlRenderer();

    public GetCallerIdentityAction(SigV4Verifier verifier, SessionResolver sessions, Clock clock) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public StsActionReply execute(StsOperation operation, HttpCall call) {
        String requestId = call.context().requestId();
        SigV4Request request = new SigV4Request(call.method(), call.rawPath(), call.rawQuery(), call.headers(), call.body());
        return switch (verifier.verify(request, sessions)) {
            case SigV4Outcome.Failed failed -> {
                LOG.info("refused request={} action={} code={} detail={}", requestId, operation.action(),
                        failed.error().code(), failed.message());
                yield new StsActionReply.Refused(failed.failure(), StsAuditEvents.of(call, clock.instant(), operation.action(), Optional.of(failed.failure()))
                                .explanation(StsAuditEvents.check("sigv4", failed.message())).build());
            }
            case SigV4Outcome.Authenticated ok -> {
                AwsSession s = ok.session();
                yield new StsActionReply.Answered(xml.getCallerIdentity(s, requestId), StsAuditEvents.of(call,
                        clock.instant(), operation.action(), Optional.empty()).role(s.assumedRoleArn())
                        .sessionName(s.sessionName()).subject(s.subject()).audience(s.audience()).build());
            }
        };
    }
}
