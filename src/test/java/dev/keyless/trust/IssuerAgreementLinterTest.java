package dev.keyless.trust;

import static dev.keyless.trust.TrustConfigs.CLEAN_CONDITION;
import static dev.keyless.trust.TrustConfigs.aws;
import static dev.keyless.trust.TrustConfigs.gcp;
import static dev.keyless.trust.TrustConfigs.load;
import static dev.keyless.trust.TrustConfigs.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.aws.policy.LintFinding.Severity;
import dev.keyless.config.SourceLines;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code disagrees-with-issuer}: every provider URL, provider ARN, condition key, issuerUri and
 * public/issuer URL that names this server but not its issuer is one finding naming both values.
 */
class IssuerAgreementLinterTest {
    private static final String CONDITION = "attributeCondition: assertion.namespace_path == \"mygroup\"";
    private static final String MEMBER = TrustConfigs.POOL_SET + "attribute.project_path/mygroup/myrepo";
    private static final String SERVER_9090 = "server:\n  listen: 127.0.0.1:9090\n";

    private final IssuerAgreementLinter linter = new IssuerAgreementLinter();

    private List<TrustFinding> lint(String yaml) {
        List<TrustFinding> findings = linter.lint(load(yaml));
        findings.forEach(f -> System.out.println("finding: " + f.render("keyless.yaml", SourceLines.of(yaml))));
        return findings;
    }

    @Test
    void lintWhenEverythingNamesTheIssuerThenNoFinding() {
        assertThat(lint(aws("aws", policy(CLEAN_CONDITION)) + gcp(CONDITION, MEMBER))).isEmpty();
        assertThat(new ConfigTrustLinter().lint(load(aws("aws", policy(CLEAN_CONDITION)) + gcp(CONDITION, MEMBER))))
                .as("the whole lint of a clean config").isEmpty();
    }

    @Test
    void lintWhenOnlyListenChangedThenProviderUrlFederatedArnEachConditionKeyAndIssuerUriNamedOnce() {
        String yaml = SERVER_9090 + aws("aws", policy(CLEAN_CONDITION)) + gcp(CONDITION, MEMBER);

        List<TrustFinding> findings = lint(yaml);

        assertThat(findings).allSatisfy(f -> {
            assertThat(f.finding().ruleId()).isEqualTo(IssuerAgreementLinter.RULE);
            assertThat(f.finding().severity()).isEqualTo(Severity.WARNING);
            assertThat(f.finding().message()).contains("http://127.0.0.1:9090");
        });
        assertThat(findings).extracting(TrustFinding::location).containsExactly(
                "aws.accounts.\"111122223333\".openIdConnectProviders[0].url",
                "aws.accounts.\"111122223333\".roles.deployer.assumeRolePolicy.Statement[0].Principal.Federated",
                "aws.accounts.\"111122223333\".roles.deployer.assumeRolePolicy.Statement[0].Condition.StringEquals"
                        + ".\"127.0.0.1:8080:aud\"",
                "aws.accounts.\"111122223333\".roles.deployer.assumeRolePolicy.Statement[0].Condition.StringEquals"
                        + ".\"127.0.0.1:8080:sub\"",
                "gcp.projects.my-project.workloadIdentityPools.gitlab-pool.providers.gitlab.issuerUri");
        assertThat(findings.get(0).finding().message()).contains("AWS OIDC provider URL http://127.0.0.1:8080");
        assertThat(findings.get(1).finding().message())
                .contains("Principal.Federated arn:aws:iam::111122223333:oidc-provider/127.0.0.1:8080")
                .contains("arn:aws:iam::111122223333:oidc-provider/127.0.0.1:9090");
        assertThat(findings.get(3).finding().message()).contains("condition key 127.0.0.1:8080:sub")
                .contains("write 127.0.0.1:9090:sub");
        assertThat(findings.get(4).finding().message()).contains("issuerUri http://127.0.0.1:8080");
    }

