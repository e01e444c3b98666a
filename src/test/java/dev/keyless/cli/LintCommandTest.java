package dev.keyless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LintCommandTest {
    private static final String ACCOUNT = """
            aws:
              accounts:
                "111122223333":
                  openIdConnectProviders:
                    - url: http://127.0.0.1:8080
                      clientIds: [sts.amazonaws.com]
                  roles:
                    gitlab-deployer:
                      assumeRolePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":
                        "arn:aws:iam::111122223333:oidc-provider/127.0.0.1:8080"},"Action":"sts:AssumeRoleWithWebIdentity",
                        "Condition":%s}]}'
            """;

    @TempDir
    Path dir;

    private void config(String condition) throws IOException {
        Files.writeString(dir.resolve("keyless.yaml"), ACCOUNT.formatted(condition));
    }

    @Test
    void lintWhenExampleConfigThenExit0AndOk() throws IOException {
        Files.copy(Repo.exampleConfig(), dir.resolve("keyless.yaml"));
        TrustCli.Result r = TrustCli.run(dir, "lint");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("keyless.yaml: OK\n");
    }

    @Test
    void lintWhenUnsafeExampleThenExit1WithTheReadmeFindings() {
        TrustCli.Result r = TrustCli.run(TrustCli.repoRoot(), "lint", "--config", "examples/unsafe-keyless.yaml");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.DENIED);
        assertThat(r.out()).contains("ERROR wildcard-project-in-sub: ").contains("ERROR key-not-provided-by-aws: ")
                .contains("always false in AWS").endsWith("2 error(s), 1 warning(s).\n");
    }

    @Test
    void lintWhenAllowWithoutSubThenExit1WithOneLinePerFinding() throws IOException {
        config("{\"StringEquals\":{\"127.0.0.1:8080:aud\":\"sts.amazonaws.com\"}}");

        TrustCli.Result r = TrustCli.run(dir, "lint");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.DENIED);
        assertThat(r.out().lines()).containsExactly(
                "keyless.yaml:8: aws.accounts.\"111122223333\".roles.gitlab-deployer: ERROR no-sub-condition: statement #0: "
                        + "role gitlab-deployer allows any identity of 127.0.0.1:8080: add a condition on 127.0.0.1:8080:sub",
                "1 error(s), 0 warning(s).");
    }

    @Test
    void lintWhenOnlyWarningsThenPrintedAndExit0() throws IOException {
        config("{\"StringEquals\":{\"127.0.0.1:8080:sub\":\"project_path:mygroup/myrepo:ref_type:branch:ref:main\"}}");

        TrustCli.Result r = TrustCli.run(dir, "lint");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains(": WARNING no-aud-condition: ").endsWith("keyless.yaml: OK (1 warning(s))\n");
    }

    @Test
    void lintWhenOnlyListenChangedThenEveryValueNamingTheOldPortIsAWarningWithFileLine() throws IOException {
        // publicUrl and issuer.url left to their defaults (http://LISTEN), as a starter config does.
        String example = Repo.exampleYaml().lines().filter(l -> !l.contains("publicUrl:") && !l.startsWith("  url:"))
                .collect(java.util.stream.Collectors.joining("\n"));
        Files.writeString(dir.resolve("keyless.yaml"), example.replace("listen: 127.0.0.1:8080", "listen: 127.0.0.1:9090"));

        TrustCli.Result r = TrustCli.run(dir, "lint");

        System.out.println(r.out());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines().filter(l -> l.contains("WARNING disagrees-with-issuer:")))
                .as("the AWS provider URL, the Federated ARN, 2 condition keys, the GCP issuerUri").hasSize(5)
                .allSatisfy(l -> assertThat(l).matches("keyless\\.yaml:[0-9]+: .*127\\.0\\.0\\.1:8080.*")
                        .contains("http://127.0.0.1:9090"));
        assertThat(r.out()).endsWith("keyless.yaml: OK (5 warning(s))\n");
    }

    @Test
    void lintWhenConfigErrorThenExit2BeforeTrustRules() throws IOException {
        Files.writeString(dir.resolve("keyless.yaml"), "aws:\n  acounts: {}\n");

        TrustCli.Result r = TrustCli.run(dir, "lint");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("keyless.yaml:2:").contains("acounts");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void lintHelpDocumentsTheExitCodesAndRules() {
        TrustCli.Result r = TrustCli.run(dir, "lint", "--help");

        assertThat(r.out()).contains("Exit 1 when any ERROR is found; warnings are printed but alone exit 0.")
                .contains("whole-pool-binding").contains("key-not-provided-by-aws");
    }
}
