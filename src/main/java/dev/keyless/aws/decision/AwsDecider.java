package dev.keyless.aws.decision;

import dev.keyless.aws.policy.AuthorizationRequest;
import dev.keyless.aws.policy.ConditionKeysMode;
import dev.keyless.aws.policy.PolicyEvaluation;
import dev.keyless.aws.policy.PolicyEvaluator;
import dev.keyless.aws.policy.SessionTags;
import dev.keyless.aws.policy.WebIdentityContext;
import dev.keyless.aws.policy.WebIdentityFacts;
import dev.keyless.aws.sts.AssumeRoleWithWebIdentityParser;
import dev.keyless.aws.sts.SourceIdentity;
import dev.keyless.aws.sts.StsError;
import dev.keyless.aws.sts.StsFailure;
import dev.keyless.config.AwsAccount;
import dev.keyless.config.OidcProviderConfig;
import dev.keyless.config.RoleConfig;
import dev.keyless.decision.Check;
import dev.keyless.decision.CheckStatus;
import dev.keyless.oidc.RejectionReason;
import dev.keyless.oidc.TokenFacts;
import dev.keyless.oidc.TrustedIssuer;
import dev.keyless.oidc.Verification;
import dev.keyless.oidc.VerifiedToken;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * AssumeRoleWithWebIdentity decided once, for the STS, {@code keyless explain} and {@code keyless
 * test}: request → role ARN → token (format, issuer, signature, times) → audience → sub → role →
 * duration → session policy → session tags → trust policy (the STS's order; AWS STS API reference,
 * AssumeRoleWithWebIdentity, and the IAM User Guide on OIDC federation). The first failing check
 * decides; the ones after it are reported as not reached. Pure: the token arrives verified or
 * refused, the time is a parameter.
 */
public final class AwsDecider {
    private static final PolicyEvaluator EVALUATOR = new PolicyEvaluator();
    private static final SessionPolicies SESSION_POLICIES = new SessionPolicies();
    private static final Set<RejectionReason> FORMAT = EnumSet.of(RejectionReason.NOT_COMPACT_JWS,
            RejectionReason.TOO_LARGE, RejectionReason.MALFORMED_HEADER, RejectionReason.MALFORMED_PAYLOAD);
    private static final Set<RejectionReason> TIMES = EnumSet.of(RejectionReason.EXPIRED, RejectionReason.NOT_YET_VALID,
            RejectionReason.ISSUED_IN_FUTURE, RejectionReason.TOO_OLD, RejectionReason.MISSING_EXP,
            RejectionReason.MISSING_IAT, RejectionReason.INVALID_TIME_CLAIM);

    private AwsDecider() {
    }

    /** The claims the checks after the token read, whichever way the token arrived. */
    private record Claims(String issuer, String subject, List<String> audiences, String jti, Map<String, Object> all) {
        static Claims of(VerifiedToken t) {
            return new Claims(t.issuer(), t.subject(), t.audiences(), t.jti(), t.claims());
        }

        static Claims of(Map<String, Object> claims) {
            Object aud = claims.get("aud");
            List<String> audiences = aud instanceof List<?> list ? list.stream().map(String::valueOf).toList()
                    : aud == null ? List.of() : List.of(String.valueOf(aud));
            return new Claims(claims.get("iss") instanceof String s ? s : null,
                    claims.get("sub") instanceof String s ? s : null, audiences,
                    claims.get("jti") instanceof String s ? s : null, claims);
        }
    }

