package dev.keyless.trust;

import dev.keyless.aws.policy.LintFinding;
import dev.keyless.config.GcpConfig;
import dev.keyless.config.GcpProject;
import dev.keyless.config.PoolProvider;
import dev.keyless.config.ServiceAccountConfig;
import dev.keyless.config.WorkloadIdentityPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trust rules for workload identity federation (IAM API, workload identity pools and providers; IAM principal identifiers). Google's own guidance
 * ("Best practices for using workload identity federation": use an attribute condition; do not grant
 * access to all identities of a pool) is what these encode:
 * <ul>
 *   <li>{@value #NO_CONDITION} (warning): a provider without {@code attributeCondition} gives a federated
 *       token to every token its issuer signs — every project on a shared GitLab.</li>
 *   <li>{@value #WHOLE_POOL} (error when some provider of the pool has no condition, else warning): a
 *       service account bound to {@code principalSet://…/*} may be impersonated by every identity of the pool.</li>
 * </ul>
 * A mapping or condition that does not compile is a config error, not a finding.
 */
public final class GcpTrustLinter {
    public static final String NO_CONDITION = "no-attribute-condition";
    public static final String WHOLE_POOL = "whole-pool-binding";

    private static final Pattern WHOLE_POOL_MEMBER = Pattern.compile(
            "principalSet://iam\\.googleapis\\.com/projects/([0-9]+)/locations/global/workloadIdentityPools/([^/]+)/\\*");

    public List<TrustFinding> lint(GcpConfig gcp) {
        List<TrustFinding> out = new ArrayList<>();
        for (GcpProject project : gcp.projects().values()) {
            for (WorkloadIdentityPool pool : project.pools().values()) {
                for (PoolProvider provider : pool.providers().values()) {
                    provider(project, pool, provider, out);
                }
            }
            for (ServiceAccountConfig sa : project.serviceAccounts().values()) {
                bindings(gcp, project, sa, out);
            }
        }
        return List.copyOf(out);
    }

    private static void provider(GcpProject project, WorkloadIdentityPool pool, PoolProvider provider,
            List<TrustFinding> out) {
        String at = TrustFinding.path(List.of("gcp", "projects", project.projectId(), "workloadIdentityPools", pool.id(),
                "providers", provider.id()));
        if (!hasCondition(provider)) {
            out.add(new TrustFinding(at, new LintFinding(LintFinding.Severity.WARNING, NO_CONDITION, "",
                    "provider " + provider.id() + " has no attributeCondition: every token " + provider.issuerUri()
                            + " issues (any project, any user) gets a federated token of pool " + pool.id()
                            + "; add one, e.g. assertion.namespace_path == \"mygroup\"")));
        }
    }

    private static void bindings(GcpConfig gcp, GcpProject project, ServiceAccountConfig sa, List<TrustFinding> out) {
        for (String role : ServiceAccountConfig.ROLES) {
            String at = TrustFinding.path(List.of("gcp", "projects", project.projectId(), "serviceAccounts", sa.name(),
                    "bindings", role));
            for (String member : sa.members(role)) {
                Matcher m = WHOLE_POOL_MEMBER.matcher(member);
                if (m.matches()) {
                    out.add(new TrustFinding(at, wholePool(gcp, m.group(1), m.group(2), sa, role)));
                }
            }
        }
    }

    private static LintFinding wholePool(GcpConfig gcp, String number, String poolId, ServiceAccountConfig sa,
            String role) {
        Optional<WorkloadIdentityPool> pool = gcp.projectByNumber(number).map(p -> p.pools().get(poolId));
        List<String> open = pool.map(p -> p.providers().values().stream().filter(v -> !hasCondition(v))
                .map(PoolProvider::id).toList()).orElse(List.of());
        String base = sa.email() + " grants " + role + " to every identity of pool " + poolId;
        if (!open.isEmpty()) {
            return new LintFinding(LintFinding.Severity.ERROR, WHOLE_POOL, "", base + ", and provider(s) " + open
                    + " have no attributeCondition: any token of their issuer can impersonate it; bind "
                    + "principalSet://…/attribute.project_path/GROUP/PROJECT instead");
        }
        return new LintFinding(LintFinding.Severity.WARNING, WHOLE_POOL, "", base
                + " (only the providers' attributeConditions stand in the way); bind a narrower principalSet");
    }

    /** A condition that is absent or literally {@code true} restricts nothing. */
    private static boolean hasCondition(PoolProvider provider) {
        return provider.attributeCondition().map(String::strip).filter(c -> !c.isEmpty() && !c.equals("true")).isPresent();
    }
}
