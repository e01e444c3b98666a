package dev.keyless.gcp.mapping;

import dev.keyless.gcp.mapping.AttributeMapping.CompiledExpression;
import dev.keyless.gcp.mapping.MappingOutcome.ConditionRejected;
import dev.keyless.gcp.mapping.MappingOutcome.Mapped;
import dev.keyless.gcp.mapping.MappingOutcome.MappingFailed;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider's mapping and condition, compiled; {@link #apply} is pure and thread-safe. Failures
 * name their {@link MappingFailureReason} and target; the GCP endpoint family words them for the
 * wire. Checked limits: {@code google.subject} at most 127 bytes and not empty, every value a
 * string ({@code google.groups} a list of strings), 8 KB in total. An expression that raises (a
 * missing claim: CEL "key 'x' is not present in map") fails the mapping; a condition that raises
 * rejects like a false one: fail closed, as GCP admits only what the condition accepts.
 */
public final class CompiledMapping {

    static final int MAX_SUBJECT_BYTES = 127;
    static final int MAX_TOTAL_BYTES = 8 * 1024;
    private static final String CONDITION = "attributeCondition";

    private final String providerName;
    private final Map<String, CompiledExpression> programs;
    private final Optional<CompiledExpression> condition;

    CompiledMapping(String providerName, Map<String, CompiledExpression> programs,
                    Optional<CompiledExpression> condition) {
        this.providerName = Objects.requireNonNull(providerName, "providerName");
        this.programs = Map.copyOf(programs);
        this.condition = Objects.requireNonNull(condition, "condition");
    }

    public String providerName() {
        return providerName;
    }

    /** Evaluates the mapping, then the condition, over verified JSON-like claims. */
    public MappingOutcome apply(Map<String, Object> claims) {
        Objects.requireNonNull(claims, "claims");
        Map<String, Object> assertion = ClaimConverter.convertMap(claims);
        Map<String, Object> vars = Map.of("assertion", assertion, "google", Map.of(), "attribute", Map.of());
        List<MappingTrace.Evaluated> trace = new ArrayList<>();

        Evaluated subjectValue = evaluate(AttributeMapping.SUBJECT, vars, trace);
        if (subjectValue.failure() != null) {
            return subjectValue.failure();
        }
        if (!(subjectValue.value() instanceof String subject)) {
            return notAString(AttributeMapping.SUBJECT, subjectValue.value(), trace);
        }
        if (subject.isEmpty()) {
            return failed(MappingFailureReason.EMPTY_SUBJECT, AttributeMapping.SUBJECT,
                    "google.subject evaluated to the empty string", trace);
        }
        if (subject.getBytes(StandardCharsets.UTF_8).length > MAX_SUBJECT_BYTES) {
            return failed(MappingFailureReason.SUBJECT_TOO_LONG, AttributeMapping.SUBJECT,
                    "google.subject is " + subject.getBytes(StandardCharsets.UTF_8).length + " bytes", trace);
        }
        List<String> groups = new ArrayList<>();
        if (programs.containsKey(AttributeMapping.GROUPS)) {
            Evaluated g = evaluate(AttributeMapping.GROUPS, vars, trace);
            if (g.failure() != null) {
                return g.failure();
            }
            if (!collectGroups(g.value(), groups)) {
                return failed(MappingFailureReason.GROUPS_NOT_A_STRING_LIST, AttributeMapping.GROUPS,
                        "google.groups evaluated to " + describe(g.value()), trace);
            }
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String key : programs.keySet().stream().filter(k -> k.startsWith(AttributeMapping.ATTRIBUTE_PREFIX))
                .sorted().toList()) {
            Evaluated a = evaluate(key, vars, trace);
            if (a.failure() != null) {
                return a.failure();
            }
            if (!(a.value() instanceof String s)) {
                return notAString(key, a.value(), trace);
            }
            attributes.put(key, s);
        }
        int total = totalBytes(subject, groups, attributes);
        if (total > MAX_TOTAL_BYTES) {
            return failed(MappingFailureReason.MAPPED_SIZE_TOO_LARGE, "*",
                    "mapped attributes total " + total + " bytes", trace);
        }
        return checkCondition(assertion, subject, groups, attributes, trace);
    }

