package dev.keyless.aws.policy;

import java.util.List;
import java.util.Objects;

/**
 * What is asked: the calling principal (for web identity the IAM OIDC provider ARN, or a built-in
 * provider name, with type {@code Federated}), the actions that must all be allowed, the resource
 * ({@code null} for a trust policy, whose resource is the role itself) and the condition keys.
 */
public record AuthorizationRequest(
        String principalArn, String principalType, List<String> actions, String resource, ConditionContext context) {

    public AuthorizationRequest {
        Objects.requireNonNull(principalArn, "principalArn");
        Objects.requireNonNull(principalType, "principalType");
        actions = List.copyOf(actions);
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("at least one action is required");
        }
        Objects.requireNonNull(context, "context");
    }

    /** A web-identity request: principal type {@code Federated}, no resource. */
    public static AuthorizationRequest federated(String providerArn, List<String> actions, ConditionContext context) {
        return new AuthorizationRequest(providerArn, "Federated", actions, null, context);
    }
}
