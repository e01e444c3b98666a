package dev.keyless.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class AuditRendererTest {
    private static final Instant T = Instant.parse("2026-03-01T12:00:00.250Z");
    private final AuditRenderer renderer = new AuditRenderer();

    private static AuditEvent denied() {
        return AuditEvent.builder(T, "req-1", AuditKind.AWS_ASSUME_ROLE_WITH_WEB_IDENTITY, AuditDecision.DENY)
                .reason("AccessDenied").subject("project_path:g/p:ref_type:branch:ref:feature")
                .role("arn:aws:iam::111122223333:role/gitlab-deployer")
                .explanation(deniedExplanation())
                .build();
    }

    private static ObjectNode deniedExplanation() {
        ObjectNode explanation = JsonNodeFactory.instance.objectNode().put("statement", 0);
        explanation.putObject("condition").put("key", "gitlab.com:sub").put("expected", "project_path:g/p:ref_type:branch:ref:main")
                .put("actual", "project_path:g/p:ref_type:branch:ref:feature");
        return explanation;
    }

    private static AuditEvent allowed() {
        return AuditEvent.builder(T.plusSeconds(5), "req-2", AuditKind.TOKEN_MINTED, AuditDecision.ALLOW)
                .subject("s").build();
    }

    @Test
    void tableWhenEventsThenHeaderAndColumnsAligned() {
        String[] lines = renderer.table(List.of(denied(), allowed())).split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("TIME                  REQUEST ID  KIND");
        assertThat(lines[1]).startsWith("2026-03-01T12:00:00Z  req-1       AWS_ASSUME_ROLE_WITH_WEB_IDENTITY  DENY      AccessDenied");
        assertThat(lines[2]).startsWith("2026-03-01T12:00:05Z  req-2       TOKEN_MINTED                       ALLOW     -");
        assertThat(lines[1].indexOf("project_path")).isEqualTo(lines[0].indexOf("SUBJECT"));
        assertThat(lines[2].indexOf(" s ")).isEqualTo(lines[0].indexOf("SUBJECT") - 1);
    }

    @Test
    void tableWhenGitlabSubjectOfUsualLengthThenShownWhole() {
        String sub = "project_path:mygroup/myrepo:ref_type:branch:ref:feature-x";
        AuditEvent event = AuditEvent.builder(T, "r", AuditKind.AWS_ASSUME_ROLE_WITH_WEB_IDENTITY, AuditDecision.DENY)
                .subject(sub).build();
        assertThat(renderer.table(List.of(event))).contains(sub);
    }

    @Test
    void subjectCellWhenLongThenWholeMiddlePairsDroppedNeverPartOfAComponent() {
        String sub = "project_path:platform/deploy:ref_type:branch:ref:release/2026-03-hotfix-x";
        assertThat(AuditRenderer.subjectCell(sub)).isEqualTo("project_path:platform/deploy:…:ref:release/2026-03-hotfix-x");
        String env = "project_path:g/p:ref_type:branch:ref:main:environment:production-eu-west:"
                + "deployment_tier:production";
        assertThat(AuditRenderer.subjectCell(env)).isEqualTo("project_path:g/p:…:deployment_tier:production");
        // First and last pair alone too long, or not name:value pairs: whole, never cut.
        String longRef = "project_path:g/p:ref_type:branch:ref:feature/" + "x".repeat(80);
        assertThat(AuditRenderer.subjectCell(longRef)).isEqualTo(longRef);
        String opaque = "repo:" + "o".repeat(70);
        assertThat(AuditRenderer.subjectCell(opaque)).isEqualTo(opaque);
    }

    @Property
    void subjectCellWhenAnySubjectThenEveryShownComponentIsWholeAndInOrder(
            @ForAll @Size(min = 1, max = 8) List<@AlphaChars @NumericChars @Chars({'/', '-', '_', '.'})
                    @StringLength(min = 1, max = 30) String> values) {
        StringBuilder sub = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            sub.append(i == 0 ? "" : ":").append("k").append(i).append(':').append(values.get(i));
        }
        String cell = AuditRenderer.subjectCell(sub.toString());
        List<String> original = List.of(sub.toString().split(":"));
        List<String> shown = List.of(cell.split(":"));
        assertThat(original).containsSubsequence(shown.stream().filter(c -> !c.equals("…")).toList());
        assertThat(shown).allSatisfy(c -> assertThat(c.equals("…") || original.contains(c)).isTrue());
        assertThat(cell.length() <= AuditRenderer.SUBJECT_WIDTH || cell.equals(sub.toString())).isTrue();
        assertThat(shown.get(0)).isEqualTo("k0");
        assertThat(shown.get(shown.size() - 1)).isEqualTo(original.get(original.size() - 1));
    }

    @Test
    void cellWhenLongerThanMaxThenTruncatedWithEllipsis() {
        assertThat(AuditRenderer.cell("abcdefghij", 5)).isEqualTo("abcd…");
        assertThat(AuditRenderer.cell("abcde", 5)).isEqualTo("abcde");
        assertThat(AuditRenderer.cell(null, 5)).isEqualTo("-");
    }

    @Test
    void tableWhenSubjectHasTerminalEscapesThenControlCharactersReplaced() {
        AuditEvent event = AuditEvent.builder(T, "r", AuditKind.CI_API, AuditDecision.DENY)
                .subject("evil\u001b[2J\nfake line").build();
        String table = renderer.table(List.of(event));
        assertThat(table).doesNotContain("\u001b").contains("evil\uFFFD[2J\uFFFDfake line");
        assertThat(table.split("\n")).hasSize(2);
    }

    @Test
    void jsonLinesWhenExplanationIsJsonThenEmbeddedAsObject() throws Exception {
        String[] lines = renderer.jsonLines(List.of(denied(), allowed())).split("\n");
        assertThat(lines).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(lines[0]);
        assertThat(first.get("explanation").isObject()).isTrue();
        assertThat(first.at("/explanation/condition/key").asText()).isEqualTo("gitlab.com:sub");
        assertThat(first.get("time").asText()).isEqualTo("2026-03-01T12:00:00.250Z");
        assertThat(first.get("decision").asText()).isEqualTo("DENY");
        assertThat(new ObjectMapper().readTree(lines[1]).has("explanation")).isFalse();
    }

    @Test
    void jsonLinesWhenExplanationIsNotJsonThenEmbeddedAsString() throws Exception {
        // Only a row read back from a store (built with the record's constructor) can hold one.
        AuditEvent event = new AuditEvent(T, "r", AuditKind.CI_API, AuditDecision.ERROR, null, null, "plain words",
                null, null, null, null, null, null, null, null, null);
        JsonNode json = new ObjectMapper().readTree(renderer.jsonLines(List.of(event)));
        assertThat(json.get("explanation").asText()).isEqualTo("plain words");
    }

    @Test
    void detailWhenOneRequestThenFieldsAndPrettyExplanation() {
        String detail = renderer.detail(List.of(denied()));
        assertThat(detail).contains("requestId:     req-1\n").contains("reason:        AccessDenied\n")
                .contains("explanation:\n{\n  \"statement\" : 0,\n  \"condition\" : {\n    \"key\" : \"gitlab.com:sub\",");
        assertThat(renderer.detail(List.of())).isEqualTo("no audit event for this request id\n");
    }
}
