package dev.keyless.aws.policy;

import java.util.List;
import java.util.Map;

/** Test fixtures: policies and requests. */
final class Policies {
    static final String PROVIDER_ARN = "arn:aws:iam::111122223333:oidc-provider/gitlab.com";
    static final String ASSUME = "sts:AssumeRoleWithWebIdentity";

    private Policies() {}

    /** One Allow statement for anyone on {@code sts:AssumeRoleWithWebIdentity} with the given Condition block. */
    static PolicyDocument allowWhen(String conditionJson) {
        return allowWhen("2012-10-17", conditionJson);
    }

    static PolicyDocument allowWhen(String version, String conditionJson) {
        return parse("{\"Version\":\"" + version + "\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":\"" + ASSUME + "\",\"Condition\":" + conditionJson + "}}");
    }

    static PolicyDocument parse(String json) {
        try {
            return PolicyParser.parse(json);
        } catch (MalformedPolicyException e) {
            throw new AssertionError(e);
        }
    }

    static ConditionContext context(Map<String, List<String>> values) {
        ConditionContext.Builder b = ConditionContext.builder();
        values.forEach(b::put);
        return b.build();
    }

    static AuthorizationRequest request(ConditionContext ctx, String... actions) {
        return AuthorizationRequest.federated(PROVIDER_ARN, actions.length == 0 ? List.of(ASSUME) : List.of(actions), ctx);
    }

    static Decision decide(PolicyDocument p, ConditionContext ctx) {
        return new PolicyEvaluator().evaluate(p, request(ctx)).decision();
    }

    /** A typical GitLab trust policy: provider, audience, and one project's protected main branch. */
    static String gitlabTrustPolicyJson() {
        return """
                {"Version": "2012-10-17",
                 "Statement": [{
                   "Sid": "GitLabMain",
                   "Effect": "Allow",
                   "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/gitlab.com"},
                   "Action": "sts:AssumeRoleWithWebIdentity",
                   "Condition": {
                     "StringEquals": {"gitlab.com:aud": "sts.amazonaws.com"},
                     "StringLike": {"gitlab.com:sub": "project_path:mygroup/myproject:ref_type:branch:ref:main"}
                   }
                 }]}""";
    }
}
