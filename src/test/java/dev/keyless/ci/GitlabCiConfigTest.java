package dev.keyless.ci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The job resolution of https://docs.gitlab.com/ee/ci/yaml/ (include, extends, inherit, anchors, !reference). */
class GitlabCiConfigTest {

    private static GitlabCiConfig load(Map<String, String> files) throws CiFileException {
        return GitlabCiConfig.load(".gitlab-ci.yml", p -> Optional.ofNullable(files.get(p)));
    }

    private static CiJob job(String yaml, String name) throws CiFileException {
        return load(Map.of(".gitlab-ci.yml", yaml)).job(name);
    }

    @Test
    void jobWhenItHasIdTokensThenTheyReplaceDefaultIdTokens() throws Exception {
        String yaml = """
                default:
                  id_tokens: {DEFAULT_TOKEN: {aud: https://default.example}}
                deploy:
                  id_tokens:
                    AWS: {aud: sts.amazonaws.com}
                    MULTI: {aud: [a]}
                  script: [echo]
                test:
                  script: [echo]
                """;
        assertThat(job(yaml, "deploy").idTokens()).containsExactly(
                new CiJob.IdTokenDeclaration("AWS", List.of("sts.amazonaws.com"), false),
                new CiJob.IdTokenDeclaration("MULTI", List.of("a"), true));
        assertThat(job(yaml, "test").idTokens()).containsExactly(
                new CiJob.IdTokenDeclaration("DEFAULT_TOKEN", List.of("https://default.example"), false));
    }

    @Test
    void jobWhenInheritDefaultFalseOrListThenOnlyThoseDefaults() throws Exception {
        String yaml = """
                default:
                  id_tokens: {T: {aud: x}}
                  before_script: [echo default]
                plain:
                  inherit: {default: false}
                  script: [echo]
                some:
                  inherit: {default: [before_script]}
                  script: [echo]
                """;
        assertThat(job(yaml, "plain").idTokens()).isEmpty();
        assertThat(job(yaml, "plain").beforeScript()).isEmpty();
        assertThat(job(yaml, "some").idTokens()).isEmpty();
        assertThat(job(yaml, "some").beforeScript()).containsExactly("echo default");
    }

    @Test
    void jobWhenExtendsChainThenHashesDeepMergeAndListsReplace() throws Exception {
        CiJob j = job("""
                .base:
                  variables: {A: base, B: base}
                  script: [one, two]
                  id_tokens: {T: {aud: base}}
                .mid:
                  extends: .base
                  variables: {B: mid}
                  environment: {name: staging}
                deploy:
                  extends: [.mid]
                  script: [three]
                """, "deploy");
        assertThat(j.variables()).extracting(CiJob.CiVariable::key, CiJob.CiVariable::value)
                .containsExactly(tuple("A", "base"), tuple("B", "mid"));
        assertThat(j.script()).containsExactly("three");
        assertThat(j.idTokens().getFirst().audiences()).containsExactly("base");
        assertThat(j.environment().orElseThrow().name()).isEqualTo("staging");
    }

    @Test
    void jobWhenAnchorsMergeKeysAndReferencesThenResolved() throws Exception {
        CiJob j = job("""
                .tokens: &tokens
                  id_tokens: {T: {aud: anchored}}
                .setup:
                  script: [echo setup]
                deploy:
                  <<: *tokens
                  script:
                    - !reference [.setup, script]
                    - echo deploy
                """, "deploy");
        assertThat(j.idTokens().getFirst().audiences()).containsExactly("anchored");
        assertThat(j.script()).containsExactly("echo setup", "echo deploy");
    }

    @Test
    void loadWhenLocalIncludeThenIncludedFileMergedAndMainFileWins() throws Exception {
        var config = load(Map.of(
                ".gitlab-ci.yml", """
                        include:
                          - local: /ci/tokens.yml
                        variables: {AUD: main}
                        deploy:
                          extends: .with-token
                          script: [echo]
                        """,
                "ci/tokens.yml", """
                        variables: {AUD: included, OTHER: o}
                        .with-token:
                          id_tokens: {T: {aud: $AUD}}
                        """));
        CiJob j = config.job("deploy");
        assertThat(j.idTokens().getFirst().audiences()).containsExactly("$AUD");
        assertThat(CiVariables.expandAll(j.variables()).expand("$AUD/$OTHER")).isEqualTo("main/o");
    }

