package dev.keyless.issuer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.LauncherServer;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Project paths that GitLab's path rules refuse and refs that {@code git check-ref-format} refuses,
 * sent by the example config's client (allowed {@code mygroup/*}, which {@code mygroup/..} used to
 * match): each is a 400 naming the field, and nothing is minted (by /metrics and by the audit log
 * in the store). The server is {@code keyless serve} in its own process with the launcher's
 * default JVM options.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CiPathAndRefRulesHttpTest {
    private LauncherServer server;
    private CiApi api;

    @BeforeAll
    void start() throws Exception {
        server = LauncherServer.startExample(Files.createTempDirectory("keyless-paths"));
        api = new CiApi(server.url(), LauncherServer.EXAMPLE_CI_SECRET);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    static Stream<String> badPaths() {
        return Stream.of("mygroup/..", "mygroup/.", "mygroup/", "mygroup//app", "/mygroup/app", "mygroup/app\u0000",
                "mygroup/app\nx", "mygroup/app\u2024git", "mygroup/-app", "mygroup/app.git", "mygroup/app.atom",
                "mygroup/a p p", "myrepo");
    }

    @ParameterizedTest(name = "project_path {0}")
    @MethodSource("badPaths")
    void mintWhenProjectPathBreaksGitlabRulesThen400AndNothingMinted(String path) throws Exception {
        double before = api.minted();
        long storedBefore = server.mintedSoFar();

        var response = api.mint("{\"project_path\": " + CiApi.quote(path) + ", \"ref\": \"main\"}");

        System.out.println("[item 15] project_path " + CiApi.quote(path) + " -> " + response.statusCode() + " " + response.body());
        CiApi.assertInvalid(response, "job.project_path");
        assertThat(api.minted()).isEqualTo(before);
        assertThat(server.mintedSoFar()).as("ALLOW rows in the audit log").isEqualTo(storedBefore);
    }

    @ParameterizedTest(name = "job_project_path {0}")
    @MethodSource("badPaths")
    void mintWhenJobProjectPathBreaksGitlabRulesThen400(String path) throws Exception {
        double before = api.minted();
        long storedBefore = server.mintedSoFar();

        var response = api.mint("{\"project_path\": \"mygroup/app\", \"job_project_path\": " + CiApi.quote(path)
                + ", \"ref\": \"main\"}");

        CiApi.assertInvalid(response, "job.job_project_path");
        assertThat(api.minted()).isEqualTo(before);
        assertThat(server.mintedSoFar()).as("ALLOW rows in the audit log").isEqualTo(storedBefore);
    }

    static Stream<String> badRefs() {
        return Stream.of("main\u0000", "../main", "feature/../main", "main\n", "-main", ".hidden", "feature/.x",
                "main.lock", "main.", "feature//x", "/main", "main/", "ma in", "ma~1", "ma^", "ma:x", "ma?", "ma*",
                "ma[", "ma\\x", "@", "main@{1}", "\u007f");
    }

    @ParameterizedTest(name = "ref {0}")
    @MethodSource("badRefs")
    void mintWhenRefBreaksGitRefFormatThen400AndNothingMinted(String ref) throws Exception {
        double before = api.minted();
        long storedBefore = server.mintedSoFar();

        var response = api.mint("{\"project_path\": \"mygroup/app\", \"ref\": " + CiApi.quote(ref) + "}");

        System.out.println("[item 15] ref " + CiApi.quote(ref) + " -> " + response.statusCode() + " " + response.body());
        CiApi.assertInvalid(response, "job.ref");
        assertThat(api.minted()).isEqualTo(before);
        assertThat(server.mintedSoFar()).as("ALLOW rows in the audit log").isEqualTo(storedBefore);
    }

    @Test
    void mintWhenNamesGitlabAndGitAcceptThenMinted() throws Exception {
        double before = api.minted();
        long storedBefore = server.mintedSoFar();

        var claims = CiApi.claims(api.mint("{\"project_path\": \"mygroup/my.repo-1_x\", \"ref\": \"feature/\u00e9t\u00e9-2.0\"}"));

        assertThat(claims.get("sub").textValue()).isEqualTo("project_path:mygroup/my.repo-1_x:ref_type:branch:ref:feature/\u00e9t\u00e9-2.0");
        assertThat(api.minted()).isEqualTo(before + 1);
        assertThat(server.mintedSoFar()).isEqualTo(storedBefore + 1);
    }
}
