package dev.keyless.gcp.federation;

import static dev.keyless.gcp.http.GcpHttp.AUDIENCE;
import static dev.keyless.gcp.http.GcpHttp.SA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.gcp.iam.IamPermission;
import dev.keyless.gcp.sts.Audience;
import dev.keyless.gcp.sts.OAuthErrorCode;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Repo;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exchange without HTTP, as {@code keyless explain} will call it: decisions and explanations. */
class GcpFederationTest {

    @TempDir
    static Path dir;
    static KeylessTestServer server;
    static GcpFederation gcp;

    @BeforeAll
    static void start() {
        server = KeylessTestServer.startExample(dir.resolve("server"));
        gcp = server.keyless().gcp();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void evaluateWhenConditionFalseThenDenyWithConditionTraceAndNoToken() {
        Evaluation e = gcp.exchange().evaluate(server.mint(AUDIENCE, "othergroup/myrepo", "main"),
                Audience.parse(AUDIENCE).orElseThrow(), List.of());

        assertThat(e).isInstanceOf(Evaluation.Refused.class);
        assertThat(((Evaluation.Refused) e).error().code()).isEqualTo(OAuthErrorCode.UNAUTHORIZED_CLIENT);
        GcpOutcome o = e.outcome();
        assertThat(o.decision()).isEqualTo(GcpOutcome.Decision.DENY);
        assertThat(o.reason()).isEqualTo("unauthorized_client");
        assertThat(o.subject()).hasValue("project_path:othergroup/myrepo:ref_type:branch:ref:main");
        assertThat(o.jti()).isPresent();
        assertThat(o.tokenSha256()).hasValueSatisfying(h -> assertThat(h).hasSize(16));
        assertThat(o.explanationJson()).contains("\"attributeCondition\":{\"expression\":"
                + "\"assertion.namespace_path == \\\"mygroup\\\"\",\"result\":false}");
    }

    @Test
    void evaluateThenAuthorizeWhenNoBindingThenDenyListsMembersChecked() {
        Evaluation e = gcp.exchange().evaluate(server.mint(AUDIENCE, "mygroup/otherrepo", "main"),
                Audience.parse(AUDIENCE).orElseThrow(), List.of());
        var admitted = (Evaluation.Admitted) e;
        assertThat(admitted.outcome().decision()).isEqualTo(GcpOutcome.Decision.ALLOW);

        var result = gcp.impersonation().authorize(admitted.token(), SA, IamPermission.GET_ACCESS_TOKEN,
                GcpOutcome.builder(GcpOutcome.Endpoint.GENERATE_ACCESS_TOKEN));

        assertThat(result).isInstanceOf(IamResult.Failed.class);
        assertThat(result.outcome().reason()).isEqualTo("PERMISSION_DENIED");
        assertThat(result.outcome().explanationJson()).contains("\"checkedMembers\":[")
                .contains("principalSet://iam.googleapis.com/projects/123456789012/locations/global/"
                        + "workloadIdentityPools/gitlab-pool/attribute.project_path/mygroup/otherrepo");
    }

    @Test
    void startWhenConditionDoesNotCompileThenStartupFailsNamingProviderAndPosition() throws Exception {
        String yaml = Repo.exampleYaml().replace(
                "attributeCondition: assertion.namespace_path == \"mygroup\"",
                "attributeCondition: assertion.namespace_path ==");

        assertThatThrownBy(() -> KeylessTestServer.start(dir.resolve("bad"), yaml, Clock.systemUTC(), Map.of()))
                .rootCause()
                .hasMessageContaining("gcp.projects.my-project.workloadIdentityPools.gitlab-pool.providers.gitlab")
                .hasMessageContaining("attributeCondition")
                .hasMessageContaining("line 1, column");
    }
}