    @Test
    void loadWhenRemoteIncludeMissingFileOrCycleThenRefusedNamingIt() {
        assertThatThrownBy(() -> load(Map.of(".gitlab-ci.yml", "include: {remote: 'https://x.example/a.yml'}\n")))
                .hasMessageContaining("remote").hasMessageContaining("https://x.example/a.yml");
        assertThatThrownBy(() -> load(Map.of(".gitlab-ci.yml", "include: nope.yml\n")))
                .hasMessageContaining("nope.yml").hasMessageContaining("does not exist");
        assertThatThrownBy(() -> load(Map.of(".gitlab-ci.yml", "a: {extends: b}\nb: {extends: a}\n")))
                .hasMessageContaining("circular");
        assertThatThrownBy(() -> load(Map.of(".gitlab-ci.yml", "deploy: &a [*a]\n")))
                .hasMessageContaining(".gitlab-ci.yml").hasMessageContaining("alias refers to a mapping or list that contains it");
        assertThatThrownBy(() -> load(Map.of(".gitlab-ci.yml", "a: {script: [!reference [.nope, script]]}\n")))
                .hasMessageContaining("!reference [.nope, script]");
    }

    @Test
    void idTokensWhenUnknownKeyThenRefusedNamingIt() {
        assertThatThrownBy(() -> job("bad: {id_tokens: {X: {aud: a, foo: b}}, script: [x]}\n", "bad"))
                .hasMessageContaining("id_tokens:X").hasMessageContaining("'foo'");
        assertThatThrownBy(() -> job("a: {script: [x]}\n", "nope"))
                .hasMessageContaining("no job named 'nope'").hasMessageContaining("[a]");
    }

    @Test
    void variablesWhenNestedPercentAndRawThenExpandedAsGitlab() {
        CiVariables v = CiVariables.expandAll(List.of(
                new CiJob.CiVariable("CI_SERVER_URL", "https://gitlab.example.com", true),
                new CiJob.CiVariable("BASE", "$CI_SERVER_URL/api", false),
                new CiJob.CiVariable("AUD", "${BASE}/v4", false),
                new CiJob.CiVariable("RAW", "$BASE", true)));
        assertThat(v.expand("$AUD")).isEqualTo("https://gitlab.example.com/api/v4");
        assertThat(v.expand("%BASE%")).isEqualTo("https://gitlab.example.com/api");
        assertThat(v.expand("$RAW|$UNKNOWN|")).isEqualTo("$BASE||");
    }

    @Test
    void variablesWhenCycleThenLeftUnexpanded() {
        CiVariables v = CiVariables.expandAll(List.of(new CiJob.CiVariable("A", "$B", false),
                new CiJob.CiVariable("B", "$A", false)));
        assertThat(v.get("A")).isEqualTo("$B");
    }

    @Test
    void timeoutWhenChronicDurationTextThenSeconds() {
        assertThat(CiDurations.parse("1h 30m")).contains(Duration.ofMinutes(90));
        assertThat(CiDurations.parse("2 hours 15 minutes")).contains(Duration.ofMinutes(135));
        assertThat(CiDurations.parse("3600")).contains(Duration.ofHours(1));
        assertThat(CiDurations.parse("1 week")).contains(Duration.ofDays(7));
        assertThat(CiDurations.parse("soon")).isEmpty();
    }

    @Test
    void remoteWhenSshOrHttpsThenProjectPathAndServerUrl() {
        assertThat(GitCheckout.projectPathOf("git@gitlab.com:group/sub/proj.git")).contains("group/sub/proj");
        assertThat(GitCheckout.projectPathOf("https://gitlab.example.com/group/proj.git")).contains("group/proj");
        assertThat(GitCheckout.projectPathOf("https://gitlab.example.com/proj")).isEmpty();
        assertThat(GitCheckout.serverUrlOf("git@gitlab.com:group/proj.git")).contains("https://gitlab.com");
        assertThat(GitCheckout.serverUrlOf("https://gitlab.example.com:8443/g/p.git")).contains("https://gitlab.example.com:8443");
        assertThat(GitCheckout.serverUrlOf("ssh://git@gitlab.example.com:2222/g/p.git")).contains("https://gitlab.example.com");
    }
}
