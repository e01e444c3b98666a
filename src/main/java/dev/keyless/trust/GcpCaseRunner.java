package dev.keyless.trust;

import dev.keyless.config.GcpProject;
import dev.keyless.config.KeylessConfig;
import dev.keyless.config.PoolProvider;
import dev.keyless.config.ServiceAccountConfig;
import dev.keyless.config.WorkloadIdentityPool;
import dev.keyless.gcp.iam.BindingDecision;
import dev.keyless.gcp.iam.BindingEvaluator;
import dev.keyless.gcp.iam.IamPermission;
import dev.keyless.gcp.iam.IamPolicy;
import dev.keyless.gcp.iam.Principals;
import dev.keyless.gcp.iam.WorkloadPool;
import dev.keyless.gcp.mapping.AttributeMapping;
import dev.keyless.gcp.mapping.MappingCompileException;
import dev.keyless.gcp.mapping.MappingOutcome;
import dev.keyless.gcp.sts.AudienceRules;
import dev.keyless.gcp.sts.OAuthError;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides a GCP case as the STS and IAM Credentials do after the token is verified
 * (IAM API, workload identity pools and providers; IAM principal identifiers): {@code iss} and {@code aud} when the case gives them, the provider's
 * attribute mapping and condition, then — with a service account — its {@code workloadIdentityUser}
 * bindings against the mapped principals ({@code getAccessToken}).
 */
final class GcpCaseRunner {
    private static final Pattern PROVIDER = Pattern.compile(
            "(?://iam\\.googleapis\\.com/)?projects/([0-9]+)/locations/global/workloadIdentityPools/([^/]+)/providers/([^/]+)");

    private final KeylessConfig config;
    private final BindingEvaluator bindings = new BindingEvaluator();

    GcpCaseRunner(KeylessConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    CaseOutcome run(TrustCase.GcpProvider target, Map<String, Object> claims) {
        Matcher m = PROVIDER.matcher(target.providerName());
        if (!m.matches()) {
            return new CaseOutcome.Unresolved("provider " + target.providerName() + " is not a provider name "
                    + "(//iam.googleapis.com/projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/ID)");
        }
        Optional<GcpProject> project = config.gcp().projectByNumber(m.group(1));
        Optional<WorkloadIdentityPool> pool = project.map(p -> p.pools().get(m.group(2)));
        Optional<PoolProvider> provider = pool.map(p -> p.providers().get(m.group(3)));
        if (provider.isEmpty()) {
            return new CaseOutcome.Unresolved("no provider " + target.providerName() + " in the config (project number "
                    + m.group(1) + (project.isEmpty() ? " unknown" : pool.isEmpty() ? ", pool " + m.group(2) + " unknown"
                    : ", pool " + m.group(2) + " has providers " + pool.get().providers().keySet()) + ")");
        }
        if (pool.get().disabled() || provider.get().disabled()) {
            return CaseOutcome.deny("disabled", "The pool or provider is disabled.\n");
        }
        String name = "projects/" + m.group(1) + "/locations/global/workloadIdentityPools/" + m.group(2)
                + "/providers/" + m.group(3);
        return tokenChecks(provider.get(), name, claims)
                .orElseGet(() -> mapAndBind(target, new WorkloadPool(Long.parseLong(m.group(1)), m.group(2)),
                        provider.get(), name, claims));
    }

    /** {@code iss} and {@code aud} are checked only when the case gives them: cases are about the mapping and bindings. */
    private static Optional<CaseOutcome> tokenChecks(PoolProvider provider, String name, Map<String, Object> claims) {
        Object iss = claims.get("iss");
        if (iss != null && !provider.issuerUri().equals(String.valueOf(iss))) {
            OAuthError e = OAuthError.issuerMismatch(String.valueOf(iss), provider.issuerUri());
            return Optional.of(CaseOutcome.deny(e.description(), e.code().wire() + ": " + e.description() + "\n"));
        }
        Object aud = claims.get("aud");
        if (aud == null) {
            return Optional.empty();
        }
        List<String> auds = aud instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(aud));
        return AudienceRules.check(auds, provider.allowedAudiences(), name)
                .map(e -> CaseOutcome.deny(e.description(), e.code().wire() + ": " + e.description() + "\n"));
    }

    private CaseOutcome mapAndBind(TrustCase.GcpProvider target, WorkloadPool pool, PoolProvider provider, String name,
            Map<String, Object> claims) {
        MappingOutcome outcome;
        try {
            outcome = AttributeMapping.compile(name, provider.attributeMapping(), provider.attributeCondition()).apply(claims);
        } catch (MappingCompileException e) {
            return new CaseOutcome.Unresolved("the mapping of " + name + " does not compile: " + String.join("; ", e.problems()));
        }
        String trace = GcpTrace.mapping(outcome.traceForExplain());
        return switch (outcome) {
            case MappingOutcome.MappingFailed f -> CaseOutcome.deny(f.detail(), trace + "Mapping failed: " + f.detail() + "\n");
            case MappingOutcome.ConditionRejected r -> CaseOutcome.deny(r.detail(), trace + "Rejected: " + r.detail() + "\n");
            case MappingOutcome.Mapped mapped -> target.serviceAccount()
                    .map(email -> impersonate(email, Principals.of(pool, mapped), trace))
                    .orElseGet(() -> CaseOutcome.allow("federated token for " + mapped.subject(), trace));
        };
    }

    private CaseOutcome impersonate(String email, Principals principals, String trace) {
        Optional<ServiceAccountConfig> sa = config.gcp().projects().values().stream()
                .flatMap(p -> p.serviceAccount(email).stream()).findFirst();
        if (sa.isEmpty()) {
            return new CaseOutcome.Unresolved("service account " + email + " is not in the config");
        }
        BindingDecision d = bindings.evaluate(new IamPolicy(sa.get().bindings()), principals, IamPermission.GET_ACCESS_TOKEN);
        String text = trace + GcpTrace.bindings(email, sa.get().bindings(), d);
        return switch (d) {
            case BindingDecision.Granted g -> CaseOutcome.allow(g.role() + " granted to " + g.member(), text);
            case BindingDecision.Denied x -> CaseOutcome.deny("Permission '" + x.permission().permissionName()
                    + "' denied on " + email, text);
        };
    }
}
