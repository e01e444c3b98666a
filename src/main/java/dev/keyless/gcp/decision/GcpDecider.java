package dev.keyless.gcp.decision;

import static dev.keyless.gcp.decision.CheckName.ATTRIBUTE_CONDITION;
import static dev.keyless.gcp.decision.CheckName.ATTRIBUTE_MAPPING;
import static dev.keyless.gcp.decision.CheckName.AUDIENCE;
import static dev.keyless.gcp.decision.CheckName.PROVIDER;
import static dev.keyless.gcp.decision.CheckName.SERVICE_ACCOUNT_BINDING;

import dev.keyless.config.ServiceAccountConfig;
import dev.keyless.config.WorkloadIdentityPool;
import dev.keyless.gcp.decision.GcpDecision.ServiceAccountGrant;
import dev.keyless.gcp.decision.GcpDirectory.ProviderEntry;
import dev.keyless.gcp.decision.TokenChecks.Claims;
import dev.keyless.gcp.iam.BindingDecision;
import dev.keyless.gcp.iam.BindingEvaluator;
import dev.keyless.gcp.iam.FederatedToken;
import dev.keyless.gcp.iam.IamPermission;
import dev.keyless.gcp.iam.IamPolicy;
import dev.keyless.gcp.iam.Principals;
import dev.keyless.gcp.mapping.MappingOutcome;
import dev.keyless.gcp.mapping.MappingTrace;
import dev.keyless.gcp.sts.ExchangeResponse;
import dev.keyless.gcp.sts.GoogleRpcError;
import dev.keyless.gcp.sts.ProviderAudience;
import dev.keyless.gcp.sts.StsError;
import dev.keyless.redaction.Fingerprints;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The GCP decision, written once. A token exchange, in the order of Google's STS: the audience
 * names an enabled pool and provider, the token (issuer, signature, times), its {@code aud}, the
 * attribute mapping, the attribute condition; then, for a service account, IAM Credentials'
 * {@code roles/iam.workloadIdentityUser} (or {@code serviceAccountTokenCreator}) binding to one of
 * the caller's principals. Pure: the directory, the token evidence and the instant are inputs.
 */
public final class GcpDecider {
    private static final BindingEvaluator BINDINGS = new BindingEvaluator();

    private GcpDecider() {
    }

    /** {@code POST /v1/token}, then {@code generateAccessToken} when the request names a service account. */
    public static GcpDecision exchange(GcpDirectory directory, DecisionRequest request, TokenEvidence evidence,
                                       Instant now) {
        DecisionRun run = new DecisionRun(request.serviceAccount().isPresent());
        Optional<ProviderEntry> found = directory.provider(request.audience());
        if (found.isEmpty() || !found.get().enabled()) {
            String why = unavailable(directory, request.audience(), found);
            run.fail(PROVIDER, PROVIDER.expectation(), why + " (invalid_target)", StsError.TARGET_UNAVAILABLE.with(), why);
            return run.stop();
        }
        ProviderEntry entry = found.get();
        run.pass(PROVIDER, PROVIDER.expectation(), entry.resourceName());
        Optional<Claims> claims = TokenChecks.run(run, entry, evidence, now);
        if (claims.isEmpty() || !audience(run, entry, claims.get())) {
            return run.stop();
        }
        MappingOutcome mapped = entry.mapping().apply(claims.get().all());
        run.mapping = Optional.of(mapped.trace());
        if (!(mapped instanceof MappingOutcome.Mapped m)) {
            mappingRefused(run, mapped);
            return run.stop();
        }
        run.pass(ATTRIBUTE_MAPPING, ATTRIBUTE_MAPPING.expectation(), values(m.trace()));
        m.trace().condition().ifPresentOrElse(
                c -> run.pass(ATTRIBUTE_CONDITION, c.expression() + " is true", "result " + c.result()),
                () -> run.pass(ATTRIBUTE_CONDITION, "a condition, when the provider has one", "no attributeCondition"));
        Principals principals = Principals.of(entry.workloadPool(), m);
        run.principals = principals.all();
        Optional<ServiceAccountGrant> grant = Optional.empty();
        if (request.serviceAccount().isPresent()) {
            grant = bind(run, directory, principals, request.serviceAccount().get(), IamPermission.GET_ACCESS_TOKEN);
        }
        if (run.failed()) {
            return run.stop();
        }
        FederatedToken federated = federated(entry, m, principals, claims.get(), request.scopes(), now);
        return run.allow(new GcpDecision.Allowed(principals.principal(), Optional.of(federated), grant));
    }

    /** IAM Credentials alone: may the holder of a federated token use {@code permission} on the account? */
    public static GcpDecision impersonation(GcpDirectory directory, FederatedToken caller, String serviceAccount,
                                            IamPermission permission) {
        DecisionRun run = new DecisionRun(true);
        run.principals = caller.principals().all();
        Optional<ServiceAccountGrant> grant = bind(run, directory, caller.principals(), serviceAccount, permission);
        return grant.map(g -> run.allow(new GcpDecision.Allowed(caller.principal(), Optional.empty(), Optional.of(g))))
                .orElseGet(run::stop);
    }

