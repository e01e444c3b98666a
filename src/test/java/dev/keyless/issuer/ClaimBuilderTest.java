package dev.keyless.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Claim by claim against an example payload as GitLab docs (ID token authentication) show one. */
class ClaimBuilderTest {
    /** The example payload (gitlab.example.com, branch job with an environment, aud a list of two). */
    static final String GITLAB_EXAMPLE = """
            {
              "project_id": "20", "project_path": "my-group/my-project",
              "namespace_id": "72", "namespace_path": "my-group",
              "user_id": "1", "user_login": "sample-user", "user_email": "sample-user@example.com",
              "user_access_level": "maintainer",
              "job_project_id": "20", "job_project_path": "my-group/my-project",
              "job_namespace_id": "72", "job_namespace_path": "my-group",
              "pipeline_id": "574", "pipeline_source": "push", "job_id": "302",
              "ref": "main", "ref_type": "branch", "ref_path": "refs/heads/main", "ref_protected": "true",
              "environment": "production", "environment_protected": "true",
              "deployment_tier": "production", "environment_action": "start",
              "job_source": "push",
              "runner_id": 12270807, "runner_environment": "self-hosted",
              "sha": "714a629c0b401fdce83e847fc9589983fc6f46bc", "project_visibility": "private",
              "ci_config_ref_uri": "gitlab.example.com/my-group/my-project//.gitlab-ci.yml@refs/heads/main",
              "ci_config_sha": "714a629c0b401fdce83e847fc9589983fc6f46bc",
              "jti": "235b3a54-b797-45c7-ae9a-f72d7bc6ef5b", "iss": "https://gitlab.example.com",
              "iat": 1681395193, "nbf": 1681395188, "exp": 1681398793,
              "sub": "project_path:my-group/my-project:ref_type:branch:ref:main",
              "aud": ["https://vault.example.com", "sigstore"]
            }""";
    static final Instant IAT = Instant.ofEpochSecond(1681395193);
    static final String JTI = "235b3a54-b797-45c7-ae9a-f72d7bc6ef5b";
    private final ObjectMapper json = new ObjectMapper();
    private final ClaimBuilder builder = new ClaimBuilder(IssuerSettings.gitlabDefaults("https://gitlab.example.com/"));

    static JobContextBuilder exampleJob() {
        return JobContext.builder("my-group/my-project", "main").projectId("20").namespaceId("72")
                .userId("1").userLogin("sample-user").userEmail("sample-user@example.com").userAccessLevel("maintainer")
                .pipelineId("574").pipelineSource("push").jobId("302").refType(RefType.BRANCH).refProtected(true)
                .environment(new JobEnvironment("production", true, "production", "start"))
                .runnerId(12270807L).runnerEnvironment("self-hosted")
                .sha("714a629c0b401fdce83e847fc9589983fc6f46bc").projectVisibility("private")
                .jobSource("push").timeout(Duration.ofSeconds(3600));
    }

    private JsonNode built(JobContext job, Audience aud, ClaimBuilder with) throws Exception {
        ClaimResult result = with.build(job, aud, IAT, JTI);
        assertThat(result).isInstanceOf(ClaimResult.Claims.class);
        // Through the wire bytes, as a verifier sees them.
        return json.readTree(json.writeValueAsBytes(((ClaimResult.Claims) result).claims()));
    }

