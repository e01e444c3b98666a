package dev.keyless.issuer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyless.issuer.GitlabPaths;
import dev.keyless.testing.LauncherServer;
import dev.keyless.testing.Repo;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A CI client authorised only for {@code othergroup/*}, on a server whose {@code sub} starts with
 * {@code project_id}, tries to claim {@code mygroup}'s namespace and ids. The namespace paths and
 * ids are derived from the authorised project path; a value that disagrees is a 400 naming the
 * field and mints nothing (by /metrics and by the audit log in the store), and what it does mint
 * carries its own project's derived ids. The server is {@code keyless serve} in its own process with
 * the launcher's default JVM options.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CiDerivedClaimsHttpTest {
    private static final String VICTIM = "mygroup/myrepo";
    private LauncherServer server;
    private CiApi api;

    @BeforeAll
    void start() throws Exception {
        String yaml = Repo.exampleYaml()
                .replace("projects: [\"mygroup/*\"]", "projects: [\"othergroup/*\"]")
                .replace("subClaimComponents: [project_path, ref_type, ref]", "subClaimComponents: [project_id, ref_type, ref]");
        assertThat(yaml).contains("othergroup/*").contains("[project_id, ref_type, ref]");
        server = LauncherServer.start(Files.createTempDirectory("keyless-derived"), yaml);
        api = new CiApi(server.url(), LauncherServer.EXAMPLE_CI_SECRET);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    static Stream<Arguments> spoofed() {
        String victimId = GitlabPaths.projectIdOf(VICTIM);
        String victimNamespaceId = GitlabPaths.namespaceIdOf("mygroup");
        return Stream.of(
                Arguments.of("namespace_path", "\"mygroup\""),
                Arguments.of("project_id", "\"" + victimId + "\""),
                Arguments.of("project_id", victimId),
                Arguments.of("namespace_id", "\"" + victimNamespaceId + "\""),
                Arguments.of("job_project_id", "\"" + victimId + "\""),
                Arguments.of("job_namespace_path", "\"mygroup\""),
                Arguments.of("job_namespace_id", victimNamespaceId));
    }

    @ParameterizedTest(name = "{0}: {1} -> 400 naming job.{0}")
    @MethodSource("spoofed")
    void mintWhenClientClaimsAnotherProjectsValueThen400NamingFieldAndNothingMinted(String field, String value)
            throws Exception {
        double before = api.minted();
        long storedBefore = server.mintedSoFar();

        var response = api.mint("{\"project_path\": \"othergroup/app\", \"ref\": \"main\", \"" + field + "\": " + value + "}");

        System.out.println("[item 4] spoofed job." + field + " -> " + response.statusCode() + " " + response.body());
        CiApi.assertInvalid(response, "job." + field);
        assertThat(api.minted()).isEqualTo(before);
        assertThat(server.mintedSoFar()).as("ALLOW rows in the audit log").isEqualTo(storedBefore);
    }

    @Test
    void mintWhenAuthorisedProjectThenIdsAndSubAreDerivedFromItsPath() throws Exception {
        JsonNode claims = CiApi.claims(api.mint("{\"project_path\": \"othergroup/app\", \"ref\": \"main\","
                + " \"namespace_path\": \"othergroup\", \"project_id\": " + GitlabPaths.projectIdOf("othergroup/app") + "}"));

        String id = GitlabPaths.projectIdOf("othergroup/app");
        assertThat(claims.get("sub").textValue()).isEqualTo("project_id:" + id + ":ref_type:branch:ref:main");
        assertThat(id).isNotEqualTo(GitlabPaths.projectIdOf(VICTIM));
        assertThat(claims.get("namespace_path").textValue()).isEqualTo("othergroup");
        assertThat(claims.get("namespace_id").textValue()).isEqualTo(GitlabPaths.namespaceIdOf("othergroup"));
        assertThat(claims.get("job_project_id").textValue()).isEqualTo(id);
        assertThat(claims.get("job_namespace_path").textValue()).isEqualTo("othergroup");
        assertThat(claims.get("job_namespace_id").textValue()).isEqualTo(GitlabPaths.namespaceIdOf("othergroup"));
    }

    @Test
    void mintWhenVictimProjectPathThen403AndNothingMinted() throws Exception {
        double before = api.minted();
        long storedBefore = server.mintedSoFar();

        var response = api.mint("{\"project_path\": \"" + VICTIM + "\", \"ref\": \"main\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(api.minted()).isEqualTo(before);
        assertThat(server.mintedSoFar()).isEqualTo(storedBefore);
    }
}
