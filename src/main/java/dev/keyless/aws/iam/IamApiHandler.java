package dev.keyless.aws.iam;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyless.audit.AuditDecision;
import dev.keyless.audit.AuditEvent;
import dev.keyless.audit.AuditKind;
import dev.keyless.aws.policy.ConditionContext;
import dev.keyless.aws.policy.PolicyDocument;
import dev.keyless.aws.sts.QueryDecoding;
import dev.keyless.aws.sts.SigV4Outcome;
import dev.keyless.aws.sts.SigV4Request;
import dev.keyless.aws.sts.SigV4Verifier;
import dev.keyless.http.HttpCall;
import dev.keyless.http.HttpReply;
import dev.keyless.sealing.AwsSession;
import dev.keyless.sealing.SessionLookup;
import dev.keyless.sealing.SessionTokenService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IAM query API on {@code POST /} ({@code Version=2010-05-08}, IAM API Reference, "Making
 * query requests"), next to the STS on the same port. Every request is SigV4-signed for service
 * {@code iam} (any region in the scope): by an administrator access key, or by Keyless session
 * credentials whose role's permission policies allow the action on the resource. Nothing
 * unauthenticated is served. Every change, and every refusal, is audited ({@code IAM_CHANGE}) before
 * the answer leaves.
 */
public final class IamApiHandler {
    public static final String VERSION = "2010-05-08";
    private static final Logger LOG = LoggerFactory.getLogger(IamApiHandler.class);
    private static final String REQUEST_ID_HEADER = "x-amzn-RequestId";
    /** Operations that only read: allowed ones are not audited (a plan would fill the log). */
    private static final Set<String> READ_PREFIXES = Set.of("Get", "List");

    private final IamService service;
    private final AdminAccessKeys adminKeys;
    private final SessionTokenService sessions;
    private final AwsLiveView view;
    private final SigV4Verifier verifier;
    private final Consumer<AuditEvent> audit;
    private final Clock clock;

    public IamApiHandler(IamService service, AdminAccessKeys adminKeys, SessionTokenService sessions, AwsLiveView view,
            Consumer<AuditEvent> audit, Clock clock) {
        this.service = Objects.requireNonNull(service, "service");
        this.adminKeys = Objects.requireNonNull(adminKeys, "adminKeys");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.view = Objects.requireNonNull(view, "view");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.verifier = new SigV4Verifier(clock, "iam");
    }

    /**
     * Whether {@code POST /} is meant for IAM rather than STS: the form says {@code Version=2010-05-08},
     * or, when the body is not a readable form, the signature is scoped to service {@code iam}.
     */
    public static boolean isIamRequest(HttpCall call) {
        if (!call.method().equals("POST")) {
            return false;
        }
        if (QueryDecoding.decode(call.body()) instanceof QueryDecoding.Result.Decoded d) {
            String version = d.pairs().get("Version");
            if (version != null) {
                return version.equals(VERSION);
            }
        }
        return call.header("Authorization").map(a -> a.contains("/iam/aws4_request")).orElse(false);
    }

    /** Who signed: an administrator key or a Keyless session. */
    private sealed interface Caller {
        String account();

        String arn();

        record Admin(AdminAccessKeys.AdminKey key) implements Caller {
            public String account() {
                return key.accountId();
            }

            public String arn() {
                return "arn:aws:iam::" + key.accountId() + ":root (admin access key " + key.accessKeyId() + ")";
            }
        }

        record Session(AwsSession session) implements Caller {
            public String account() {
                return session.account();
            }

            public String arn() {
                return session.assumedRoleArn();
            }
        }
    }

    public HttpReply handle(HttpCall call) {
        String requestId = call.context().requestId();
        Map<String, String> form;
        switch (QueryDecoding.decode(call.body())) {
            case QueryDecoding.Result.Malformed m -> {
                return refuse(call, "", Optional.empty(), "", new IamFailure(m.failure().error().code(),
                        m.failure().error().httpStatus(), m.failure().message()));
            }
            case QueryDecoding.Result.Decoded d -> form = d.pairs();
        }
        String action = form.getOrDefault("Action", "");
        if (action.isEmpty()) {
            return refuse(call, action, Optional.empty(), "", new IamFailure("MissingAction", 400, "Missing Action"));
        }
        if (!service.actions().contains(action)) {
            return refuse(call, action, Optional.empty(), "", new IamFailure("InvalidAction", 400,
                    "Could not find operation " + action + " for version " + VERSION));
        }
        // Authentication first: nothing about the store is revealed to an unsigned caller.
        AtomicReference<AdminAccessKeys.AdminKey> admin = new AtomicReference<>();
        SigV4Request signed = new SigV4Request(call.method(), call.rawPath(), call.rawQuery(), call.headers(), call.body());
        SigV4Outcome outcome = verifier.verify(signed, (keyId, token) -> {
            if (token.filter(t -> !t.isEmpty()).isPresent()) {
                return sessions.open(token.get(), keyId);
            }
            return adminKeys.open(keyId).<SessionLookup>map(o -> {
                admin.set(o.key());
                return new SessionLookup.Valid(adminSession(o));
            }).orElseGet(() -> new SessionLookup.Invalid("unknown access key"));
        });
        if (outcome instanceof SigV4Outcome.Failed failed) {
            return refuse(call, action, Optional.empty(), "", new IamFailure(failed.error().code(),
                    failed.error().httpStatus(), failed.message()));
        }
        AwsSession signer = ((SigV4Outcome.Authenticated) outcome).session();
        Caller caller = admin.get() != null ? new Caller.Admin(admin.get()) : new Caller.Session(signer);
        IamParams params = new IamParams(form);
        String resource = service.resourceArn(action, caller.account(), params);
        Optional<IamFailure> denied = authorize(caller, action, resource, call);
        if (denied.isPresent()) {
            return refuse(call, action, Optional.of(caller), resource, denied.get());
        }
        try {
            IamService.Outcome done = service.execute(action, caller.account(), params);
            if (!isRead(action)) {
                record(call, action, Optional.of(caller), done.resource().orElse(resource), Optional.empty(), done);
            }
            return reply(200, IamXml.response(action, done.result(), requestId), requestId);
        } catch (IamFailure.Refusal r) {
            return refuse(call, action, Optional.of(caller), resource, r.failure());
        } catch (RuntimeException e) {
            LOG.error("IAM {} failed request={}", action, requestId, e);
            return refuse(call, action, Optional.of(caller), resource,
                    IamFailure.serviceFailure("The request processing has failed because of an unknown error."));
        }
    }

    private Optional<IamFailure> authorize(Caller caller, String action, String resource, HttpCall call) {
        if (caller instanceof Caller.Session s) {
            AwsSession session = s.session();
            List<PolicyDocument> identity = view.apiRole(session.account(), session.roleName())
                    .map(r -> IamPermissions.identityPolicies(r.inlinePolicies(), r.attachedPolicies()))
                    .orElse(List.of());
            Optional<PolicyDocument> sessionPolicy = session.sessionPolicy().map(IamService::compile);
            ConditionContext.Builder context = ConditionContext.builder()
                    .put("aws:PrincipalArn", "arn:aws:iam::" + session.account() + ":role" + session.rolePath()
                            + session.roleName())
                    .put("aws:PrincipalAccount", session.account())
                    .put("aws:userid", session.assumedRoleId())
                    .put("aws:SourceIp", call.context().clientAddress())
                    .put("aws:SecureTransport", Boolean.toString(call.context().secureTransport()));
            session.sessionTags().forEach((k, v) -> context.put("aws:PrincipalTag/" + k, v));
            IamPermissions.Verdict verdict = IamPermissions.decide(identity, sessionPolicy, session.assumedRoleArn(),
                    "iam:" + action, resource, context.build());
            if (!verdict.decision().allowed()) {
                return Optional.of(IamFailure.accessDenied("User: " + session.assumedRoleArn()
                        + " is not authorized to perform: iam:" + action + " on resource: " + resource + verdict.detail()));
            }
        }
        return Optional.empty();
    }

    /** An administrator key verifies like a session: its opened secret is the signing secret. */
    private AwsSession adminSession(AdminAccessKeys.Opened o) {
        var now = clock.instant();
        return new AwsSession(o.key().accessKeyId(), o.secret(), o.key().accountId(), "admin", "/", "admin", "admin",
                "admin", "admin", "admin", Optional.empty(), now, now.plusSeconds(60), Optional.empty(), List.of(),
                Map.of());
    }

    private static boolean isRead(String action) {
        return READ_PREFIXES.stream().anyMatch(action::startsWith);
    }

    private HttpReply refuse(HttpCall call, String action, Optional<Caller> caller, String resource, IamFailure failure) {
        LOG.info("refused request={} action={} code={} caller={}", call.context().requestId(), action, failure.code(),
                caller.map(Caller::arn).orElse("-"));
        try {
            record(call, action, caller, resource, Optional.of(failure), null);
        } catch (RuntimeException e) {
            LOG.error("audit of a refused IAM call failed request={}", call.context().requestId(), e);
        }
        return reply(failure.status(), IamXml.error(failure, call.context().requestId()), call.context().requestId());
    }

    private void record(HttpCall call, String action, Optional<Caller> caller, String resource,
            Optional<IamFailure> failure, IamService.Outcome done) {
        ObjectNode detail = JsonNodeFactory.instance.objectNode();
        detail.put("operation", action);
        detail.put("resource", resource);
        detail.put("caller", caller.map(Caller::arn).orElse("unauthenticated"));
        if (done != null) {
            done.before().ifPresent(b -> detail.put("before", b));
            done.after().ifPresent(a -> detail.put("after", a));
        }
        AuditDecision decision = failure.map(f -> f.status() >= 500 ? AuditDecision.ERROR : AuditDecision.DENY)
                .orElse(AuditDecision.ALLOW);
        AuditEvent.Builder event = AuditEvent.builder(clock.instant(), call.context().requestId(), AuditKind.IAM_CHANGE,
                decision).reason(failure.map(IamFailure::code).orElse("OK"))
                .message(action + failure.map(f -> ": " + f.message()).orElse(" " + resource))
                .explanation(detail).role(resource.isEmpty() ? null : resource)
                .clientAddress(call.context().clientAddress()).userAgent(call.context().userAgent());
        caller.ifPresent(c -> event.subject(c.arn()));
        if (caller.orElse(null) instanceof Caller.Session s) {
            event.sessionName(s.session().sessionName());
        }
        audit.accept(event.build());
    }

    private static HttpReply reply(int status, String xml, String requestId) {
        return new HttpReply(status, IamXml.CONTENT_TYPE, Map.of(REQUEST_ID_HEADER, requestId),
                xml.getBytes(StandardCharsets.UTF_8));
    }
}
