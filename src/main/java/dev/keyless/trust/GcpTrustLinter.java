package dev.keyless.trust;

import dev.keyless.aws.policy.LintFinding;
import dev.keyless.config.GcpConfig;
import dev.keyless.config.GcpProject;
import dev.keyless.config.PoolProvider;
import dev.keyless.config.ServiceAccountConfig;
import dev.keyless.config.WorkloadIdentityPool;
import dev.keyless.issuer.DiscoveryDocument;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
 *   <li>{@value #CLAIM_NOT_SENT} (warning): for a provider that trusts a GitLab issuer (Keyless's own, or a
 *       host named gitlab), a mapping or the condition reads {@code assertion.X} for a claim GitLab never
 *       puts in an ID token (GitLab docs, "OpenID Connect (OIDC) Authentication Using ID Tokens", token
 *       payload): the mapping fails or the condition is false for every job.</li>
 * </ul>
 * A mapping or condition that does not compile is a config error, not a finding.
 */
public final class GcpTrustLinter {
    public static final String NO_CONDITION = "no-attribute-condition";
    public static final String WHOLE_POOL = "whole-pool-binding";
    public static final String CLAIM_NOT_SENT = "claim-not-sent-by-gitlab";

    /**
     * Every claim of a GitLab CI ID token (GitLab docs, "OpenID Connect (OIDC) Authentication Using
     * ID Tokens", token payload): the ones Keyless's issuer builds, and {@code groups_direct} and
     * {@code user_identities}, which GitLab adds in some configurations.
     */
    static final Set<String> GITLAB_CLAIMS;

    static {
        Set<String> claims = new TreeSet<>(DiscoveryDocument.CLAIMS_SUPPORTED);
        claims.addAll(List.of("groups_direct", "user_identities"));
        GITLAB_CLAIMS = Set.copyOf(claims);
    }

    /** {@code assertion.name}, {@code assertion['name']}, {@code assertion["name"]} in CEL. */
    private static final Pattern ASSERTION_FIELD = Pattern.compile(
            "\\bassertion\\s*(?:\\.\\s*([A-Za-z_][A-Za-z0-9_]*)|\\[\\s*(?:'([^']*)'|\"([^\"]*)\")\\s*\\])");

    private static final Pattern WHOLE_POOL_MEMBER = Pattern.compile(
            "principalSet://iam\\.googleapis\\.com/projects/([0-9]+)/locations/global/workloadIdentityPools/([^/]+)/\\*");

    public List<TrustFinding> lint(GcpConfig gcp) {
        return lint(gcp, Set.of());
    }

    /** @param gitlabIssuers issuer URLs known to be GitLab-compatible (Keyless's own issuer) */
    public List<TrustFinding> lint(GcpConfig gcp, Set<String> gitlabIssuers) {
        List<TrustFinding> out = new ArrayList<>();
        for (GcpProject project : gcp.projects().values()) {
            for (WorkloadIdentityPool pool : project.pools().values()) {
                for (PoolProvider provider : pool.providers().values()) {
                    provider(project, pool, provider, out);
                    if (isGitlab(provider.issuerUri(), gitlabIssuers)) {
                        claimsNotSent(project, pool, provider, out);
                    }
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

    private static boolean isGitlab(String issuerUri, Set<String> gitlabIssuers) {
        String normalized = issuerUri.replaceAll("/+$", "");
        if (gitlabIssuers.stream().anyMatch(i -> i.replaceAll("/+$", "").equals(normalized))) {
            return true;
        }
        try {
            String host = URI.create(issuerUri).getHost();
            return host != null && host.toLowerCase(Locale.ROOT).contains("gitlab");
        } catch (IllegalArgumentException notAUri) {
            return false;
        }
    }

    private static void claimsNotSent(GcpProject project, WorkloadIdentityPool pool, PoolProvider provider,
            List<TrustFinding> out) {
        List<String> base = List.of("gcp", "projects", project.projectId(), "workloadIdentityPools", pool.id(),
                "providers", provider.id());
        provider.attributeMapping().forEach((target, expression) -> unknownClaims(expression).forEach(claim -> out.add(
                new TrustFinding(TrustFinding.path(concat(base, "attributeMapping", target)), new LintFinding(
                        LintFinding.Severity.WARNING, CLAIM_NOT_SENT, "", "GitLab never sends claim " + claim + ": "
                                + target + " = " + expression + " fails to map for every job (mapping errors refuse the "
                                + "exchange); known claims: " + GITLAB_CLAIMS)))));
        provider.attributeCondition().ifPresent(condition -> unknownClaims(condition).forEach(claim -> out.add(
                new TrustFinding(TrustFinding.path(concat(base, "attributeCondition")), new LintFinding(
                        LintFinding.Severity.WARNING, CLAIM_NOT_SENT, "", "GitLab never sends claim " + claim
                                + ": the attributeCondition reads it, so it is never true as written and every "
                                + "exchange is refused; known claims: " + GITLAB_CLAIMS)))));
    }

    /** The claims a CEL expression reads from {@code assertion} that GitLab does not send, in order. */
    static List<String> unknownClaims(String expression) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = ASSERTION_FIELD.matcher(expression);
        while (m.find()) {
            String claim = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            if (!GITLAB_CLAIMS.contains(claim)) {
                out.add(claim);
            }
        }
        return List.copyOf(out);
    }

    private static List<String> concat(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
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
