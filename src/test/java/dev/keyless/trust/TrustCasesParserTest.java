package dev.keyless.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrustCasesParserTest {

    @Test
    void parseWhenAwsAndGcpCasesThenTargetsClaimsExpectAndLines() throws TrustCasesException {
        String yaml = """
                cases:
                  - name: main
                    role: arn:aws:iam::111122223333:role/deployer
                    claims: {sub: "project_path:g/p:ref_type:branch:ref:main", aud: sts.amazonaws.com, project_id: 42}
                    expect: allow
                  - name: gcp
                    provider: //iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/x
                    serviceAccount: sa@p.iam.gserviceaccount.com
                    claims: {sub: s}
                    expect: DENY
                """;

        List<TrustCase> cases = TrustCasesParser.parse(yaml, "cases.yaml");

        assertThat(cases).hasSize(2);
        assertThat(cases.get(0).target()).isEqualTo(new TrustCase.AwsRole("arn:aws:iam::111122223333:role/deployer"));
        assertThat(cases.get(0).claims()).containsEntry("aud", "sts.amazonaws.com").containsEntry("project_id", 42);
        assertThat(cases.get(0).expect()).isEqualTo(TrustCase.Expect.ALLOW);
        assertThat(cases.get(0).line()).isEqualTo(2);
        assertThat(cases.get(1).target()).isEqualTo(new TrustCase.GcpProvider(
                "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/x",
                Optional.of("sa@p.iam.gserviceaccount.com")));
        assertThat(cases.get(1).expect()).isEqualTo(TrustCase.Expect.DENY);
        assertThat(cases.get(1).line()).isEqualTo(6);
    }

    @Test
    void parseWhenCasesAreWrongThenEveryProblemWithFileAndLine() {
        String yaml = """
                cases:
                  - name: ok
                    role: arn:aws:iam::111122223333:role/deployer
                    claims: {sub: s}
                    expect: allow
                  - name: no expect
                    role: arn:aws:iam::111122223333:role/deployer
                    claims: {sub: s}
                    expect: maybe
                  - name: both
                    role: arn:aws:iam::111122223333:role/deployer
                    provider: //iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/x
                    claim: {sub: s}
                    expect: deny
                """;

        assertThatThrownBy(() -> TrustCasesParser.parse(yaml, "cases.yaml"))
                .isInstanceOfSatisfying(TrustCasesException.class, e -> assertThat(e.problems()).containsExactly(
                        "cases.yaml:6: case 2 (no expect): \"expect\" must be allow or deny, not \"maybe\"",
                        "cases.yaml:10: case 3: unknown key \"claim\"; allowed are [claims, durationSeconds, expect, name, policy, provider, role, serviceAccount, sessionName, token]",
                        "cases.yaml:10: case 3 (both): give exactly one of \"role\" (an AWS role ARN) or \"provider\" (a GCP pool provider name)",
                        "cases.yaml:10: case 3 (both): \"claims\" must be a mapping of the token's claims, e.g. {sub: ..., aud: ...}"));
    }

    @Test
    void parseWhenNotYamlThenLineOfTheSyntaxError() {
        String yaml = "cases:\n  - name: x\n    claims: {sub: [unclosed\n";

        assertThatThrownBy(() -> TrustCasesParser.parse(yaml, "cases.yaml"))
                .isInstanceOf(TrustCasesException.class)
                .hasMessageStartingWith("cases.yaml:")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void parseWhenNoCasesKeyThenProblemAtLine1() {
        assertThatThrownBy(() -> TrustCasesParser.parse("tests: []\n", "cases.yaml"))
                .isInstanceOf(TrustCasesException.class)
                .hasMessage("cases.yaml:1: expected a mapping with a \"cases:\" list");
    }

    @Test
    void parseWhenCasesIsNotAListThenProblemAtItsLine() {
        assertThatThrownBy(() -> TrustCasesParser.parse("# header\ncases: {a: 1}\n", "cases.yaml"))
                .isInstanceOf(TrustCasesException.class)
                .hasMessage("cases.yaml:2: \"cases\" must be a list of cases");
    }
}
