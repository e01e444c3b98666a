package dev.keyless.ci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GitlabCiIdTokensTest {
    private static final String CI = """
            variables:
              AWS_AUD: sts.amazonaws.com
            default:
              id_tokens:
                DEFAULT_TOKEN: {aud: https://default.example}
            deploy:
              variables:
                VAULT: https://vault.example.com
              id_tokens:
                AWS_TOKEN:
                  aud: $AWS_AUD
                MULTI:
                  aud: ["${VAULT}", sigstore]
              script: [echo]
            test:
              script: [echo]
            bad:
              id_tokens:
                X: {aud: a, foo: b}
            """;

    @Test
    void forJobWhenJobHasIdTokensThenReplacesDefaultAndExpandsVariables() throws Exception {
        var specs = GitlabCiIdTokens.forJob(CI, "deploy", Map.of());
        assertThat(specs).containsExactly(
                new GitlabCiIdTokens.IdTokenSpec("AWS_TOKEN", List.of("sts.amazonaws.com"), false),
                new GitlabCiIdTokens.IdTokenSpec("MULTI", List.of("https://vault.example.com", "sigstore"), true));
    }

    @Test
    void forJobWhenJobHasNoIdTokensThenUsesDefault() throws Exception {
        assertThat(GitlabCiIdTokens.forJob(CI, "test", Map.of()))
                .containsExactly(new GitlabCiIdTokens.IdTokenSpec("DEFAULT_TOKEN", List.of("https://default.example"), false));
    }

    @Test
    void forJobWhenEnvironmentSetsVariableThenFileVariablesDoNotOverrideIt() throws Exception {
        var specs = GitlabCiIdTokens.forJob(CI, "deploy", Map.of("AWS_AUD", "from-env"));
        assertThat(specs.get(0).audiences()).containsExactly("from-env");
    }

    @Test
    void forJobWhenUnknownKeyThenErrorNamesIt() {
        assertThatThrownBy(() -> GitlabCiIdTokens.forJob(CI, "bad", Map.of()))
                .hasMessageContaining("id_tokens:X").hasMessageContaining("'foo'");
    }

    @Test
    void forJobWhenJobMissingThenErrorListsJobs() {
        assertThatThrownBy(() -> GitlabCiIdTokens.forJob(CI, "nope", Map.of()))
                .hasMessageContaining("no job named 'nope'").hasMessageContaining("deploy");
    }

    @Test
    void projectPathOfWhenSshOrHttpsRemoteThenFullPath() {
        assertThat(GitCheckout.projectPathOf("git@gitlab.com:group/sub/proj.git")).contains("group/sub/proj");
        assertThat(GitCheckout.projectPathOf("https://gitlab.example.com/group/proj.git")).contains("group/proj");
        assertThat(GitCheckout.projectPathOf("https://gitlab.example.com/proj")).isEqualTo(Optional.empty());
    }
}
