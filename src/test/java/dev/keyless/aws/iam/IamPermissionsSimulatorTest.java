package dev.keyless.aws.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.aws.policy.ConditionContext;
import dev.keyless.aws.policy.Decision;
import dev.keyless.aws.policy.PolicyDocument;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import dev.keyless.testing.Repo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * Keyless's decision on the IAM API's permission checks agrees with an independent implementation of
 * IAM's policy evaluation logic (npm {@code @cloud-copilot/iam-simulate}; IAM User Guide,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html) on generated
 * identity policies: Allow and Deny statements with Action/NotAction and Resource/NotResource, {@code *}
 * and {@code ?} in actions and ARNs, several statements and policies. One node process per batch.
 */
class IamPermissionsSimulatorTest {
    private static final int BATCH = 200;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "444455556666";
    private static final String PRINCIPAL = "arn:aws:sts::" + ACCOUNT + ":assumed-role/terraform/ci";
    private static final List<String> ROLE_ACTIONS = List.of("iam:GetRole", "iam:CreateRole", "iam:DeleteRole",
            "iam:UpdateRole", "iam:PutRolePolicy", "iam:ListRolePolicies", "iam:TagRole", "iam:AttachRolePolicy",
            "iam:UpdateAssumeRolePolicy");
    private static final List<String> PROVIDER_ACTIONS = List.of("iam:GetOpenIDConnectProvider",
            "iam:DeleteOpenIDConnectProvider", "iam:TagOpenIDConnectProvider", "iam:AddClientIDToOpenIDConnectProvider");
    private static final List<String> ROLE_NAMES = List.of("app", "apps", "admin-x", "App", "ci/deploy", "a1p");
    private static final List<String> PROVIDERS = List.of("gitlab.example.com", "token.actions.githubusercontent.com",
            "gitlab.example.com:8443");

    /** One request and the identity policies in force. */
    record Case(List<Map<String, Object>> policies, String action, String resource) {}

    @Provide
    Arbitrary<List<Case>> batches() {
        return cases().list().ofSize(BATCH);
    }

