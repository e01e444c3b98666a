package dev.keyless.aws.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.aws.policy.ConditionContext;
import dev.keyless.aws.policy.Decision;
import dev.keyless.aws.policy.PolicyDocument;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** IAM's evaluation for identity policies (IAM User Guide, "Policy evaluation logic"), as the IAM API authorises sessions. */
class IamPermissionsTest {
    private static final String ROLE = "arn:aws:iam::444455556666:role/app";

    private static PolicyDocument policy(String statements) {
        return IamService.compile("{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}");
    }

    private static Decision decide(List<PolicyDocument> identity, Optional<PolicyDocument> session, String action,
            String resource) {
        return IamPermissions.decide(identity, session, "arn:aws:sts::444455556666:assumed-role/t/s", action, resource,
                ConditionContext.empty()).decision();
    }

    @Test
    void explicitDenyInAnyPolicyWinsOverAnAllowInAnother() {
        List<PolicyDocument> identity = List.of(policy("{\"Effect\":\"Allow\",\"Action\":\"iam:*\",\"Resource\":\"*\"}"),
                policy("{\"Effect\":\"Deny\",\"NotAction\":\"iam:Get*\",\"Resource\":\"" + ROLE + "\"}"));

        assertThat(decide(identity, Optional.empty(), "iam:DeleteRole", ROLE)).isInstanceOf(Decision.ExplicitDeny.class);
        assertThat(decide(identity, Optional.empty(), "iam:GetRole", ROLE)).isInstanceOf(Decision.Allow.class);
        assertThat(decide(identity, Optional.empty(), "iam:DeleteRole", ROLE + "x")).isInstanceOf(Decision.Allow.class);
    }

    @Test
    void notResourceAndNoPolicyAndSessionPolicyLimit() {
        List<PolicyDocument> identity = List.of(policy(
                "{\"Effect\":\"Allow\",\"Action\":\"iam:*Role*\",\"NotResource\":\"arn:aws:iam::*:role/admin-*\"}"));

        assertThat(decide(identity, Optional.empty(), "iam:CreateRole", ROLE)).isInstanceOf(Decision.Allow.class);
        assertThat(decide(identity, Optional.empty(), "iam:CreateRole", "arn:aws:iam::1:role/admin-x"))
                .isInstanceOf(Decision.ImplicitDeny.class);
        assertThat(decide(List.of(), Optional.empty(), "iam:GetRole", ROLE)).isInstanceOf(Decision.ImplicitDeny.class);
        Optional<PolicyDocument> readOnly = Optional.of(policy("{\"Effect\":\"Allow\",\"Action\":\"iam:Get*\",\"Resource\":\"*\"}"));
        assertThat(decide(identity, readOnly, "iam:CreateRole", ROLE)).isInstanceOf(Decision.ImplicitDeny.class);
        assertThat(decide(identity, readOnly, "iam:GetRole", ROLE)).isInstanceOf(Decision.Allow.class);
    }

    @Test
    void managedPoliciesKeylessKnowsGrantAndOthersGrantNothing() {
        List<PolicyDocument> iamFull = IamPermissions.identityPolicies(Map.of(),
                List.of("arn:aws:iam::aws:policy/IAMFullAccess", "arn:aws:iam::aws:policy/AmazonS3FullAccess"));
        assertThat(iamFull).hasSize(1);
        assertThat(decide(iamFull, Optional.empty(), "iam:CreateRole", ROLE)).isInstanceOf(Decision.Allow.class);
        assertThat(decide(IamPermissions.identityPolicies(Map.of(), List.of("arn:aws:iam::aws:policy/AmazonS3FullAccess")),
                Optional.empty(), "iam:CreateRole", ROLE)).isInstanceOf(Decision.ImplicitDeny.class);
    }
}