    public static AwsDecision decide(TokenEvidence token, AssumeRoleRequest request, RoleDirectory directory,
            Instant now) {
        Run run = new Run();
        Optional<StsFailure> invalid = AssumeRoleWithWebIdentityParser.validate(request.roleArn(),
                request.roleSessionName(), request.tokenLength(), request.policy(), request.policyArns(), request.durationSeconds());
        if (invalid.isPresent()) {
            return run.fail(Step.REQUEST, Step.REQUEST.expected(), invalid.get().message(), invalid.get());
        }
        run.pass(Step.REQUEST, Step.REQUEST.expected(), "RoleSessionName " + request.roleSessionName()
                + ", DurationSeconds " + request.durationSeconds());
        Optional<String> accountId = RoleDirectory.accountOf(request.roleArn());
        if (accountId.isEmpty()) {
            // AWS's wording for a RoleArn that is not a role ARN (as AssumeRole answers it).
            return run.fail(Step.ROLE_ARN, Step.ROLE_ARN.expected(), request.roleArn() + " (Request ARN is invalid)",
                    new StsFailure(StsError.VALIDATION_ERROR, "Request ARN is invalid"));
        }
        run.pass(Step.ROLE_ARN, Step.ROLE_ARN.expected(), request.roleArn());
        Optional<AwsAccount> account = directory.account(accountId.get());
        String expectedIssuer = "an OIDC provider of account " + accountId.get() + ": " + account
                .map(a -> a.openIdConnectProviders().stream().map(OidcProviderConfig::url).toList().toString())
                .orElse("(account not configured)");
        return switch (token) {
            case TokenEvidence.Verified v -> {
                Verification.Verified ok = v.verification();
                run.pass(Step.FORMAT, Step.FORMAT.expected(), "a compact JWS");
                yield afterIssuer(run, Claims.of(ok.token()), account, expectedIssuer, request, directory, now, () -> {
                    run.pass(Step.SIGNATURE, expectedSignature(ok.issuer()), "verified with key kid=" + ok.keyId());
                    run.pass(Step.TIMES, expectedTimes(ok.issuer()), times(ok.token(), ok.issuer(), now));
                });
            }
            case TokenEvidence.Asserted a -> {
                run.pass(Step.FORMAT, Step.FORMAT.expected(), "not checked: claims given by the test case");
                Claims claims = Claims.of(a.claims());
                Optional<OidcProviderConfig> only = account.filter(x -> x.openIdConnectProviders().size() == 1)
                        .map(x -> x.openIdConnectProviders().get(0));
                // Without iss, the account's only provider is meant.
                Claims named = claims.issuer() == null && only.isPresent()
                        ? new Claims(only.get().url(), claims.subject(), claims.audiences(), claims.jti(), claims.all())
                        : claims;
                yield afterIssuer(run, named, account, expectedIssuer, request, directory, now, () -> {
                    run.pass(Step.SIGNATURE, Step.SIGNATURE.expected(), "not checked: claims given by the test case");
                    run.pass(Step.TIMES, Step.TIMES.expected(), "not checked: claims given by the test case");
                });
            }
            case TokenEvidence.Rejected r -> rejected(run, r, expectedIssuer, request, directory, now);
        };
    }

    private static AwsDecision rejected(Run run, TokenEvidence.Rejected r, String expectedIssuer,
            AssumeRoleRequest request, RoleDirectory directory, Instant now) {
        Verification.Rejected rejection = r.rejection();
        TokenFacts facts = rejection.facts();
        run.issuer = Optional.ofNullable(facts.issuer());
        StsFailure failure = AwsTokenError.of(rejection.reason()).failure(facts);
        String why = rejection.reason() + ": " + rejection.detail();
        if (FORMAT.contains(rejection.reason())) {
            return run.fail(Step.FORMAT, Step.FORMAT.expected(), why, failure);
        }
        run.pass(Step.FORMAT, Step.FORMAT.expected(), "a compact JWS");
        if (rejection.reason() == RejectionReason.UNKNOWN_ISSUER) {
            return run.fail(Step.ISSUER, expectedIssuer, "iss " + facts.issuer() + " (" + rejection.detail() + ")", failure);
        }
        run.pass(Step.ISSUER, expectedIssuer, "iss " + facts.issuer());
        String signature = r.issuer().map(AwsDecider::expectedSignature).orElse(Step.SIGNATURE.expected());
        if (!TIMES.contains(rejection.reason())) {
            return run.fail(Step.SIGNATURE, signature, why, failure);
        }
        run.pass(Step.SIGNATURE, signature, r.verifiedAtValidTime().map(v -> "verified with key kid=" + v.keyId())
                .orElse("verified"));
        AwsDecision refused = run.fail(Step.TIMES, r.issuer().map(AwsDecider::expectedTimes).orElse(Step.TIMES.expected()),
                timeFailure(rejection, r.issuer()), failure);
        if (r.verifiedAtValidTime().isEmpty()) {
            return refused;
        }
        // Only the times failed: show what the later checks say of these claims; the decision stands.
        AwsDecision later = decide(new TokenEvidence.Verified(r.verifiedAtValidTime().get()), request, directory, now);
        List<Check<Step>> checks = new ArrayList<>(refused.checks().subList(0, Step.TIMES.ordinal() + 1));
        checks.addAll(later.checks().subList(Step.TIMES.ordinal() + 1, later.checks().size()));
        return new AwsDecision(checks, refused.outcome(), later.trustPolicy(), later.issuer(), later.subject(),
                later.audience(), later.jti());
    }

