package dev.keyless.aws.sts.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyless.audit.AuditEvent;
import dev.keyless.aws.decision.AssumeRoleRequest;
import dev.keyless.aws.decision.AwsDecider;
import dev.keyless.aws.decision.AwsDecision;
import dev.keyless.aws.decision.AwsOutcome;
import dev.keyless.aws.decision.RoleDirectory;
import dev.keyless.aws.decision.TokenEvidence;
import dev.keyless.aws.policy.ExplanationRenderer;
import dev.keyless.aws.sts.AssumeRoleWithWebIdentityParams;
import dev.keyless.aws.sts.StsFailure;
import dev.keyless.aws.sts.StsOperation;
import dev.keyless.aws.sts.StsXmlRenderer;
import dev.keyless.http.HttpCall;
import dev.keyless.oidc.IssuerLookup;
import dev.keyless.oidc.TokenVerifier;
import dev.keyless.sealing.AccessKeyIds;
import dev.keyless.sealing.AwsSession;
import dev.keyless.sealing.SecretAccessKey;
import dev.keyless.sealing.SessionCredentials;
import dev.keyless.sealing.SessionTokenService;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AssumeRoleWithWebIdentity over the wire: verify the token against the OIDC providers of the
 * account the role ARN names (the one step with I/O: the issuer's keys), let {@link AwsDecider}
 * decide, then mint or refuse and render. The request is unsigned: any signature is ignored. A
 * refusal's decisive check goes to the log at INFO with the request id and {@code jti}, never the
 * token.
 */
public final class AssumeRoleWithWebIdentityAction implements StsAction {

    private static final Logger LOG = LoggerFactory.getLogger(AssumeRoleWithWebIdentityAction.class);
    private static final IssuerLookup NO_ISSUERS = iss -> Optional.empty();

    private final TokenVerifier verifier;
    private final Function<String, IssuerLookup> issuersOfAccount;
    private final RoleDirectory roles;
    private final ExplanationRenderer explanations = new ExplanationRenderer();
    private final SessionTokenService sessions;
    private final StsXmlRenderer xml = new StsXmlRenderer();
    private final SecureRandom random;
    private final Clock clock;

    public AssumeRoleWithWebIdentityAction(TokenVerifier verifier, Function<String, IssuerLookup> issuersOfAccount,
            RoleDirectory roles, SessionTokenService sessions, SecureRandom random, Clock clock) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.issuersOfAccount = Objects.requireNonNull(issuersOfAccount, "issuersOfAccount");
        this.roles = Objects.requireNonNull(roles, "roles");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public StsActionReply execute(StsOperation operation, HttpCall call) {
        AssumeRoleWithWebIdentityParams p = (AssumeRoleWithWebIdentityParams) operation;
        Instant now = clock.instant();
        var ctx = call.context();
        // The role ARN names the account whose OIDC providers are searched; a token naming another
        // issuer is "No OpenIDConnect provider found…", also for a RoleArn in the wrong account.
        IssuerLookup issuers = RoleDirectory.accountOf(p.roleArn()).map(issuersOfAccount).orElse(NO_ISSUERS);
        AwsDecision decision = AwsDecider.decide(TokenEvidence.of(verifier.verify(p.webIdentityToken(), issuers), issuers),
                AssumeRoleRequest.of(p, ctx.clientAddress(), ctx.userAgent(), ctx.secureTransport()), roles, now);
        Optional<StsFailure> failure = decision.outcome() instanceof AwsOutcome.Denied d ? Optional.of(d.error())
                : Optional.empty();
        AuditEvent.Builder audit = StsAuditEvents.of(call, now, p.action(), failure)
                .role(p.roleArn()).sessionName(p.roleSessionName()).token(p.webIdentityToken().strip())
                .issuer(decision.issuer().orElse(null)).subject(decision.subject().orElse(null))
                .audience(decision.audience().orElse(null)).jti(decision.jti().orElse(null))
                .explanation(explanationJson(decision));
        return switch (decision.outcome()) {
            case AwsOutcome.Allowed allowed -> mint(p, call, allowed, decision, audit.build());
            case AwsOutcome.Denied denied -> {
                LOG.info("refused request={} action={} code={} jti={} check={} detail={}", ctx.requestId(), p.action(),
                        denied.error().error().code(), decision.jti().orElse("-"), denied.decisive().name().label(),
                        denied.decisive().actual());
                yield new StsActionReply.Refused(denied.error(), audit.build());
            }
        };
    }

    /**
     * The trust-policy explanation when the policy ran, else the decisive check and its detail; a
     * denial always names its check at the top ({@code "check"}).
     */
    private ObjectNode explanationJson(AwsDecision decision) {
        ObjectNode json = decision.trustPolicy().map(e -> (ObjectNode) explanations.json(e.explanation()))
                .orElseGet(JsonNodeFactory.instance::objectNode);
        decision.decisive().ifPresent(c -> {
            json.put("check", c.name().label());
            if (decision.trustPolicy().isEmpty()) {
                json.put("detail", c.actual());
            }
        });
        // Every check in the STS's order, as `keyless explain --format json` lists them, so a stored
        // decision shows expected vs actual for each (the console renders this list).
        var checks = json.putArray("checks");
        decision.checks().forEach(c -> checks.addObject().put("name", c.name().label())
                .put("status", c.status().name().toLowerCase(java.util.Locale.ROOT)).put("expected", c.expected())
                .put("actual", c.actual()));
        return json;
    }

    private StsActionReply mint(AssumeRoleWithWebIdentityParams p, HttpCall call, AwsOutcome.Allowed allowed,
            AwsDecision decision, AuditEvent audit) {
        Instant now = clock.instant();
        var role = allowed.role();
        // Expiry = now + DurationSeconds, as AWS: the credentials may outlive the web identity token
        // (a 5-minute GitLab token routinely yields 1-hour credentials).
        AwsSession session = new AwsSession(AccessKeyIds.newAccessKeyId(random), SecretAccessKey.generate(random),
                role.account().accountId(), role.role().name(), role.role().path(), role.role().roleId(),
                p.roleSessionName(), allowed.subject(), allowed.audience(), allowed.provider().providerArn(),
                allowed.sourceIdentity(), now, now.plusSeconds(p.durationSeconds()), p.policy(), p.policyArns(),
                allowed.tags().tags());
        SessionCredentials credentials = sessions.mint(session);
        // DEBUG, not INFO: the access log already has a line for this request, and the audit event
        // (committed before this response) holds the same facts; a second INFO line per exchange
        // was a measurable share of its CPU (bench/RESULTS.md).
        if (LOG.isDebugEnabled()) {
            LOG.debug("sealed request={} jti={} role={} session={} accessKeyId={} expires={}", call.context().requestId(),
                    decision.jti().orElse("-"), role.role().arn(), p.roleSessionName(), session.accessKeyId(),
                    credentials.expirationText());
        }
        return new StsActionReply.Answered(xml.assumeRoleWithWebIdentity(session, credentials, allowed.packedPolicySize(),
                call.context().requestId()), audit);
    }

}
