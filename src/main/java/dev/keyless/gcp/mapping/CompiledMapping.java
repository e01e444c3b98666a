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
 * A provider's mapping and condition, compiled; {@link #apply} is pure and thread-safe.
 *
 * <p>Wire codes (Google STS API, token):
 * <ul>
 *   <li>subject over 127 bytes: {@code invalid_request} with GCP's exact text (GitLab docs).</li>
 *   <li>a non-string value: {@code unauthorized_client} "The mapped attribute 'google.subject'
 *       must be of type STRING." (observed from real STS: google-github-actions/auth#378).</li>
 *   <li>an expression that raises (a missing claim: CEL "key 'x' is not present in map"), an
 *       empty subject, or groups that are not a string list: GCP's text is unknown; we use the
 *       same code and sentence shape as the observed type error ({@code unauthorized_client}:
 *       the credential, not the request, is unacceptable; and a 4xx so clients do not retry).</li>
 *   <li>total size over 8 KB: {@code invalid_request}, like the other size limit; text ours.</li>
 *   <li>a condition that raises is a rejection like a false one ({@code unauthorized_client}):
 *       fail closed, as GCP admits only what the condition accepts.</li>
 * </ul>
 */
public final class CompiledMapping {

    static final int MAX_SUBJECT_BYTES = 127;
    static final int MAX_TOTAL_BYTES = 8 * 1024;
    static final String SUBJECT_TOO_LONG = "The size of mapped attribute google.subject exceeds the 127 bytes limit. "
            + "Either modify your attribute mapping or the incoming assertion to produce a mapped attribute "
            + "that is less than 127 bytes.";

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
        Map<String, Object> trace = new LinkedHashMap<>();

        Evaluated subjectValue = evaluate(AttributeMapping.SUBJECT, vars, trace);
        if (subjectValue.failure() != null) {
            return subjectValue.failure();
        }
        if (!(subjectValue.value() instanceof String subject)) {
            return notAString(AttributeMapping.SUBJECT, subjectValue.value(), trace);
        }
        if (subject.isEmpty()) {
            return failed(MappingFailureReason.EMPTY_SUBJECT, "unauthorized_client",
                    "The mapped attribute 'google.subject' must not be empty.",
                    "google.subject evaluated to the empty string", trace);
        }
        if (subject.getBytes(StandardCharsets.UTF_8).length > MAX_SUBJECT_BYTES) {
            return failed(MappingFailureReason.SUBJECT_TOO_LONG, "invalid_request", SUBJECT_TOO_LONG,
                    "google.subject is " + subject.getBytes(StandardCharsets.UTF_8).length + " bytes", trace);
        }
        List<String> groups = new ArrayList<>();
        if (programs.containsKey(AttributeMapping.GROUPS)) {
            Evaluated g = evaluate(AttributeMapping.GROUPS, vars, trace);
            if (g.failure() != null) {
                return g.failure();
            }
            if (!collectGroups(g.value(), groups)) {
                return failed(MappingFailureReason.GROUPS_NOT_A_STRING_LIST, "unauthorized_client",
                        "The mapped attribute 'google.groups' must be of type LIST of STRING.",
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
            return failed(MappingFailureReason.MAPPED_SIZE_TOO_LARGE, "invalid_request",
                    "The total size of the mapped attributes exceeds the 8KB limit.",
                    "mapped attributes total " + total + " bytes", trace);
        }
        return checkCondition(assertion, subject, groups, attributes, trace);
    }

    private MappingOutcome checkCondition(Map<String, Object> assertion, String subject, List<String> groups,
                                          Map<String, String> attributes, Map<String, Object> trace) {
        if (condition.isEmpty()) {
            return new Mapped(subject, groups, attributes, trace);
        }
        Map<String, Object> attributeVar = new LinkedHashMap<>();
        attributes.forEach((k, v) -> attributeVar.put(k.substring(AttributeMapping.ATTRIBUTE_PREFIX.length()), v));
        Map<String, Object> google = Map.of("subject", subject, "groups", List.copyOf(groups));
        Map<String, Object> vars = Map.of("assertion", assertion, "google", google, "attribute", attributeVar);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("expression", condition.get().source());
        trace.put("attributeCondition", entry);
        Object result;
        try {
            result = condition.get().eval(vars);
        } catch (Exception e) { // CelEvaluationException, or a runtime bug in an extension: fail closed
            entry.put("error", e.getMessage());
            return new ConditionRejected(true, "attributeCondition raised: " + e.getMessage(), trace);
        }
        entry.put("result", result);
        if (Boolean.TRUE.equals(result)) {
            return new Mapped(subject, groups, attributes, trace);
        }
        String detail = result instanceof Boolean ? "attributeCondition evaluated to false"
                : "attributeCondition evaluated to " + describe(result) + ", not a boolean";
        return new ConditionRejected(false, detail, trace);
    }

    private record Evaluated(Object value, MappingFailed failure) {
    }

    private Evaluated evaluate(String target, Map<String, Object> vars, Map<String, Object> trace) {
        CompiledExpression expr = programs.get(target);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("expression", expr.source());
        trace.put(target, entry);
        try {
            Object value = expr.eval(vars);
            entry.put("value", value);
            return new Evaluated(value, null);
        } catch (Exception e) { // CelEvaluationException ("no such key"), or a runtime bug: a value, not a 500
            entry.put("error", e.getMessage());
            return new Evaluated(null, failed(MappingFailureReason.EVALUATION_ERROR, "unauthorized_client",
                    "The mapped attribute '" + target + "' could not be evaluated.",
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

    private static MappingFailed notAString(String target, Object value, Map<String, Object> trace) {
        return failed(MappingFailureReason.NOT_A_STRING, "unauthorized_client",
                "The mapped attribute '" + target + "' must be of type STRING.",
                target + " evaluated to " + describe(value), trace);
    }

    private static MappingFailed failed(MappingFailureReason reason, String error, String description,
                                        String detail, Map<String, Object> trace) {
        return new MappingFailed(reason, error, description, detail, trace);
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
