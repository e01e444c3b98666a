package dev.keyless.aws.sts.http;

import dev.keyless.redaction.Fingerprints;
import dev.keyless.aws.policy.Evaluation;
import dev.keyless.aws.policy.ExplanationRenderer;
import dev.keyless.aws.policy.SessionTags;
import dev.keyless.aws.policy.WebIdentityContext;
import dev.keyless.aws.sts.AssumeRoleWithWebIdentityParams;
import dev.keyless.aws.sts.SourceIdentity;
import dev.keyless.aws.sts.StsError;
import dev.keyless.aws.sts.StsFailure;
import dev.keyless.aws.sts.StsOperation;
import dev.keyless.aws.sts.StsXmlRenderer;
import dev.keyless.aws.sts.http.RoleDirectory.ResolvedRole;
import dev.keyless.config.AwsAccount;
import dev.keyless.config.OidcProviderConfig;
import dev.keyless.credentials.AccessKeyIds;
import dev.keyless.credentials.AwsSession;
import dev.keyless.credentials.SecretAccessKey;
import dev.keyless.credentials.SessionCredentials;
import dev.keyless.credentials.SessionTokenService;
import dev.keyless.http.HttpCall;
import dev.keyless.oidc.AwsTokenErrors;
import dev.keyless.oidc.IssuerLookup;
import dev.keyless.oidc.TokenVerifier;
import dev.keyless.oidc.Verification;
import dev.keyless.oidc.VerifiedToken;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AssumeRoleWithWebIdentity (issue #5 §2, aws-sts.md §1 and §4), read as a checklist: role ARN →
 * token (issuer → provider in the role's account, signature, times) → audience → role → duration →
 * session policy → trust policy → mint → render. The request is unsigned: any signature is ignored.
 * Every refusal is a value ({@link StsFailure}); the decisive check goes to the log at INFO with the
 * request id and {@code jti}, never the token.
 */
public final class AssumeRoleWithWebIdentityAction implements StsAction {

    private static final Logger LOG = LoggerFactory.getLogger(AssumeRoleWithWebIdentityAction.class);

    private final TokenVerifier verifier;
    private final Function<String, IssuerLookup> issuersOfAccount;
    private final RoleDirectory roles;
    private final SessionPolicies sessionPolicies = new SessionPolicies();
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
    public StsResponse execute(StsOperation operation, HttpCall call) {
        AssumeRoleWithWebIdentityParams p = (AssumeRoleWithWebIdentityParams) operation;
        Instant now = clock.instant();
        String requestId = call.context().requestId();
        StsOutcome.Builder audit = StsOutcome.builder(requestId, now, p.action())
                .client(call.context().clientAddress(), call.context().userAgent())
                .roleArn(p.roleArn()).sessionName(p.roleSessionName())
                .tokenSha256Prefix(Fingerprints.sha256Prefix(p.webIdentityToken().strip()));
        // 1. The role ARN names the account whose OIDC providers are searched (aws-sts.md §4 step 2).
        Optional<String> accountId = RoleDirectory.accountOf(p.roleArn());
        if (accountId.isEmpty()) {
            // AWS's wording for a RoleArn that is not a role ARN (as AssumeRole answers it).
            return refuse(audit, new StsFailure(StsError.VALIDATION_ERROR, "Request ARN is invalid"), "role-arn", p.roleArn());
        }
        // 2. The token: iss → provider in that account (none: "No OpenIDConnect provider found…",
        //    also for a RoleArn in the wrong account, mozilla-aws-cli#127), keys, signature, times.
        Verification verification = verifier.verify(p.webIdentityToken(), issuersOfAccount.apply(accountId.get()));
        if (verification instanceof Verification.Rejected rejected) {
            audit.issuer(rejected.facts().issuer());
            AwsTokenErrors.AwsError e = AwsTokenErrors.of(rejected);
            return refuse(audit, new StsFailure(tokenError(e.code()), e.message()), "token " + rejected.reason(),
                    rejected.detail());
        }
        VerifiedToken token = ((Verification.Verified) verification).token();
        audit.issuer(token.issuer()).subject(token.subject()).jti(token.jti());
        AwsAccount account = roles.account(accountId.get()).orElseThrow();
        OidcProviderConfig provider = account.providerForIssuer(token.issuer()).orElseThrow();
        // 3. aud: any element of an array may be a client id of the provider (aws-sts.md §4 step 3).
        Optional<String> audience = token.audiences().stream().filter(provider.clientIds()::contains).findFirst();
        if (audience.isEmpty()) {
            return refuse(audit, new StsFailure(StsError.INVALID_IDENTITY_TOKEN, "Incorrect token audience"),
                    "audience", "token aud " + token.audiences() + " not in clientIds " + provider.clientIds());
        }
        audit.audience(audience.get());
        if (token.subject() == null) {
            return refuse(audit, new StsFailure(StsError.INVALID_IDENTITY_TOKEN, "Token has no sub claim"), "sub", "absent");
        }
        return withRole(p, call, token, account, provider, audience.get(), audit);
    }

    private StsResponse withRole(AssumeRoleWithWebIdentityParams p, HttpCall call, VerifiedToken token,
            AwsAccount account, OidcProviderConfig provider, String audience, StsOutcome.Builder audit) {
        // 4. The role. A missing role, once the provider is found, is AccessDenied (aws-sts.md §1 table).
        Optional<ResolvedRole> role = roles.role(p.roleArn());
        if (role.isEmpty()) {
            return deny(audit, account, "role " + p.roleArn() + " does not exist", "{}");
        }
        // 5. DurationSeconds ≤ the role's MaxSessionDuration (aws-sts.md §1, d2a4u/sqs4s#270).
        if (p.durationSeconds() > role.get().role().maxSessionDuration()) {
            return refuse(audit, StsFailure.of(StsError.DURATION_EXCEEDS_MAX_SESSION), "duration",
                    p.durationSeconds() + " > " + role.get().role().maxSessionDuration());
        }
        // 6. Session policy and policy ARNs well-formed; their packed size.
        SessionTags tags = WebIdentityContext.tags(token.claims());
        SessionPolicies.Checked policies = sessionPolicies.check(p, tags);
        if (policies instanceof SessionPolicies.Checked.Refused r) {
            return refuse(audit, r.failure(), "session-policy", r.failure().message());
        }
        if (!tags.valid()) {
            return refuse(audit, new StsFailure(StsError.INVALID_IDENTITY_TOKEN, "Invalid session tags in the token: "
                    + String.join("; ", tags.problems())), "session-tags", tags.problems().toString());
        }
        if (token.claims().containsKey(WebIdentityContext.SOURCE_IDENTITY_CLAIM)) {
            Optional<StsFailure> bad = SourceIdentity.check(token.claims().get(WebIdentityContext.SOURCE_IDENTITY_CLAIM));
            if (bad.isPresent()) {
                return refuse(audit, bad.get(), "source-identity", bad.get().message());
            }
        }
        // 7. The trust policy, with the condition keys AWS offers for this provider (aws-sts.md §5).
        var ctx = call.context();
        Evaluation evaluation = TrustPolicyCheck.evaluate(role.get(), provider, token.claims(),
                ctx.clientAddress().isEmpty() ? null : ctx.clientAddress(),
                ctx.userAgent().isEmpty() ? null : ctx.userAgent(), ctx.secureTransport(), clock.instant());
        String explanation = explanations.json(evaluation.explanation()).toString();
        audit.explanationJson(explanation);
        if (!evaluation.decision().allowed()) {
            return deny(audit, account, evaluation.explanation().summary(), explanation);
        }
        // 8. Mint and render.
        return mint(p, call, token, role.get(), provider, audience, tags, (SessionPolicies.Checked.Accepted) policies, audit);
    }

    private StsResponse mint(AssumeRoleWithWebIdentityParams p, HttpCall call, VerifiedToken token, ResolvedRole role,
            OidcProviderConfig provider, String audience, SessionTags tags, SessionPolicies.Checked.Accepted policies,
            StsOutcome.Builder audit) {
        Instant now = clock.instant();
        // Expiry = now + DurationSeconds, as AWS: the credentials may outlive the web identity token
        // (a 5-minute GitLab token routinely yields 1-hour credentials).
        AwsSession session = new AwsSession(AccessKeyIds.newAccessKeyId(random), SecretAccessKey.generate(random),
                role.account().accountId(), role.role().name(), role.role().path(), role.role().roleId(),
                p.roleSessionName(), token.subject(), audience, provider.providerArn(), sourceIdentity(token),
                now, now.plusSeconds(p.durationSeconds()), p.policy(), p.policyArns(), tags.tags());
        SessionCredentials credentials = sessions.mint(session);
        audit.accessKeyId(session.accessKeyId());
        LOG.info("sealed request={} jti={} role={} session={} accessKeyId={} expires={}", call.context().requestId(),
                token.jti(), role.role().arn(), p.roleSessionName(), session.accessKeyId(), credentials.expirationText());
        return new StsResponse(200, xml.assumeRoleWithWebIdentity(session, credentials, policies.packedPolicySize(),
                call.context().requestId()), audit.allowed());
    }

    private static Optional<String> sourceIdentity(VerifiedToken token) {
        return token.claims().get(WebIdentityContext.SOURCE_IDENTITY_CLAIM) instanceof String s
                ? Optional.of(s) : Optional.empty();
    }

    /** AccessDenied with AWS's sentence; the decisive check is logged, and shown when the account asks. */
    private StsResponse deny(StsOutcome.Builder audit, AwsAccount account, String check, String explanationJson) {
        String message = StsError.ACCESS_DENIED.message()
                + (account.explainDenials() ? " (Keyless: " + check + ")" : "");
        audit.explanationJson(explanationJson);
        return refuse(audit, new StsFailure(StsError.ACCESS_DENIED, message), "trust-policy", check);
    }

    private StsResponse refuse(StsOutcome.Builder audit, StsFailure failure, String check, String detail) {
        StsOutcome outcome = audit.checkIfNoExplanation(check, detail).failed(failure);
        LOG.info("refused request={} action={} code={} jti={} sha256={} check={} detail={}", outcome.requestId(),
                outcome.action(), outcome.code(), outcome.jti().orElse("-"), outcome.tokenSha256Prefix().orElse("-"),
                check, detail);
        return new StsResponse(failure.error().httpStatus(), xml.error(failure, outcome.requestId()), outcome);
    }

    private static StsError tokenError(String code) {
        return switch (code) {
            case "ExpiredTokenException" -> StsError.EXPIRED_TOKEN_EXCEPTION;
            case "IDPCommunicationError" -> StsError.IDP_COMMUNICATION_ERROR;
            case "IDPRejectedClaim" -> StsError.IDP_REJECTED_CLAIM;
            default -> StsError.INVALID_IDENTITY_TOKEN;
        };
    }
}