    private static String unavailable(GcpDirectory directory, ProviderAudience audience, Optional<ProviderEntry> found) {
        if (found.isPresent()) {
            return found.get().pool().disabled() ? "pool " + found.get().pool().id() + " is disabled"
                    : "provider " + found.get().provider().id() + " is disabled";
        }
        Optional<WorkloadIdentityPool> pool = directory.pool(audience.projectNumber(), audience.poolId());
        return "no provider " + audience.providerResourceName() + " is configured (" + pool
                .map(p -> "pool " + p.id() + " has providers " + p.providers().keySet())
                .orElse("no pool " + audience.poolId() + " in project number " + audience.projectNumber()) + ")";
    }

    private static boolean audience(DecisionRun run, ProviderEntry entry, Claims claims) {
        List<String> accepted = entry.acceptedAudiences();
        String expected = "one of " + accepted;
        if (claims.audiences().isEmpty()) {
            run.notChecked(AUDIENCE, expected, "no aud in the claims given");
            return true;
        }
        List<String> aud = claims.audiences().get();
        if (aud.stream().anyMatch(accepted::contains)) {
            run.pass(AUDIENCE, expected, "aud " + aud);
            return true;
        }
        run.fail(AUDIENCE, expected, "aud " + aud, StsError.AUDIENCE_MISMATCH.with("[" + String.join(", ", aud) + "]"),
                "token aud " + aud + " is not an accepted audience");
        return false;
    }

    private static void mappingRefused(DecisionRun run, MappingOutcome mapped) {
        switch (mapped) {
            case MappingOutcome.MappingFailed f -> run.fail(ATTRIBUTE_MAPPING, ATTRIBUTE_MAPPING.expectation(),
                    values(f.trace()) + " (" + f.detail() + ")", StsError.of(f), f.detail());
            case MappingOutcome.ConditionRejected r -> {
                run.pass(ATTRIBUTE_MAPPING, ATTRIBUTE_MAPPING.expectation(), values(r.trace()));
                MappingTrace.Evaluated c = r.trace().condition().orElseThrow();
                run.fail(ATTRIBUTE_CONDITION, c.expression() + " is true", c.failed() ? c.result()
                        : "result " + c.result(), StsError.CONDITION_REJECTED.with(), r.detail());
            }
            case MappingOutcome.Mapped m -> throw new IllegalArgumentException("not a refusal");
        }
    }

    /** {@code google.subject="…", attribute.x="…"}: each mapping target and its value. */
    static String values(MappingTrace trace) {
        return trace.targets().stream().map(t -> t.target() + "=" + t.result()).collect(Collectors.joining(", "));
    }

    private static Optional<ServiceAccountGrant> bind(DecisionRun run, GcpDirectory directory, Principals principals,
                                                      String serviceAccount, IamPermission permission) {
        String expected = "a binding on " + serviceAccount + " granting " + permission.permissionName()
                + " to one of the caller's principals";
        GoogleRpcError denied = GoogleRpcError.permissionDenied(permission.permissionName());
        Optional<ServiceAccountConfig> account = directory.serviceAccount(serviceAccount);
        if (account.isEmpty()) {
            // 403 like a missing binding: the answer does not reveal which accounts exist ("or it may not exist").
            run.bindings = Optional.of(new GcpDecision.BindingTrace(serviceAccount, permission, java.util.Map.of(), Optional.empty()));
            String why = "no service account " + serviceAccount + " is configured";
            run.fail(SERVICE_ACCOUNT_BINDING, expected, why, denied, why);
            return Optional.empty();
        }
        ServiceAccountConfig sa = account.get();
        BindingDecision decision = BINDINGS.evaluate(new IamPolicy(sa.bindings()), principals, permission);
        run.bindings = Optional.of(new GcpDecision.BindingTrace(sa.email(), permission, sa.bindings(), Optional.of(decision)));
        return switch (decision) {
            case BindingDecision.Granted g -> {
                run.pass(SERVICE_ACCOUNT_BINDING, expected, "granted: " + g.role() + " → " + g.member());
                yield Optional.of(new ServiceAccountGrant(sa, g.role(), g.member()));
            }
            case BindingDecision.Denied d -> {
                run.fail(SERVICE_ACCOUNT_BINDING, expected, "no binding of " + d.grantingRoles() + " names one of the "
                        + "caller's " + d.checkedMembers().size() + " principals", denied,
                        "no binding of " + d.grantingRoles() + " on " + sa.email() + " names any of " + d.checkedMembers());
                yield Optional.empty();
            }
        };
    }

    /** What the access token will carry; a test case without {@code exp} gets the pool's session cap. */
    private static FederatedToken federated(ProviderEntry entry, MappingOutcome.Mapped mapped, Principals principals,
                                            Claims claims, List<String> scopes, Instant now) {
        Instant subjectExpiry = claims.expiresAt().orElse(now.plus(Duration.ofHours(12)));
        long expiresIn = ExchangeResponse.expiresIn(now, subjectExpiry, entry.pool().sessionDuration());
        return new FederatedToken(entry.workloadPool().projectNumber(), entry.workloadPool().poolId(),
                entry.provider().id(), mapped.subject(), principals.principal(), principals.principalSets(),
                mapped.attributes(), now, now.plusSeconds(expiresIn), scopes, claims.issuer().orElse(""),
                claims.jti().map(Fingerprints::sha256Prefix).orElse(""));
    }
}