    private MappingOutcome checkCondition(Map<String, Object> assertion, String subject, List<String> groups,
                                          Map<String, String> attributes, List<MappingTrace.Evaluated> trace) {
        if (condition.isEmpty()) {
            return new Mapped(subject, groups, attributes, new MappingTrace(trace, Optional.empty()));
        }
        Map<String, Object> attributeVar = new LinkedHashMap<>();
        attributes.forEach((k, v) -> attributeVar.put(k.substring(AttributeMapping.ATTRIBUTE_PREFIX.length()), v));
        Map<String, Object> google = Map.of("subject", subject, "groups", List.copyOf(groups));
        Map<String, Object> vars = Map.of("assertion", assertion, "google", google, "attribute", attributeVar);
        String source = condition.get().source();
        Object result;
        try {
            result = condition.get().eval(vars);
        } catch (Exception e) { // CelEvaluationException, or a runtime bug in an extension: fail closed
            return new ConditionRejected(true, CONDITION + " raised: " + e.getMessage(), new MappingTrace(trace,
                    Optional.of(MappingTrace.Evaluated.error(CONDITION, source, e.getMessage()))));
        }
        MappingTrace done = new MappingTrace(trace, Optional.of(MappingTrace.Evaluated.value(CONDITION, source, result)));
        if (Boolean.TRUE.equals(result)) {
            return new Mapped(subject, groups, attributes, done);
        }
        String detail = result instanceof Boolean ? CONDITION + " evaluated to false"
                : CONDITION + " evaluated to " + describe(result) + ", not a boolean";
        return new ConditionRejected(false, detail, done);
    }

    private record Evaluated(Object value, MappingFailed failure) {
    }

    private Evaluated evaluate(String target, Map<String, Object> vars, List<MappingTrace.Evaluated> trace) {
        CompiledExpression expr = programs.get(target);
        try {
            Object value = expr.eval(vars);
            trace.add(MappingTrace.Evaluated.value(target, expr.source(), value));
            return new Evaluated(value, null);
        } catch (Exception e) { // CelEvaluationException ("no such key"), or a runtime bug: a value, not a 500
            trace.add(MappingTrace.Evaluated.error(target, expr.source(), e.getMessage()));
            return new Evaluated(null, failed(MappingFailureReason.EVALUATION_ERROR, target,
                    target + " (" + expr.source() + "): " + e.getMessage(), trace));
        }
    }

    private static boolean collectGroups(Object value, List<String> into) {
        if (!(value instanceof List<?> list)) {
            return false;
        }
        for (Object o : list) {
            if (!(o instanceof String s)) {
                return false;
            }
            into.add(s);
        }
        return true;
    }

    private static int totalBytes(String subject, List<String> groups, Map<String, String> attributes) {
        int total = subject.getBytes(StandardCharsets.UTF_8).length;
        for (String g : groups) {
            total += g.getBytes(StandardCharsets.UTF_8).length;
        }
        for (String v : attributes.values()) {
            total += v.getBytes(StandardCharsets.UTF_8).length;
        }
        return total;
    }

    private static MappingFailed notAString(String target, Object value, List<MappingTrace.Evaluated> trace) {
        return failed(MappingFailureReason.NOT_A_STRING, target, target + " evaluated to " + describe(value), trace);
    }

    private static MappingFailed failed(MappingFailureReason reason, String target, String detail,
                                        List<MappingTrace.Evaluated> trace) {
        return new MappingFailed(reason, target, detail, new MappingTrace(trace, Optional.empty()));
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }

    @Override
    public String toString() {
        return "CompiledMapping[" + providerName + ", targets=" + programs.keySet()
                + condition.map(c -> ", condition=" + c.source()).orElse("") + "]";
    }
}
