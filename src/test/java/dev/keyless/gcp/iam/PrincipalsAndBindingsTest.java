package dev.keyless.gcp.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.gcp.mapping.MappingOutcome.Mapped;
import dev.keyless.gcp.mapping.MappingTrace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PrincipalsAndBindingsTest {

    private static final WorkloadPool POOL = new WorkloadPool(123456789012L, "gitlab-pool");
    private static final String BASE = "iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/gitlab-pool";
    private static final Mapped MAPPED = new Mapped("project_path:mygroup/myrepo:ref:main", List.of("admins"),
            Map.of("attribute.project_path", "mygroup/myrepo"),
            new MappingTrace(List.of(), Optional.empty()));
    private static final Principals PRINCIPALS = Principals.of(POOL, MAPPED);
    private final BindingEvaluator evaluator = new BindingEvaluator();

    @Test
    void ofWhenMappedThenPrincipalAndEverySet() {
        assertThat(PRINCIPALS.principal()).isEqualTo("principal://" + BASE + "/subject/project_path:mygroup/myrepo:ref:main");
        assertThat(PRINCIPALS.principalSets()).containsExactly(
                "principalSet://" + BASE + "/group/admins",
                "principalSet://" + BASE + "/attribute.project_path/mygroup/myrepo",
                "principalSet://" + BASE + "/*");
        assertThat(PRINCIPALS.all()).hasSize(4).first().isEqualTo(PRINCIPALS.principal());
    }

    @Test
    void evaluateWhenSubjectBoundToWorkloadIdentityUserThenGranted() {
        String member = "principal://" + BASE + "/subject/project_path:mygroup/myrepo:ref:main";
        assertThat(evaluator.evaluate(policy(IamPolicy.WORKLOAD_IDENTITY_USER, member), PRINCIPALS,
                IamPermission.GET_ACCESS_TOKEN))
                .isEqualTo(new BindingDecision.Granted(IamPermission.GET_ACCESS_TOKEN,
                        IamPolicy.WORKLOAD_IDENTITY_USER, member));
    }

    @Test
    void evaluateWhenGroupBoundThenGranted() {
        String member = "principalSet://" + BASE + "/group/admins";
        assertThat(evaluator.evaluate(policy(IamPolicy.TOKEN_CREATOR, member), PRINCIPALS,
                IamPermission.GET_OPEN_ID_TOKEN))
                .isEqualTo(new BindingDecision.Granted(IamPermission.GET_OPEN_ID_TOKEN, IamPolicy.TOKEN_CREATOR, member));
    }

    @Test
    void evaluateWhenAttributeBoundThenGranted() {
        String member = "principalSet://" + BASE + "/attribute.project_path/mygroup/myrepo";
        assertThat(evaluator.evaluate(policy(IamPolicy.WORKLOAD_IDENTITY_USER, member), PRINCIPALS,
                IamPermission.GET_ACCESS_TOKEN)).isInstanceOfSatisfying(BindingDecision.Granted.class,
                g -> assertThat(g.member()).isEqualTo(member));
    }

    @Test
    void evaluateWhenWholePoolBoundThenGranted() {
        String member = "principalSet://" + BASE + "/*";
        assertThat(evaluator.evaluate(policy(IamPolicy.WORKLOAD_IDENTITY_USER, member), PRINCIPALS,
                IamPermission.GET_ACCESS_TOKEN)).isInstanceOfSatisfying(BindingDecision.Granted.class,
                g -> assertThat(g.member()).isEqualTo(member));
    }

    @Test
    void evaluateWhenNoMemberMatchesThenDeniedListingCheckedMembers() {
        IamPolicy policy = policy(IamPolicy.WORKLOAD_IDENTITY_USER,
                "principalSet://" + BASE + "/attribute.project_path/other/repo",
                "principal://" + BASE + "/subject/someone-else");
        assertThat(evaluator.evaluate(policy, PRINCIPALS, IamPermission.GET_ACCESS_TOKEN))
                .isEqualTo(new BindingDecision.Denied(IamPermission.GET_ACCESS_TOKEN, PRINCIPALS.all(),
                        List.of(IamPolicy.WORKLOAD_IDENTITY_USER, IamPolicy.TOKEN_CREATOR)));
    }

    @Test
    void evaluateWhenMemberBoundToOtherRoleThenDenied() {
        IamPolicy policy = policy("roles/viewer", "principalSet://" + BASE + "/*");
        assertThat(evaluator.evaluate(policy, PRINCIPALS, IamPermission.GET_ACCESS_TOKEN))
                .isInstanceOf(BindingDecision.Denied.class);
    }

    @Test
    void evaluateWhenOtherPoolSameSubjectThenDenied() {
        String member = "principal://iam.googleapis.com/projects/123456789012/locations/global/"
                + "workloadIdentityPools/other-pool/subject/project_path:mygroup/myrepo:ref:main";
        assertThat(evaluator.evaluate(policy(IamPolicy.WORKLOAD_IDENTITY_USER, member), PRINCIPALS,
                IamPermission.GET_ACCESS_TOKEN)).isInstanceOf(BindingDecision.Denied.class);
    }

    private static IamPolicy policy(String role, String... members) {
        Map<String, List<String>> bindings = new LinkedHashMap<>();
        bindings.put(role, List.of(members));
        return new IamPolicy(bindings);
    }
}