    private static AwsDecision afterIssuer(Run run, Claims claims, Optional<AwsAccount> account, String expectedIssuer,
            AssumeRoleRequest request, RoleDirectory directory, Instant now, Runnable signatureAndTimes) {
        run.issuer = Optional.ofNullable(claims.issuer());
        run.jti = Optional.ofNullable(claims.jti());
        Optional<OidcProviderConfig> provider = account.flatMap(a -> claims.issuer() == null ? Optional.empty()
                : a.providerForIssuer(claims.issuer()));
        if (provider.isEmpty()) {
            String iss = claims.issuer() == null ? "(none)" : claims.issuer();
            return run.fail(Step.ISSUER, expectedIssuer, "iss " + iss, AwsTokenError.UNKNOWN_ISSUER.failure(
                    new TokenFacts(iss, claims.audiences(), null, null, null, now.getEpochSecond())));
        }
        run.pass(Step.ISSUER, expectedIssuer, "iss " + claims.issuer());
        signatureAndTimes.run();
        return afterToken(run, claims, account.get(), provider.get(), request, directory, now);
    }

    private static AwsDecision afterToken(Run run, Claims token, AwsAccount account, OidcProviderConfig provider,
            AssumeRoleRequest request, RoleDirectory directory, Instant now) {
        TokenFacts facts = new TokenFacts(token.issuer(), token.audiences(), null, null, null, now.getEpochSecond());
        // aud: any element of an array may be a client id of the provider.
        Optional<String> audience = token.audiences().stream().filter(provider.clientIds()::contains).findFirst();
        String expectedAud = "one of the provider's clientIds " + provider.clientIds();
        if (audience.isEmpty()) {
            return run.fail(Step.AUDIENCE, expectedAud, "aud " + token.audiences() + " (Incorrect token audience)",
                    AwsTokenError.INCORRECT_AUDIENCE.failure(facts));
        }
        run.audience = audience;
        run.pass(Step.AUDIENCE, expectedAud, "aud " + token.audiences());
        if (token.subject() == null) {
            return run.fail(Step.SUB, Step.SUB.expected(), "absent (Token has no sub claim)",
                    AwsTokenError.NO_SUB.failure(facts));
        }
        run.subject = Optional.of(token.subject());
        run.pass(Step.SUB, Step.SUB.expected(), "sub " + token.subject());
        // A missing role, once the provider is found, is AccessDenied.
        Optional<ResolvedRole> role = directory.role(request.roleArn());
        if (role.isEmpty()) {
            String missing = request.roleArn() + " does not exist; roles of account " + account.accountId() + ": "
                    + account.roles().values().stream().map(RoleConfig::arn).toList();
            return run.fail(Step.ROLE, Step.ROLE.expected(), missing, accessDenied(account, "role " + request.roleArn()
                    + " does not exist"));
        }
        int max = role.get().role().maxSessionDuration();
        run.pass(Step.ROLE, Step.ROLE.expected(), request.roleArn() + " (maxSessionDuration " + max + " s)");
        String expectedDuration = "DurationSeconds at most " + max;
        if (request.durationSeconds() > max) {
            return run.fail(Step.DURATION, expectedDuration, request.durationSeconds() + " > " + max,
                    StsFailure.of(StsError.DURATION_EXCEEDS_MAX_SESSION));
        }
        run.pass(Step.DURATION, expectedDuration, String.valueOf(request.durationSeconds()));
        SessionTags tags = WebIdentityContext.tags(token.all());
        SessionPolicies.Checked policies = SESSION_POLICIES.check(request, tags);
        if (policies instanceof SessionPolicies.Checked.Refused r) {
            return run.fail(Step.SESSION_POLICY, Step.SESSION_POLICY.expected(), r.failure().message(), r.failure());
        }
        run.pass(Step.SESSION_POLICY, Step.SESSION_POLICY.expected(), request.policy().isPresent()
                || !request.policyArns().isEmpty() ? "accepted" : "none");
        if (!tags.valid()) {
            String problems = String.join("; ", tags.problems());
            return run.fail(Step.SESSION_TAGS, Step.SESSION_TAGS.expected(), problems,
                    new StsFailure(StsError.INVALID_IDENTITY_TOKEN, "Invalid session tags in the token: " + problems));
        }
        run.pass(Step.SESSION_TAGS, Step.SESSION_TAGS.expected(), "tags " + tags.tags());
        Object sourceIdentityClaim = token.all().get(WebIdentityContext.SOURCE_IDENTITY_CLAIM);
        if (sourceIdentityClaim != null) {
            Optional<StsFailure> bad = SourceIdentity.check(sourceIdentityClaim);
            if (bad.isPresent()) {
                return run.fail(Step.SOURCE_IDENTITY, Step.SOURCE_IDENTITY.expected(), bad.get().message(), bad.get());
            }
            run.pass(Step.SOURCE_IDENTITY, Step.SOURCE_IDENTITY.expected(), String.valueOf(sourceIdentityClaim));
        }
        PolicyEvaluation evaluation = trustPolicy(role.get(), provider, token.all(), request, now);
        run.trustPolicy = Optional.of(evaluation);
        String expectedTrust = "Allow for " + WebIdentityContext.requiredActions(token.all()) + " by principal "
                + provider.providerArn();
        if (!evaluation.decision().allowed()) {
            return run.fail(Step.TRUST_POLICY, expectedTrust, evaluation.explanation().summary(),
                    accessDenied(account, evaluation.explanation().summary()));
        }
        run.pass(Step.TRUST_POLICY, expectedTrust, evaluation.explanation().summary());
        Optional<String> sourceIdentity = token.all().get(WebIdentityContext.SOURCE_IDENTITY_CLAIM) instanceof String s
                ? Optional.of(s) : Optional.empty();
        return run.allow(new AwsOutcome.Allowed(role.get(), provider, token.subject(), audience.get(), sourceIdentity,
                tags, ((SessionPolicies.Checked.Accepted) policies).packedPolicySize()));
    }

