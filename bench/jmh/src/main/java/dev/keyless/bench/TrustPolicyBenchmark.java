package dev.keyless.bench;

import dev.keyless.aws.policy.AuthorizationRequest;
import dev.keyless.aws.policy.ConditionContext;
import dev.keyless.aws.policy.ConditionKeysMode;
import dev.keyless.aws.policy.Evaluation;
import dev.keyless.aws.policy.PolicyDocument;
import dev.keyless.aws.policy.PolicyEvaluator;
import dev.keyless.aws.policy.PolicyParser;
import dev.keyless.aws.policy.WebIdentityContext;
import dev.keyless.aws.policy.WebIdentityFacts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Evaluating a typical GitLab trust policy (it should take microseconds). The policy is compiled
 * once in setup, as at config load; each invocation evaluates it with a full explanation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TrustPolicyBenchmark {
    static final String ARN = "arn:aws:iam::111122223333:oidc-provider/gitlab.com";
    static final String POLICY = """
            {"Version": "2012-10-17",
             "Statement": [
               {"Sid": "GitLabDeploy", "Effect": "Allow",
                "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/gitlab.com"},
                "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
                "Condition": {
                  "StringEquals": {"gitlab.com:aud": "sts.amazonaws.com"},
                  "StringLike": {"gitlab.com:sub": ["project_path:mygroup/myproject:ref_type:branch:ref:main",
                                                    "project_path:mygroup/myproject:ref_type:tag:ref:v*"]}}},
               {"Sid": "NoPlainHttp", "Effect": "Deny", "Principal": "*", "Action": "sts:*",
                "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
             ]}""";

    PolicyDocument policy;
    PolicyEvaluator evaluator;
    AuthorizationRequest allowed;
    AuthorizationRequest denied;

    @Setup
    public void setup() throws Exception {
        policy = PolicyParser.parse(POLICY);
        evaluator = new PolicyEvaluator();
        allowed = request("project_path:mygroup/myproject:ref_type:tag:ref:v1.2.3");
        denied = request("project_path:mygroup/other:ref_type:branch:ref:main");
    }

    private static AuthorizationRequest request(String sub) {
        Map<String, Object> claims = Map.of("sub", sub, "aud", "sts.amazonaws.com", "iss", "https://gitlab.com");
        ConditionContext ctx = WebIdentityContext.build(new WebIdentityFacts("https://gitlab.com", ARN, claims,
                ConditionKeysMode.AWS, "192.0.2.10", "aws-cli/2.15", true, Instant.parse("2025-01-01T00:00:00Z")));
        return AuthorizationRequest.federated(ARN, List.of("sts:AssumeRoleWithWebIdentity"), ctx);
    }

    @Benchmark
    public Evaluation evaluateAllowed() {
        return evaluator.evaluate(policy, allowed);
    }

    @Benchmark
    public Evaluation evaluateDenied() {
        return evaluator.evaluate(policy, denied);
    }

    @Benchmark
    public PolicyDocument parseAndCompile() throws Exception {
        return PolicyParser.parse(POLICY);
    }
}
