package dev.keyless.gcp.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.gcp.mapping.MappingOutcome.ConditionRejected;
import dev.keyless.gcp.mapping.MappingOutcome.Mapped;
import dev.keyless.gcp.mapping.MappingOutcome.MappingFailed;
import dev.keyless.gcp.sts.OAuthErrorCode;
import dev.keyless.gcp.sts.StsError;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AttributeMappingTest {

    private static final Map<String, Object> GITLAB_CLAIMS = gitlabClaims();

    private static Map<String, Object> gitlabClaims() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("sub", "project_path:mygroup/myrepo:ref_type:branch:ref:main");
        c.put("project_path", "mygroup/myrepo");
        c.put("namespace_path", "mygroup");
        c.put("ref", "main");
        c.put("email", "Dev@Example.com");
        c.put("groups", List.of("admins", "devs"));
        c.put("project_id", 42);          // Integer on purpose: must behave as a CEL int
        c.put("exp", 1_700_000_000L);
        c.put("score", 1.5d);
        c.put("environment", null);
        c.put("nested", Map.of("level", Map.of("deep", "x")));
        return c;
    }

    private static CompiledMapping compile(Map<String, String> mapping, String condition) throws Exception {
        return AttributeMapping.compile("gitlab-provider", mapping, Optional.ofNullable(condition));
    }

    private static Mapped mapped(MappingOutcome outcome) {
        assertThat(outcome).isInstanceOf(Mapped.class);
        return (Mapped) outcome;
    }

    @Test
    void applyWhenExtractSplitJoinThenAttributesMapped() throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("google.subject", "assertion.sub");
        m.put("attribute.ref", "assertion.sub.extract('ref:{ref}')");
        m.put("attribute.kind", "assertion.sub.extract('ref_type:{kind}:')");
        m.put("attribute.user", "assertion.email.split('@')[0].lowerAscii()");
        m.put("attribute.groups", "assertion.groups.join('.')");
        m.put("attribute.nomatch", "assertion.sub.extract('tag:{x}/')");
        Mapped out = mapped(compile(m, null).apply(GITLAB_CLAIMS));
        assertThat(out.subject()).isEqualTo("project_path:mygroup/myrepo:ref_type:branch:ref:main");
        assertThat(out.attributes()).containsEntry("attribute.ref", "main")
                .containsEntry("attribute.kind", "branch")
                .containsEntry("attribute.user", "dev")
                .containsEntry("attribute.groups", "admins.devs")
                .containsEntry("attribute.nomatch", "");
    }

    @Test
    void applyWhenGroupsMappedAndConditionUsesInThenMapped() throws Exception {
        Mapped out = mapped(compile(Map.of("google.subject", "assertion.sub", "google.groups", "assertion.groups"),
                "'admins' in google.groups && assertion.project_id == 42 && assertion.score > 1").apply(GITLAB_CLAIMS));
        assertThat(out.groups()).containsExactly("admins", "devs");
        assertThat(out.trace().condition()).hasValueSatisfying(c -> assertThat(c.result()).isEqualTo("true"));
    }

    @Test
    void applyWhenConditionUsesAttributeAndHasThenMapped() throws Exception {
        Mapped out = mapped(compile(Map.of("google.subject", "assertion.sub", "attribute.project_path",
                        "assertion.project_path"),
                "attribute.project_path.startsWith('mygroup/') && has(assertion.nested.level) && !has(assertion.missing)"
                        + " && assertion.environment == null && assertion.exp > 1.0").apply(GITLAB_CLAIMS));
        assertThat(out.attributes()).containsEntry("attribute.project_path", "mygroup/myrepo");
    }

    @Test
    void applyWhenMappingReadsMissingClaimThenEvaluationError() throws Exception {
        MappingOutcome out = compile(Map.of("google.subject", "assertion.sub", "attribute.env",
                "assertion.no_such_claim"), null).apply(GITLAB_CLAIMS);
        assertThat(out).isInstanceOfSatisfying(MappingFailed.class, f -> {
            assertThat(f.reason()).isEqualTo(MappingFailureReason.EVALUATION_ERROR);
            assertThat(StsError.of(f).code()).isEqualTo(OAuthErrorCode.UNAUTHORIZED_CLIENT);
            assertThat(StsError.of(f).description()).isEqualTo("The mapped attribute 'attribute.env' could not be evaluated.");
            assertThat(f.detail()).contains("assertion.no_such_claim").contains("no_such_claim");
        });
    }

    @Test
    void applyWhenSubjectIsNotAStringThenGcpTypeError() throws Exception {
        MappingOutcome out = compile(Map.of("google.subject", "assertion.sub == 'x'"), null).apply(GITLAB_CLAIMS);
        assertThat(out).isInstanceOfSatisfying(MappingFailed.class, f -> {
            assertThat(f.reason()).isEqualTo(MappingFailureReason.NOT_A_STRING);
            assertThat(StsError.of(f).code()).isEqualTo(OAuthErrorCode.UNAUTHORIZED_CLIENT);
            assertThat(StsError.of(f).description()).isEqualTo("The mapped attribute 'google.subject' must be of type STRING.");
        });
    }

    @Test
    void applyWhenAttributeIsAnIntThenNotAString() throws Exception {
        MappingOutcome out = compile(Map.of("google.subject", "assertion.sub", "attribute.pid",
                "assertion.project_id"), null).apply(GITLAB_CLAIMS);
        assertThat(out).isInstanceOfSatisfying(MappingFailed.class, f -> {
            assertThat(f.reason()).isEqualTo(MappingFailureReason.NOT_A_STRING);
            assertThat(StsError.of(f).description()).isEqualTo("The mapped attribute 'attribute.pid' must be of type STRING.");
        });
    }

    @Test
    void applyWhenSubjectOver127BytesThenGcpExactMessage() throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>(GITLAB_CLAIMS);
        claims.put("sub", "é".repeat(64)); // 128 bytes in UTF-8, 64 characters
        MappingOutcome out = compile(Map.of("google.subject", "assertion.sub"), null).apply(claims);
        assertThat(out).isInstanceOfSatisfying(MappingFailed.class, f -> {
            assertThat(f.reason()).isEqualTo(MappingFailureReason.SUBJECT_TOO_LONG);
            assertThat(StsError.of(f).code()).isEqualTo(OAuthErrorCode.INVALID_REQUEST);
            assertThat(StsError.of(f).description()).isEqualTo("The size of mapped attribute google.subject exceeds the 127 "
                    + "bytes limit. Either modify your attribute mapping or the incoming assertion to produce a mapped "
                    + "attribute that is less than 127 bytes.");
        });
    }

    @Test
    void applyWhenSubjectExactly127BytesThenMapped() throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>(GITLAB_CLAIMS);
        claims.put("sub", "a".repeat(127));
        assertThat(mapped(compile(Map.of("google.subject", "assertion.sub"), null).apply(claims)).subject())
                .hasSize(127);
    }

    @Test
    void applyWhenMappedValuesOver8KbThenSizeLimit() throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>(GITLAB_CLAIMS);
        claims.put("big", "x".repeat(5000));
        MappingOutcome out = compile(Map.of("google.subject", "assertion.sub", "attribute.a", "assertion.big",
                "attribute.b", "assertion.big"), null).apply(claims);
        assertThat(out).isInstanceOfSatisfying(MappingFailed.class, f -> {
            assertThat(f.reason()).isEqualTo(MappingFailureReason.MAPPED_SIZE_TOO_LARGE);
            assertThat(StsError.of(f).code()).isEqualTo(OAuthErrorCode.INVALID_REQUEST);
        });
    }

    @Test
    void applyWhenGroupsNotAListThenGroupsFailure() throws Exception {
        MappingOutcome out = compile(Map.of("google.subject", "assertion.sub", "google.groups", "assertion.ref"),
                null).apply(GITLAB_CLAIMS);
        assertThat(out).isInstanceOfSatisfying(MappingFailed.class,
                f -> assertThat(f.reason()).isEqualTo(MappingFailureReason.GROUPS_NOT_A_STRING_LIST));
    }

    @Test
    void applyWhenConditionThrowsThenRejectedWithGcpText() throws Exception {
        MappingOutcome out = compile(Map.of("google.subject", "assertion.sub"),
                "assertion.no_such_claim == 'x'").apply(GITLAB_CLAIMS);
        assertThat(out).isInstanceOfSatisfying(ConditionRejected.class, r -> {
            assertThat(r.threw()).isTrue();
            assertThat(r.trace().condition()).isPresent();
            assertThat(r.detail()).contains("no_such_claim");
        });
    }

    @Test
    void applyWhenConditionFalseThenRejected() throws Exception {
        MappingOutcome out = compile(Map.of("google.subject", "assertion.sub"),
                "assertion.ref == 'production'").apply(GITLAB_CLAIMS);
        assertThat(out).isInstanceOfSatisfying(ConditionRejected.class, r -> {
            assertThat(r.threw()).isFalse();
            assertThat(r.detail()).isEqualTo("attributeCondition evaluated to false");
            assertThat(r.trace().condition()).isPresent();
        });
    }

    @Test
    void compileWhenSyntaxErrorThenNamesProviderAttributeAndPosition() {
        assertThatThrownBy(() -> compile(Map.of("google.subject", "assertion.sub +"), null))
                .isInstanceOfSatisfying(MappingCompileException.class, e -> {
                    assertThat(e.providerName()).isEqualTo("gitlab-provider");
                    assertThat(e.problems()).singleElement().asString()
                            .startsWith("google.subject: ").contains("at line 1, column ");
                    assertThat(e.getMessage()).startsWith("provider gitlab-provider: google.subject: ");
                });
    }

    @Test
    void compileWhenUnknownFunctionInConditionThenNamesConditionAndColumn() {
        assertThatThrownBy(() -> compile(Map.of("google.subject", "assertion.sub"), "  nosuch(assertion.sub)"))
                .isInstanceOfSatisfying(MappingCompileException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("attributeCondition: undeclared reference to 'nosuch'")
                        .endsWith("at line 1, column 9")); // CEL places a call at its "(", 0-based 8
    }

    @Test
    void compileWhenConditionNotBooleanThenError() {
        assertThatThrownBy(() -> compile(Map.of("google.subject", "assertion.sub"), "'text'"))
                .isInstanceOfSatisfying(MappingCompileException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("attributeCondition: must be a boolean expression"));
    }

    @Test
    void compileWhenLimitsBrokenThenEveryProblemListed() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < 51; i++) {
            m.put("attribute.a" + i, "assertion.sub");
        }
        m.put("attribute.Bad-Name", "assertion.sub");
        m.put("attribute." + "x".repeat(101), "assertion.sub");
        m.put("google.display_name", "assertion.sub");
        m.put("attribute.long", "'" + "x".repeat(2050) + "'");
        assertThatThrownBy(() -> AttributeMapping.compile("p", m, Optional.of("true ".repeat(1000))))
                .isInstanceOfSatisfying(MappingCompileException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "google.subject: required for OIDC providers but not mapped",
                        "attribute.Bad-Name: attribute name must be 1-100 characters of [a-z0-9_]",
                        "attribute." + "x".repeat(101) + ": attribute name must be 1-100 characters of [a-z0-9_]",
                        "google.display_name: unknown target; allowed are google.subject, google.groups, attribute.<name>",
                        "attributeMapping: 54 custom attributes, at most 50",
                        "attribute.long: expression is empty or longer than 2048 characters",
                        "attributeCondition: longer than 4096 characters"));
    }

    @Test
    void extractWhenTemplateHasPrefixOrSuffixOnlyThenGcpDocumentedResults() {
        String arn = "arn:aws:sts::123:assumed-role/R/s";
        assertThat(ExtractFunction.extract(arn, "assumed-role/{role_name}/")).isEqualTo("R");
        assertThat(ExtractFunction.extract(arn, "{account_arn}assumed-role/")).isEqualTo("arn:aws:sts::123:");
        assertThat(ExtractFunction.extract(arn, "nothing/{x}")).isEmpty();
        assertThat(ExtractFunction.extract(arn, "no placeholder")).isEmpty();
        assertThat(Arrays.asList(ExtractFunction.extract("a/b/c", "b/{x}"))).containsExactly("c");
    }
}