    /** The role's trust policy with the condition keys AWS offers for this provider. */
    private static PolicyEvaluation trustPolicy(ResolvedRole role, OidcProviderConfig provider, Map<String, Object> claims,
            AssumeRoleRequest request, Instant now) {
        WebIdentityFacts facts = new WebIdentityFacts(provider.url(), provider.providerArn(), claims,
                ConditionKeysMode.valueOf(role.account().conditionKeys().name()), request.sourceIp().orElse(null),
                request.userAgent().orElse(null), request.secureTransport(), now);
        return EVALUATOR.evaluate(role.trustPolicy(), AuthorizationRequest.federated(provider.providerArn(),
                WebIdentityContext.requiredActions(claims), WebIdentityContext.build(facts)));
    }

    /** AccessDenied with AWS's sentence; the decisive check is added when the account asks for it. */
    private static StsFailure accessDenied(AwsAccount account, String check) {
        return new StsFailure(StsError.ACCESS_DENIED, StsError.ACCESS_DENIED.message()
                + (account.explainDenials() ? " (Keyless: " + check + ")" : ""));
    }

    private static String expectedSignature(TrustedIssuer issuer) {
        return "alg in " + new TreeSet<>(issuer.allowedAlgorithms()) + ", signed by a key of " + issuer.issuer()
                + (issuer.requireKid() ? " (kid required)" : "");
    }

