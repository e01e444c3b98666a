package dev.keyless.aws.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Unsafe trust-policy patterns, reported by {@code keyless lint}. Pure: the caller
 * passes the role name and the account's web-identity provider URLs, and prints the findings.
 */
public final class TrustPolicyLinter {
    public static final String NO_SUB = "no-sub-condition";
    public static final String NO_AUD = "no-aud-condition";
    public static final String WILDCARD_PROJECT = "wildcard-project-in-sub";
    public static final String FOR_ALL_VALUES_ALLOW = "for-all-values-in-allow";
    public static final String KEY_NOT_PROVIDED = "key-not-provided-by-aws";
    public static final String WILDCARD_IN_EQUALS = "wildcard-in-string-equals";
    public static final String ACTION_NOT_WEB_IDENTITY = "action-not-assume-role-with-web-identity";
    public static final String EXTENDED_DENIED_BY_AWS = "extended-key-denied-by-aws";
    private static final String WEB_IDENTITY_ACTION = "sts:AssumeRoleWithWebIdentity";

    private static final Set<String> BUILT_IN = Set.of(WebIdentityContext.GOOGLE, "graph.facebook.com",
            "www.amazon.com", "cognito-identity.amazonaws.com");

    public List<LintFinding> lint(PolicyDocument policy, String roleName, List<String> webIdentityProviderUrls,
            ConditionKeysMode mode) {
        List<LintFinding> out = new ArrayList<>();
        Set<String> accountPrefixes = new LinkedHashSet<>();
        webIdentityProviderUrls.forEach(u -> accountPrefixes.add(lower(WebIdentityContext.providerKeyPrefix(u))));
        for (Statement s : policy.statements()) {
            List<String> providers = providerPrefixes(s);
            Set<String> prefixes = new LinkedHashSet<>(accountPrefixes);
            providers.forEach(p -> prefixes.add(lower(p)));
            if (s.effect() == Effect.ALLOW && !providers.isEmpty()) {
                actionCheck(s, roleName, out);
            }
            if (s.effect() == Effect.ALLOW) {
                for (String provider : providers) {
                    bindingChecks(s, provider, mode, roleName, out);
                }
                s.conditions().stream().filter(c -> c.qualifier() == Condition.SetQualifier.FOR_ALL_VALUES).forEach(c ->
                        out.add(new LintFinding(LintFinding.Severity.ERROR, FOR_ALL_VALUES_ALLOW, s.label(),
                                "ForAllValues in an Allow is true when " + c.key()
                                        + " is absent or empty; use ForAnyValue, or add a Null condition requiring the key")));
            }
            for (Condition c : s.conditions()) {
                TrustLintRules.wildcardInSub(s, c, out);
                TrustLintRules.wildcardInEquals(s, c, out);
                if (mode == ConditionKeysMode.AWS) {
                    TrustLintRules.keyNotProvided(s, c, prefixes, out);
                } else {
                    TrustLintRules.extendedKeyDeniedByAws(s, c, prefixes, out);
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * A web-identity (OIDC) principal can only use {@code sts:AssumeRoleWithWebIdentity}: AWS
     * authorizes that action for a federated web identity, never {@code sts:AssumeRole} (IAM User
     * Guide, "Create a role for OpenID Connect federation"; the STS API Reference,
     * AssumeRoleWithWebIdentity). A statement allowing only other actions grants this principal nothing.
     */
    private static void actionCheck(Statement s, String roleName, List<LintFinding> out) {
        s.actions().filter(a -> !a.matches(WEB_IDENTITY_ACTION)).ifPresent(a -> out.add(new LintFinding(
                LintFinding.Severity.ERROR, ACTION_NOT_WEB_IDENTITY, s.label(), "role " + roleName + " allows "
                        + (a.negated() ? "NotAction " : "Action ") + a.patterns() + " to a web-identity (OIDC) provider, which can "
                        + "only call " + WEB_IDENTITY_ACTION + (a.matches("sts:AssumeRole") ? " (sts:AssumeRole is never "
                        + "usable with OIDC)" : "") + ": this statement allows nothing; use Action: " + WEB_IDENTITY_ACTION)));
    }

    private static void bindingChecks(Statement s, String provider, ConditionKeysMode mode, String roleName,
            List<LintFinding> out) {
        Set<String> subKeys = new LinkedHashSet<>(List.of(":sub"));
        if (mode == ConditionKeysMode.EXTENDED) {
            subKeys.addAll(List.of(":project_path", ":project_id")); // GitLab claims that also name the project
        }
        boolean sub = subKeys.stream().anyMatch(k -> constrains(s, provider + k));
        if (!sub) {
            out.add(new LintFinding(LintFinding.Severity.ERROR, NO_SUB, s.label(), "role " + roleName
                    + " allows any identity of " + provider + ": add a condition on " + provider + ":sub"));
        }
        if (!constrains(s, provider + ":aud")) {
            out.add(new LintFinding(LintFinding.Severity.WARNING, NO_AUD, s.label(), "role " + roleName
                    + " does not check " + provider + ":aud: any token audience registered for the provider is accepted"));
        }
    }

    /** A positive, non-IfExists condition on the key (negated operators and IfExists accept an absent key). */
    private static boolean constrains(Statement s, String key) {
        return s.conditions().stream().anyMatch(c -> c.key().equalsIgnoreCase(key) && !c.operator().negated()
                && !c.ifExists() && c.operator() != ConditionOperator.NULL
                && c.qualifier() != Condition.SetQualifier.FOR_ALL_VALUES);
    }

    /** Federated principals that are web-identity providers, as condition-key prefixes. */
    static List<String> providerPrefixes(Statement s) {
        List<String> out = new ArrayList<>();
        for (String f : s.principals().filter(p -> !p.negated()).map(PrincipalSpec::federated).orElse(List.of())) {
            int at = f.indexOf(":oidc-provider/");
            if (f.startsWith("arn:") && at > 0) {
                out.add(f.substring(at + ":oidc-provider/".length()));
            } else if (BUILT_IN.contains(f)) {
                out.add(f);
            }
        }
        return out;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    static Optional<String> claimOf(String key, Set<String> prefixes) {
        String k = lower(key);
        for (String p : prefixes) {
            if (k.startsWith(p + ":")) {
                return Optional.of(key.substring(p.length() + 1));
            }
        }
        return Optional.empty();
    }
}
