package dev.keyless.aws.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Properties of IAM's semantics. */
class PolicyPropertiesTest {
    private static final List<String> NEGATED = List.of("StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike",
            "NumericNotEquals", "DateNotEquals", "NotIpAddress", "ArnNotEquals", "ArnNotLike");

    @Provide
    Arbitrary<String> plain() {
        return Arbitraries.strings().withChars("abcAB/:-_.0123").ofMaxLength(8);
    }

    @Provide
    Arbitrary<String> negated() {
        return Arbitraries.of(NEGATED);
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static boolean holds(String op, String value, List<String> request) {
        PolicyDocument p = Policies.allowWhen("{\"" + op + "\":{\"k\":" + json(value) + "}}");
        ConditionContext ctx = request == null ? ConditionContext.empty() : Policies.context(Map.of("k", request));
        return Policies.decide(p, ctx).allowed();
    }

    @Property
    void stringLikeWithoutWildcardsEqualsStringEquals(@ForAll("plain") String value, @ForAll("plain") String request) {
        assertThat(holds("StringLike", value, List.of(request))).isEqualTo(holds("StringEquals", value, List.of(request)));
        assertThat(holds("StringLike", value, List.of(value))).isTrue();
    }

    @Property
    void negatedOperatorOnPresentKeyIsNegationOfItsTwin(@ForAll("negated") String op, @ForAll("plain") String request) {
        String value = switch (op) {
            case "NumericNotEquals" -> "3";
            case "DateNotEquals" -> "2020-01-01T00:00:00Z";
            case "NotIpAddress" -> "10.0.0.0/8";
            case "ArnNotEquals", "ArnNotLike" -> "arn:aws:iam::1:role/x";
            default -> "ab";
        };
        ConditionOperator twin = ConditionOperator.byName(op).orElseThrow().positiveTwin();
        for (String r : List.of(request, value, "10.1.2.3", "3", "arn:aws:iam::1:role/x")) {
            assertThat(holds(op, value, List.of(r))).isEqualTo(!holds(twin.wire(), value, List.of(r)));
        }
    }

    @Property
    void ifExistsOnAbsentKeyIsTrue(@ForAll("anyOperator") ConditionOperator op) {
        String value = sampleValue(op);
        assertThat(holds(op.wire() + "IfExists", value, null)).isTrue();
    }

    @Provide
    Arbitrary<ConditionOperator> anyOperator() {
        return Arbitraries.of(ConditionOperator.class).filter(o -> o != ConditionOperator.NULL);
    }

    private static String sampleValue(ConditionOperator op) {
        return switch (op.kind()) {
            case NUMERIC_EQ, NUMERIC_LT, NUMERIC_LE, NUMERIC_GT, NUMERIC_GE -> "5";
            case DATE_EQ, DATE_LT, DATE_LE, DATE_GT, DATE_GE -> "2020-01-01T00:00:00Z";
            case BOOL -> "true";
            case BINARY -> "QUJD";
            case IP -> "10.0.0.0/8";
            case ARN -> "arn:aws:iam::1:role/*";
            default -> "v";
        };
    }

    @Property
    void forAllValuesOverEmptySetIsTrueAndForAnyValueFalse(@ForAll("anyOperator") ConditionOperator op,
            @ForAll boolean absent) {
        List<String> request = absent ? null : List.of();
        String value = sampleValue(op);
        assertThat(holds("ForAllValues:" + op.wire(), value, request)).isTrue();
        assertThat(holds("ForAnyValue:" + op.wire(), value, request)).isFalse();
    }

    @Provide
    Arbitrary<List<String>> statements() {
        Arbitrary<String> effect = Arbitraries.of("Allow", "Deny");
        Arbitrary<String> cond = Arbitraries.of("", ",\"Condition\":{\"StringEquals\":{\"k\":\"a\"}}",
                ",\"Condition\":{\"StringNotEquals\":{\"k\":\"a\"}}", ",\"Condition\":{\"ForAllValues:StringLike\":{\"t\":\"x*\"}}",
                ",\"Condition\":{\"StringLikeIfExists\":{\"m\":\"z?\"}}", ",\"Condition\":{\"Null\":{\"k\":\"true\"}}");
        Arbitrary<String> action = Arbitraries.of("sts:AssumeRoleWithWebIdentity", "sts:*", "s3:GetObject", "*");
        return net.jqwik.api.Combinators.combine(effect, action, cond)
                .as((e, a, c) -> "{\"Effect\":\"" + e + "\",\"Principal\":\"*\",\"Action\":\"" + a + "\"" + c + "}")
                .list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<ConditionContext> contexts() {
        Arbitrary<List<String>> values = Arbitraries.of("a", "b", "x1", "z9").list().ofMaxSize(2);
        return net.jqwik.api.Combinators.combine(values, values, values).as((k, t, m) -> {
            ConditionContext.Builder b = ConditionContext.builder();
            if (!k.isEmpty()) {
                b.put("k", k);
            }
            b.put("t", t);
            if (!m.isEmpty()) {
                b.put("m", m);
            }
            return b.build();
        });
    }

    private static PolicyDocument doc(List<String> statements) {
        return Policies.parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}");
    }

    @Property
    void addingDenyNeverTurnsDenyIntoAllow(@ForAll("statements") List<String> statements,
            @ForAll("contexts") ConditionContext ctx, @ForAll("statements") @Size(max = 2) List<String> extra) {
        List<String> more = new ArrayList<>(statements);
        extra.stream().map(s -> s.replace("\"Allow\"", "\"Deny\"")).forEach(more::add);
        boolean before = Policies.decide(doc(statements), ctx).allowed();
        boolean after = Policies.decide(doc(more), ctx).allowed();
        assertThat(!before && after).isFalse();
    }

    @Property
    void statementOrderNeverChangesTheDecision(@ForAll("statements") List<String> statements,
            @ForAll("contexts") ConditionContext ctx, @ForAll java.util.Random random) {
        List<String> shuffled = new ArrayList<>(statements);
        Collections.shuffle(shuffled, random);
        assertThat(Policies.decide(doc(shuffled), ctx).name()).isEqualTo(Policies.decide(doc(statements), ctx).name());
    }

    @Property
    void explicitDenyOverridesAnyAllow(@ForAll("statements") List<String> statements, @ForAll("contexts") ConditionContext ctx) {
        List<String> more = new ArrayList<>(statements);
        more.add("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"*\"}");
        assertThat(Policies.decide(doc(more), ctx)).isInstanceOf(Decision.ExplicitDeny.class);
    }

    @Property
    void wildcardPatternMatchesItsOwnLiteralText(@ForAll("plain") String a, @ForAll("plain") String b) {
        assertThat(WildcardPattern.glob(a + "*" + b, false).matches(a + "anything" + b)).isTrue();
        assertThat(WildcardPattern.glob("*", false).matches(a)).isTrue();
    }
}