    private static String expectedTimes(TrustedIssuer issuer) {
        return "iat and nbf not after now, now before exp (leeway " + issuer.leeway().toSeconds()
                + " s), age at most " + issuer.maxTokenAge().toSeconds() + " s";
    }

    private static String times(VerifiedToken t, TrustedIssuer issuer, Instant at) {
        long now = at.getEpochSecond();
        long age = now - t.issuedAt().getEpochSecond();
        return "iat " + t.issuedAt() + " (" + (age >= 0 ? age + " s ago" : -age + " s in the future") + ")"
                + t.notBefore().map(n -> ", nbf " + n).orElse("") + ", exp " + t.expiresAt() + " (in "
                + (t.expiresAt().getEpochSecond() - now) + " s), now " + Instant.ofEpochSecond(now)
                + ", leeway " + issuer.leeway().toSeconds() + " s";
    }

    /** "expired N s ago" etc., measured from the decision's now. */
    private static String timeFailure(Verification.Rejected rejected, Optional<TrustedIssuer> issuer) {
        TokenFacts f = rejected.facts();
        long now = f.now();
        String head = switch (rejected.reason()) {
            case EXPIRED -> "expired " + (now - f.exp()) + " s ago";
            case NOT_YET_VALID -> "not valid for another " + (f.nbf() - now) + " s";
            case ISSUED_IN_FUTURE -> "issued " + (f.iat() - now) + " s in the future";
            case TOO_OLD -> "issued " + (now - f.iat()) + " s ago, older than "
                    + issuer.map(i -> i.maxTokenAge().toSeconds() + " s").orElse("the maximum age");
            default -> rejected.reason() + ": " + rejected.detail();
        };
        return head + " (" + instant("iat", f.iat()) + instant("nbf", f.nbf()) + instant("exp", f.exp())
                + "now " + Instant.ofEpochSecond(now) + issuer.map(i -> ", leeway " + i.leeway().toSeconds() + " s")
                .orElse("") + ")";
    }

    private static String instant(String name, Long epoch) {
        return epoch == null ? "" : name + " " + Instant.ofEpochSecond(epoch) + ", ";
    }

    /** The checks made so far and what the audit record will need. */
    private static final class Run {
        private final List<Check<Step>> checks = new ArrayList<>();
        private Optional<String> issuer = Optional.empty();
        private Optional<String> subject = Optional.empty();
        private Optional<String> audience = Optional.empty();
        private Optional<String> jti = Optional.empty();
        private Optional<PolicyEvaluation> trustPolicy = Optional.empty();

        void pass(Step step, String expected, String actual) {
            checks.add(new Check<>(step, CheckStatus.PASS, expected, actual));
        }

        AwsDecision fail(Step step, String expected, String actual, StsFailure failure) {
            Check<Step> decisive = new Check<>(step, CheckStatus.FAIL, expected, actual);
            checks.add(decisive);
            for (Step later : Step.values()) {
                if (later.ordinal() > step.ordinal()) {
                    checks.add(new Check<>(later, CheckStatus.NOT_REACHED, later.expected(),
                            "not checked: an earlier check failed"));
                }
            }
            return done(new AwsOutcome.Denied(decisive, failure));
        }

        AwsDecision allow(AwsOutcome.Allowed allowed) {
            return done(allowed);
        }

        private AwsDecision done(AwsOutcome outcome) {
            return new AwsDecision(checks, outcome, trustPolicy, issuer, subject, audience, jti);
        }
    }
}
