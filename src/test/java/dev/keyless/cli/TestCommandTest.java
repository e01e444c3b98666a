package dev.keyless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCommandTest {
    private static final String ROLE = "arn:aws:iam::111122223333:role/gitlab-deployer";
    private static final String PROVIDER =
            "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/gitlab-pool/providers/gitlab";
    private static final String SA = "deployer@my-project.iam.gserviceaccount.com";

    @TempDir
    Path dir;

    @BeforeEach
    void exampleConfig() throws IOException {
        Files.copy(TrustCli.repoRoot().resolve("keyless.yaml"), dir.resolve("keyless.yaml"));
    }

    private TrustCli.Result test(String cases) throws IOException {
        Files.writeString(dir.resolve("cases.yaml"), cases);
        return TrustCli.run(dir, "test", "cases.yaml");
    }

    private static String aws(String name, String ref, String expect) {
        return """
                  - name: %s
                    role: %s
                    claims: {sub: "project_path:mygroup/myrepo:ref_type:branch:ref:%s", aud: sts.amazonaws.com}
                    expect: %s
                """.formatted(name, ROLE, ref, expect);
    }

    private static String gcp(String name, String namespace, String project, String expect) {
        return """
                  - name: %s
                    provider: %s
                    serviceAccount: %s
                    claims: {sub: "project_path:%s:ref_type:branch:ref:main", project_path: %s, namespace_path: %s, ref: main}
                    expect: %s
                """.formatted(name, PROVIDER, SA, project, project, namespace, expect);
    }

    @Test
    void testWhenEveryCasePassesThenPassLinesSummaryAndExit0() throws IOException {
        TrustCli.Result r = test("cases:\n" + aws("main may deploy", "main", "allow") + aws("feature may not", "feature", "deny"));

        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines()).containsExactly("PASS main may deploy", "PASS feature may not (deny at trust policy)",
                "2 passed, 0 failed");
    }

    @Test
    void testWhenAwsCaseFailsThenExplanationNamesKeyExpectedAndActualValue() throws IOException {
        TrustCli.Result r = test("cases:\n" + aws("main may deploy", "main", "allow") + aws("feature may deploy", "feature", "allow"));

        assertThat(r.exitCode()).isEqualTo(ExitCodes.DENIED);
        assertThat(r.out()).contains("PASS main may deploy\nFAIL feature may deploy: expected allow, got deny at trust policy\n")
                .contains("    Decision: ImplicitDeny\n")
                .contains("[NO MATCH] condition StringEquals 127.0.0.1:8080:sub: "
                        + "policy [project_path:mygroup/myrepo:ref_type:branch:ref:main], "
                        + "request [project_path:mygroup/myrepo:ref_type:branch:ref:feature]")
                .endsWith("1 passed, 1 failed\n");
    }

    @Test
    void testWhenGcpCasesThenAllowConditionFalseAndMissingBindingAreDecided() throws IOException {
        TrustCli.Result r = test("cases:\n" + gcp("myrepo", "mygroup", "mygroup/myrepo", "allow")
                + gcp("other group", "othergroup", "othergroup/myrepo", "allow")
                + gcp("other project", "mygroup", "mygroup/other", "allow"));

        assertThat(r.exitCode()).isEqualTo(ExitCodes.DENIED);
        assertThat(r.out()).contains("PASS myrepo\n")
                .contains("FAIL other group: expected allow, got deny\n")
                .contains("attributeCondition = assertion.namespace_path == \"mygroup\" → false")
                .contains("FAIL other project: expected allow, got deny\n")
                .contains("[NO MATCH] no binding of [roles/iam.workloadIdentityUser, roles/iam.serviceAccountTokenCreator]")
                .endsWith("1 passed, 2 failed\n");
    }

    @Test
    void testWhenCasesFileMalformedThenExit2WithFileAndLine() throws IOException {
        TrustCli.Result r = test("cases:\n" + aws("ok", "main", "allow") + aws("bad", "main", "perhaps"));

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("cases.yaml:6: case 2 (bad): \"expect\" must be allow or deny, not \"perhaps\"\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void testWhenCasesFileMissingThenExit2() {
        TrustCli.Result r = TrustCli.run(dir, "test", "nope.yaml");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("keyless test: cannot read").contains("nope.yaml");
    }

    @Test
    void testWhenExampleCasesAgainstExampleConfigThenAllPass() {
        TrustCli.Result r = TrustCli.run(TrustCli.repoRoot(), "test", "examples/trust-cases.yaml");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).doesNotContain("FAIL").endsWith("7 passed, 0 failed\n");
    }
}