    @Test
    void buildWhenGitlabExampleJobThenSameNamesTypesAndValues() throws Exception {
        JsonNode expected = json.readTree(GITLAB_EXAMPLE);
        JsonNode actual = built(exampleJob().build(), Audience.ofList(List.of("https://vault.example.com", "sigstore")), builder);
        assertThat(names(actual)).containsExactlyInAnyOrderElementsOf(names(expected));
        for (String name : names(expected)) {
            assertThat(actual.get(name).getNodeType()).as(name).isEqualTo(expected.get(name).getNodeType());
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void buildWhenNoTimeoutThenExpiresAfterDefaultFiveMinutesAndNbfIsIatMinusFive() throws Exception {
        JsonNode claims = built(exampleJob().timeout(null).build(), Audience.of("a"), builder);
        assertThat(claims.get("exp").longValue() - claims.get("iat").longValue()).isEqualTo(300);
        assertThat(claims.get("nbf").longValue()).isEqualTo(claims.get("iat").longValue() - 5);
        assertThat(claims.get("iat").isIntegralNumber()).isTrue();
    }

    @Test
    void buildWhenTagJobThenSubRefTypeTagAndRefPathTags() throws Exception {
        JsonNode claims = built(exampleJob().ref("v1.2.0").refType(RefType.TAG).build(), Audience.of("a"), builder);
        assertThat(claims.get("sub").textValue()).isEqualTo("project_path:my-group/my-project:ref_type:tag:ref:v1.2.0");
        assertThat(claims.get("ref_path").textValue()).isEqualTo("refs/tags/v1.2.0");
        assertThat(claims.get("ci_config_ref_uri").textValue())
                .isEqualTo("gitlab.example.com/my-group/my-project//.gitlab-ci.yml@refs/tags/v1.2.0");
    }

    @Test
    void buildWhenCustomComponentsThenSubInConfiguredOrderSkippingAbsentOnes() throws Exception {
        ClaimBuilder custom = new ClaimBuilder(new IssuerSettings("https://gitlab.example.com", Duration.ofMinutes(5),
                Duration.ofHours(1), List.of(SubComponent.PROJECT_ID, SubComponent.REF_PROTECTED,
                SubComponent.ENVIRONMENT_PROTECTED, SubComponent.DEPLOYMENT_TIER, SubComponent.REF)));
        assertThat(built(exampleJob().build(), Audience.of("a"), custom).get("sub").textValue())
                .isEqualTo("project_id:20:ref_protected:true:environment_protected:true:deployment_tier:production:ref:main");
        assertThat(built(exampleJob().environment(null).refProtected(false).build(), Audience.of("a"), custom)
                .get("sub").textValue()).isEqualTo("project_id:20:ref_protected:false:ref:main");
    }

    @Test
    void buildWhenSubValueContainsColonThenRefusedNamingTheComponent() {
        ClaimResult result = builder.build(exampleJob().ref("feature:x").build(), Audience.of("a"), IAT, JTI);
        assertThat(result).isInstanceOfSatisfying(ClaimResult.Refused.class, r -> {
            assertThat(r.field()).isEqualTo("job.ref");
            assertThat(r.message()).contains("ref").contains("':'");
        });
    }

    @Test
    void buildWhenNoEnvironmentNoRunnerNoUserThenEnvAndRunnerOmittedUserNull() throws Exception {
        JsonNode claims = built(JobContext.builder("g/p", "main").build(), Audience.of("a"), builder);
        assertThat(claims.has("environment")).isFalse();
        assertThat(claims.has("environment_protected")).isFalse();
        assertThat(claims.has("deployment_tier")).isFalse();
        assertThat(claims.has("environment_action")).isFalse();
        assertThat(claims.has("runner_id")).isFalse();
        assertThat(claims.get("user_login").isNull()).isTrue();
        assertThat(claims.get("user_email").isNull()).isTrue();
        assertThat(claims.get("user_access_level").isNull()).isTrue();
        assertThat(claims.get("user_id").textValue()).isEmpty();
        assertThat(claims.get("namespace_path").textValue()).isEqualTo("g");
        assertThat(claims.get("ref_protected").textValue()).isEqualTo("false");
    }

    @Test
    void buildWhenAudienceIsOneElementListThenArrayAndWhenStringThenString() throws Exception {
        assertThat(built(exampleJob().build(), Audience.ofList(List.of("x")), builder).get("aud").isArray()).isTrue();
        assertThat(built(exampleJob().build(), Audience.of("x"), builder).get("aud").isTextual()).isTrue();
    }

    @Test
    void buildWhenJobProjectDiffersThenJobProjectClaimsFollowIt() throws Exception {
        JsonNode claims = built(exampleJob().jobProjectPath("other/fork").jobProjectId("99").build(), Audience.of("a"), builder);
        assertThat(claims.get("job_project_path").textValue()).isEqualTo("other/fork");
        assertThat(claims.get("job_namespace_path").textValue()).isEqualTo("other");
        assertThat(claims.get("project_path").textValue()).isEqualTo("my-group/my-project");
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void discoveryWhenRenderedThenListsEveryClaimTheBuilderEmits() throws Exception {
        JsonNode doc = json.readTree(DiscoveryDocument.json("https://gitlab.example.com", List.of("RS256")));
        assertThat(doc.get("jwks_uri").textValue()).isEqualTo("https://gitlab.example.com/oauth/discovery/keys");
        List<String> supported = new ArrayList<>();
        doc.get("claims_supported").forEach(n -> supported.add(n.textValue()));
        assertThat(supported).containsAll(names(json.readTree(GITLAB_EXAMPLE)));
        assertThat(json.convertValue(doc, Map.class)).containsKeys("issuer", "id_token_signing_alg_values_supported",
                "subject_types_supported", "response_types_supported", "scopes_supported");
        // doorkeeper-openid_connect's document as gitlab.com serves it: ["code"]
        assertThat(doc.get("response_types_supported").toString()).isEqualTo("[\"code\"]");
    }
}
