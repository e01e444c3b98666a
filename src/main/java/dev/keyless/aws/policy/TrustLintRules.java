package dev.keyless.aws.policy;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The per-condition rules of {@link TrustPolicyLinter}. */
final class TrustLintRules {
    private TrustLintRules() {}

    /**
     * {@code StringLike} on {@code :sub} with a wildcard in the project or namespace part: GitLab's
     * {@code project_path:GROUP/PROJECT:ref_type:…} or GitHub's {@code repo:OWNER/REPO:…} (or a bare
     * {@code *}) lets every project of the group, or of the instance, assume the role.
     */
    static void wildcardInSub(Statement s, Condition c, List<LintFinding> out) {
        if (s.effect() != Effect.ALLOW || c.operator() != ConditionOperator.STRING_LIKE
                || !c.key().toLowerCase(Locale.ROOT).endsWith(":sub")) {
            return;
        }
        for (String v : c.rawValues()) {
            String project = projectPart(v);
            if (project.contains("*") || project.contains("?")) {
                out.add(new LintFinding(LintFinding.Severity.ERROR, TrustPolicyLinter.WILDCARD_PROJECT, s.label(),
                        "StringLike " + c.key() + " value '" + v + "' has a wildcard in the project/namespace part ('"
                                + project + "'): any project matching it can assume the role; name the project exactly"));
            }
        }
    }

    private static String projectPart(String sub) {
        for (String head : List.of("project_path:", "repo:")) {
            if (sub.startsWith(head)) {
                String rest = sub.substring(head.length());
                int colon = rest.indexOf(':');
                return colon < 0 ? rest : rest.substring(0, colon);
            }
        }
        int colon = sub.indexOf(':');
        return colon < 0 ? sub : sub.substring(0, colon);
    }

    /** {@code StringEquals} compares literally: a {@code *} or {@code ?} in its value is almost surely meant as StringLike. */
    static void wildcardInEquals(Statement s, Condition c, List<LintFinding> out) {
        if (c.operator().kind() != ValueKind.STRING && c.operator().kind() != ValueKind.STRING_IGNORE_CASE) {
            return;
        }
        for (PolicyValue v : c.values()) {
            boolean wild = v.parts().stream().anyMatch(p -> p instanceof PolicyValue.Text t
                    && (t.text().contains("*") || t.text().contains("?")));
            if (wild) {
                out.add(new LintFinding(LintFinding.Severity.WARNING, TrustPolicyLinter.WILDCARD_IN_EQUALS, s.label(),
                        c.operator().wire() + " " + c.key() + " value '" + v.raw()
                                + "' contains * or ?, which " + c.operator().wire()
                                + " compares literally; use StringLike for a pattern"));
            }
        }
    }

    /**
     * A provider key AWS does not offer [IAM User Guide, condition keys for web identity federation: "Custom claims are not exposed"]: the
     * key is always absent in AWS, so the condition's result is fixed. We compute it by evaluating the
     * condition with the key absent.
     */
    static void keyNotProvided(Statement s, Condition c, Set<String> prefixes, List<LintFinding> out) {
        TrustPolicyLinter.claimOf(c.key(), prefixes).ifPresent(claim -> {
            String lower = claim.toLowerCase(Locale.ROOT);
            boolean google = c.key().toLowerCase(Locale.ROOT).startsWith(WebIdentityContext.GOOGLE + ":");
            if (WebIdentityContext.AWS_OIDC_CLAIMS.contains(lower) || (google && lower.equals("oaud"))) {
                return;
            }
            boolean always = ConditionEvaluator.evaluate(c, ConditionContext.empty()).result();
            String how = !always ? "always false in AWS"
                    : c.ifExists() ? "always true with IfExists" : "always true in AWS";
            out.add(new LintFinding(LintFinding.Severity.ERROR, TrustPolicyLinter.KEY_NOT_PROVIDED, s.label(),
                    "AWS does not provide " + c.key() + " (only aud, sub, amr and azp of OIDC tokens): " + c.operatorName()
                            + " on it is " + how + (always ? ", so it restricts nothing" : ", so the statement never applies")));
        });
    }

    /**
     * With {@code conditionKeys: extended} Keyless evaluates every claim of the token, but AWS
     * provides only aud, sub, amr and azp of an OIDC token (IAM User Guide, "Available keys for AWS
     * OIDC federation"): on AWS a condition on another claim sees the key absent. When that makes
     * the condition false in an Allow, the statement never applies on AWS, so the same policy that
     * Keyless allows would be denied there every time; the finding says so.
     */
    static void extendedKeyDeniedByAws(Statement s, Condition c, Set<String> prefixes, List<LintFinding> out) {
        if (s.effect() != Effect.ALLOW) {
            return;
        }
        TrustPolicyLinter.claimOf(c.key(), prefixes).ifPresent(claim -> {
            String lower = claim.toLowerCase(Locale.ROOT);
            if (WebIdentityContext.AWS_OIDC_CLAIMS.contains(lower)) {
                return;
            }
            if (!ConditionEvaluator.evaluate(c, ConditionContext.empty()).result()) {
                out.add(new LintFinding(LintFinding.Severity.WARNING, TrustPolicyLinter.EXTENDED_DENIED_BY_AWS, s.label(),
                        "conditionKeys: extended lets Keyless read " + c.key() + " from the token, but real AWS provides "
                                + "only aud, sub, amr and azp: there " + c.operatorName() + " on it is always false, so "
                                + "this statement never applies and real AWS would always deny it; the policy works "
                                + "only with Keyless (put the claim in sub, or use conditionKeys: aws to check)"));
            }
        });
    }
}
