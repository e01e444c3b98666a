package dev.keyless.aws.iam;

import dev.keyless.aws.policy.AuthorizationRequest;
import dev.keyless.aws.policy.ConditionContext;
import dev.keyless.aws.policy.Decision;
import dev.keyless.aws.policy.PolicyDocument;
import dev.keyless.aws.policy.PolicyEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a session may call an IAM action on a resource, by IAM's evaluation logic for identity
 * policies (IAM User Guide, "Policy evaluation logic"): an explicit {@code Deny} in any policy wins;
 * otherwise some identity policy must allow; a session policy, when the session has one, must
 * allow too (it limits, never grants). Statements are matched by the same {@link PolicyEvaluator}
 * that evaluates trust policies (Action/NotAction, Resource/NotResource with wildcards, Conditions).
 * Pure.
 */
public final class IamPermissions {
    private static final PolicyEvaluator EVALUATOR = new PolicyEvaluator();
    /**
     * The AWS managed policies whose meaning Keyless knows (AWS Managed Policy Reference,
     * AdministratorAccess and IAMFullAccess, reduced to what concerns this API); any other attached
     * ARN grants nothing here.
     */
    static final Map<String, String> MANAGED = Map.of(
            "AdministratorAccess", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
            "IAMFullAccess", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:*\",\"Resource\":\"*\"}]}",
            "IAMReadOnlyAccess", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iam:Get*\",\"iam:List*\"],\"Resource\":\"*\"}]}");

    private IamPermissions() {}

    /** The outcome and the sentence AWS appends to an explicit denial. */
    public record Verdict(Decision decision, String detail) {
        public Verdict {
            Objects.requireNonNull(decision, "decision");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Compiled identity policies of a role: its inline policies, then the managed ones Keyless knows. */
    public static List<PolicyDocument> identityPolicies(Map<String, String> inline, List<String> attachedArns) {
        List<PolicyDocument> out = new ArrayList<>();
        inline.values().forEach(text -> out.add(IamService.compile(text)));
        for (String arn : attachedArns) {
            if (arn.matches("arn:aws[a-z-]*:iam::aws:policy/[^/]+")) {
                Optional.ofNullable(MANAGED.get(arn.substring(arn.lastIndexOf('/') + 1)))
                        .ifPresent(text -> out.add(IamService.compile(text)));
            }
        }
        return out;
    }

    public static Verdict decide(List<PolicyDocument> identity, Optional<PolicyDocument> session, String principalArn,
            String action, String resource, ConditionContext context) {
        AuthorizationRequest request = new AuthorizationRequest(principalArn, "AWS", List.of(action), resource, context);
        boolean allowed = false;
        for (PolicyDocument p : identity) {
            Decision d = EVALUATOR.evaluate(p, request).decision();
            if (d instanceof Decision.ExplicitDeny) {
                return new Verdict(d, " with an explicit deny in an identity-based policy");
            }
            allowed |= d.allowed();
        }
        if (session.isPresent()) {
            Decision d = EVALUATOR.evaluate(session.get(), request).decision();
            if (d instanceof Decision.ExplicitDeny) {
                return new Verdict(d, " with an explicit deny in a session policy");
            }
            if (!d.allowed()) {
                return new Verdict(new Decision.ImplicitDeny("the session policy allows no " + action),
                        " because no session policy allows the " + action + " action");
            }
        }
        return allowed ? new Verdict(new Decision.Allow(), "")
                : new Verdict(new Decision.ImplicitDeny("no identity-based policy allows " + action),
                        " because no identity-based policy allows the " + action + " action");
    }
}