    private static Arbitrary<Case> cases() {
        Arbitrary<String[]> request = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of(ROLE_ACTIONS), Arbitraries.of(ROLE_NAMES))
                        .as((a, n) -> new String[] {a, "arn:aws:iam::" + ACCOUNT + ":role/" + n}),
                Combinators.combine(Arbitraries.of(PROVIDER_ACTIONS), Arbitraries.of(PROVIDERS))
                        .as((a, p) -> new String[] {a, "arn:aws:iam::" + ACCOUNT + ":oidc-provider/" + p}));
        return request.flatMap(r -> policy(r[0], r[1]).list().ofMinSize(0).ofMaxSize(3)
                .map(ps -> new Case(ps, r[0], r[1])));
    }

    /** Patterns near the request, so that matches and near misses are both frequent. */
    private static Arbitrary<String> actionPattern(String action) {
        String verb = action.substring(4);
        return Arbitraries.oneOf(
                Arbitraries.of("*", "iam:*", "iam:Get*", "iam:*Role", "iam:*Role*", "iam:*OpenIDConnect*", "s3:*",
                        "iam:Delete*", "iam:?etRole", "iam:GetRol?", "iam:getrole", "IAM:CREATEROLE", "iam:*Policy",
                        "iam:List*", "iam:*Provider", "iam:Tag*"),
                Arbitraries.of(ROLE_ACTIONS), Arbitraries.of(PROVIDER_ACTIONS),
                Arbitraries.integers().between(0, verb.length() - 1).map(i -> "iam:" + verb.substring(0, i) + "*"),
                Arbitraries.integers().between(0, verb.length() - 1)
                        .map(i -> "iam:" + verb.substring(0, i) + "?" + verb.substring(i + 1)));
    }

    /**
     * ARN patterns around the request's ARN. A {@code ?} never replaces a character of the resource
     * type ({@code role/}, {@code oidc-provider/}): iam-simulate reads "Incorrect wildcard usage" in the
     * IAM User Guide (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html) as a resource
     * type that must be written literally, while Keyless matches the ARN's last segment as one glob, as
     * the Resource element documentation describes wildcards "within the individual segments of an ARN"
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
     */
    private static Arbitrary<String> resourcePattern(String resource) {
        return Arbitraries.oneOf(
                Arbitraries.of("*", "arn:aws:iam::*:role/*", "arn:aws:iam::" + ACCOUNT + ":role/app",
                        "arn:aws:iam::" + ACCOUNT + ":role/a?p", "arn:aws:iam::*:role/admin-*", "arn:aws:iam::111122223333:*",
                        "arn:aws:iam::*:oidc-provider/*", "arn:aws:iam::" + ACCOUNT + ":*", "arn:aws:iam::*:*",
                        "arn:aws:iam::" + ACCOUNT + ":role/APP", "arn:aws:iam::" + ACCOUNT + ":role/*/deploy",
                        "arn:aws:iam::" + ACCOUNT + ":role/ci/*", "arn:aws:iam::????????????:role/app*",
                        "arn:aws:iam::" + ACCOUNT + ":oidc-provider/gitlab.example.com*"),
                Arbitraries.just(resource),
                Arbitraries.integers().between(20, resource.length() - 1).map(i -> resource.substring(0, i) + "*"),
                Arbitraries.oneOf(Arbitraries.integers().between(13, 24),
                        Arbitraries.integers().between(resource.indexOf('/') + 1, resource.length() - 1))
                        .map(i -> resource.substring(0, i) + "?" + resource.substring(i + 1)));
    }

    private static Arbitrary<Object> oneOrMany(Arbitrary<String> element) {
        return Arbitraries.oneOf(element.map(s -> (Object) s), element.list().ofMinSize(1).ofMaxSize(3).map(l -> (Object) l));
    }

    private static Arbitrary<Map<String, Object>> statement(String action, String resource) {
        return Combinators.combine(Arbitraries.of("Allow", "Deny"), Arbitraries.of("Action", "NotAction"),
                oneOrMany(actionPattern(action)), Arbitraries.of("Resource", "NotResource"),
                oneOrMany(resourcePattern(resource))).as((effect, actionKey, actions, resourceKey, resources) -> {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("Effect", effect);
                    s.put(actionKey, actions);
                    s.put(resourceKey, resources);
                    return s;
                });
    }

    private static Arbitrary<Map<String, Object>> policy(String action, String resource) {
        return statement(action, resource).list().ofMinSize(1).ofMaxSize(4).map(statements -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("Version", "2012-10-17");
            p.put("Statement", statements);
            return p;
        });
    }

    @Property(tries = 3, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
    void keylessAgreesWithIamSimulate(@ForAll("batches") List<Case> batch) throws Exception {
        Path node = RealClients.node();
        Path modules = RealClients.nodeModules();
        RealClients.requireDir("npm @cloud-copilot/iam-simulate", modules.resolve("@cloud-copilot/iam-simulate"));
        List<Map<String, Object>> wire = new ArrayList<>();
        for (Case c : batch) {
            wire.add(Map.of("identityPolicies", c.policies(), "principal", PRINCIPAL, "action", c.action(),
                    "resource", c.resource(), "accountId", ACCOUNT));
        }
        Processes.Result run = Processes.run(
                List.of(node.toString(), Repo.root().resolve(".ci/node/scripts/iam-simulate.mjs").toString()), Map.of(),
                Repo.root().resolve(".ci/node"), Duration.ofSeconds(120), JSON.writeValueAsString(wire));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<String> theirs = run.stdout().lines().toList();
        assertThat(theirs).hasSize(batch.size());
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Case c = batch.get(i);
            String ours = keyless(c);
            if (!ours.equals(theirs.get(i))) {
                disagreements.add("Keyless " + ours + ", iam-simulate " + theirs.get(i) + ": " + c.action() + " on "
                        + c.resource() + " under " + JSON.writeValueAsString(c.policies()));
            }
        }
        Map<String, Long> mix = theirs.stream()
                .collect(java.util.stream.Collectors.groupingBy(t -> t, java.util.TreeMap::new, java.util.stream.Collectors.counting()));
        System.out.println("IamPermissionsSimulatorTest: Keyless and iam-simulate agreed on "
                + (batch.size() - disagreements.size()) + " of " + batch.size() + " generated cases " + mix);
        assertThat(disagreements).isEmpty();
    }

    private static String keyless(Case c) throws Exception {
        List<PolicyDocument> identity = new ArrayList<>();
        for (Map<String, Object> p : c.policies()) {
            identity.add(IamService.compile(JSON.writeValueAsString(p)));
        }
        Decision d = IamPermissions.decide(identity, Optional.empty(), PRINCIPAL, c.action(), c.resource(),
                ConditionContext.empty()).decision();
        return switch (d) {
            case Decision.Allow a -> "Allowed";
            case Decision.ExplicitDeny e -> "ExplicitlyDenied";
            case Decision.ImplicitDeny n -> "ImplicitlyDenied";
        };
    }
}