    @Test
    void lintWhenRenderedThenFileLineOfTheValue() {
        String yaml = SERVER_9090 + aws("aws", policy(CLEAN_CONDITION)) + gcp(CONDITION, MEMBER);
        SourceLines lines = SourceLines.of(yaml);

        List<String> rendered = lint(yaml).stream().map(f -> f.render("keyless.yaml", lines)).toList();

        assertThat(rendered.get(0)).startsWith("keyless.yaml:" + lineOf(yaml, "- url:") + ": aws.accounts.\"111122223333\".openIdConnectProviders[0]"
                + ".url: WARNING disagrees-with-issuer: AWS OIDC provider URL http://127.0.0.1:8080 names");
        // The trust policy is a JSON string: its keys are placed at the assumeRolePolicy line.
        assertThat(rendered.get(3)).startsWith("keyless.yaml:" + lineOf(yaml, "assumeRolePolicy:") + ": ");
        assertThat(rendered.get(4)).startsWith("keyless.yaml:" + lineOf(yaml, "issuerUri:") + ": gcp.projects");
    }

    private static int lineOf(String text, String needle) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not in the text");
    }

    @Test
    void lintWhenPolicyIsYamlThenConditionKeyHasItsOwnLine() {
        String yaml = """
                server: {listen: 'localhost:9999'}
                aws:
                  accounts:
                    "111122223333":
                      openIdConnectProviders:
                        - url: http://localhost:9999
                          clientIds: [sts.amazonaws.com]
                      roles:
                        deployer:
                          assumeRolePolicy:
                            Statement:
                              Effect: Allow
                              Principal: {Federated: "arn:aws:iam::111122223333:oidc-provider/localhost:9999"}
                              Action: sts:AssumeRoleWithWebIdentity
                              Condition:
                                StringEquals:
                                  "localhost:9999:aud": sts.amazonaws.com
                                  "127.0.0.1:8080:sub": project_path:mygroup/myrepo:ref_type:branch:ref:main
                """;

        List<TrustFinding> findings = lint(yaml);

        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).render("keyless.yaml", SourceLines.of(yaml))).startsWith("keyless.yaml:18: "
                + "aws.accounts.\"111122223333\".roles.deployer.assumeRolePolicy.Statement.Condition.StringEquals."
                + "\"127.0.0.1:8080:sub\": WARNING disagrees-with-issuer: role deployer condition key 127.0.0.1:8080:sub"
                + " names 127.0.0.1:8080 on this machine, but the built-in issuer's URL is http://localhost:9999");
    }

    @Test
    void lintWhenPublicUrlKeepsTheOldPortThenPublicUrlNamed() {
        List<TrustFinding> findings = lint("server:\n  listen: 127.0.0.1:9090\n  publicUrl: http://127.0.0.1:8080\n");

        assertThat(findings).extracting(TrustFinding::location).containsExactly("server.publicUrl");
        assertThat(findings.get(0).finding().message()).contains("server.publicUrl http://127.0.0.1:8080")
                .contains("server.listen is 127.0.0.1:9090");
    }

    @Test
    void lintWhenIssuerUrlDiffersFromPublicUrlOnThisMachineThenIssuerUrlNamed() {
        List<TrustFinding> findings = lint("server:\n  listen: 127.0.0.1:9090\nissuer:\n  url: http://localhost:8080\n");

        assertThat(findings).extracting(TrustFinding::location).containsExactly("issuer.url");
        assertThat(findings.get(0).finding().message()).contains("issuer.url http://localhost:8080")
                .contains("server.publicUrl http://127.0.0.1:9090");
    }

    @Test
    void lintWhenProviderTrustsAnotherIssuerThenNoFinding() {
        String yaml = aws("aws", policy(CLEAN_CONDITION)) + """
                        - url: https://gitlab.example.com
                          clientIds: [sts.amazonaws.com]
                """;
        // A second provider for a real GitLab is not this server: nothing to say about it.
        String withForeign = yaml.replace("      roles:\n", "").replace("        deployer:\n", "")
                .replace("          assumeRolePolicy: '" + policy(CLEAN_CONDITION) + "'\n", "");
        assertThat(lint(withForeign)).isEmpty();
        assertThat(lint("server:\n  listen: 0.0.0.0:8080\n  publicUrl: https://keyless.example.com\n")).isEmpty();
    }
}
