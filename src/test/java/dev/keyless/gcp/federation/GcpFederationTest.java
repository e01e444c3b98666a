package dev.keyless.gcp.federation;

import static dev.keyless.gcp.http.GcpHttp.AUDIENCE;
import static dev.keyless.gcp.http.GcpHttp.SA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.gcp.decision.CheckName;
import dev.keyless.gcp.decision.GcpDecider;
import dev.keyless.gcp.decision.GcpDecision;
import dev.keyless.gcp.decision.GcpDecisionJson;
import dev.keyless.gcp.iam.FederatedToken;
import dev.keyless.gcp.iam.IamPermission;
import dev.keyless.gcp.sts.OAuthErrorCode;
import dev.keyless.gcp.sts.ProviderAudience;
import dev.keyless.gcp.sts.TokenExchangeRequest;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Repo;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private static ExchangeResult exchange(String token) {
        return gcp.exchange().exchange(new TokenExchangeRequest(ProviderAudience.parse(AUDIENCE).orElseThrow(), token,
                "urn:ietf:params:oauth:token-type:jwt", "urn:ietf:params:oauth:token-type:access_token", List.of(),
                Optional.empty()));
    }

    @Test
    void exchangeWhenConditionFalseThenRefusedWithDecisionRecordedAndNoToken() {
        ExchangeResult r = exchange(server.mint(AUDIENCE, "othergroup/myrepo", "main"));

        assertThat(r).isInstanceOfSatisfying(ExchangeResult.Refused.class,
                refused -> assertThat(refused.error().code()).isEqualTo(OAuthErrorCode.UNAUTHORIZED_CLIENT));
        GcpOutcome o = r.outcome();
        assertThat(o.decision()).isEqualTo(GcpOutcome.Decision.DENY);
        assertThat(o.reason()).isEqualTo("unauthorized_client");
        assertThat(o.subject()).hasValue("project_path:othergroup/myrepo:ref_type:branch:ref:main");
        assertThat(o.jti()).isPresent();
        assertThat(o.tokenSha256()).hasValueSatisfying(h -> assertThat(h).hasSize(16));
        assertThat(o.decided()).hasValueSatisfying(d -> assertThat(d.decisive()).contains(CheckName.ATTRIBUTE_CONDITION));
        assertThat(o.explanationJson().toString()).contains("\"decisiveCheck\":\"attribute condition\"")
                .contains("\"condition\":{\"target\":\"attributeCondition\",\"expression\":"
                        + "\"assertion.namespace_path == \\\"mygroup\\\"\",\"value\":\"false\"}");
    }

    @Test
    void impersonationWhenNoBindingThenDeniedListingMembersChecked() {
        ExchangeResult r = exchange(server.mint(AUDIENCE, "mygroup/otherrepo", "main"));
        assertThat(r).isInstanceOf(ExchangeResult.Issued.class);
        FederatedToken caller = ((GcpDecision.Allowed) r.outcome().decided().orElseThrow().outcome()).federated()
                .orElseThrow();

        GcpDecision d = GcpDecider.impersonation(gcp.directory(), caller, SA, IamPermission.GET_ACCESS_TOKEN);

        assertThat(d.decisive()).contains(CheckName.SERVICE_ACCOUNT_BINDING);
        assertThat(((GcpDecision.Denied) d.outcome()).error().wireCode()).isEqualTo("PERMISSION_DENIED");
        assertThat(GcpDecisionJson.render(d).toString()).contains("\"checkedMembers\":[")
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
