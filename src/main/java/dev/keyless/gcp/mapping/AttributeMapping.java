package dev.keyless.gcp.mapping;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelKind;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Compiles a provider's {@code attributeMapping} and {@code attributeCondition} once, at config
 * load (IAM API, workload identity pool providers): keys {@code google.subject} (required), {@code google.groups}
 * and {@code attribute.<name>} with name {@code [a-z0-9_]{1,100}}; at most 50 custom attributes;
 * each expression ≤ 2048 characters; the condition ≤ 4096 characters.
 */
public final class AttributeMapping {

    static final String SUBJECT = "google.subject";
    static final String GROUPS = "google.groups";
    static final String ATTRIBUTE_PREFIX = "attribute.";
    static final int MAX_CUSTOM_ATTRIBUTES = 50;
    static final int MAX_EXPRESSION_CHARS = 2048;
    static final int MAX_CONDITION_CHARS = 4096;
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-z0-9_]{1,100}");

    private AttributeMapping() {
    }

    /**
     * Builds the CEL environment now, so a command that will compile mappings can have it built on
     * another core while it starts ({@code cli.StartupWarmUp}).
     */
    public static void prepare() {
        // A mapping of the shape GitLab's examples use, compiled and thrown away: the first compile
        // also initialises CEL's parser (ANTLR deserialises its grammar) and fills the parser's
        // shared prediction cache, which the configuration's own mappings then find ready.
        try {
            compile("warm-up", Map.of(SUBJECT, "assertion.sub", ATTRIBUTE_PREFIX + "project_path", "assertion.project_path"),
                    Optional.of("assertion.namespace_path == 'group' && attribute.project_path.startsWith('group/')"));
        } catch (MappingCompileException e) {
            throw new IllegalStateException("the warm-up mapping does not compile: " + e.getMessage(), e);
        }
    }

    /**
     * @throws MappingCompileException listing every problem (bad key, limit, CEL syntax or type
     *                                 error with its position)
     */
    public static CompiledMapping compile(String providerName, Map<String, String> mapping,
                                          Optional<String> condition) throws MappingCompileException {
        Objects.requireNonNull(providerName, "providerName");
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(condition, "condition");
        CelEnvironment env = CelEnvironment.shared();
        List<String> problems = new ArrayList<>();
        checkKeys(mapping, problems);
        Map<String, CompiledExpression> programs = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : mapping.entrySet()) {
            if (e.getValue() == null || e.getValue().length() > MAX_EXPRESSION_CHARS) {
                problems.add(e.getKey() + ": expression is empty or longer than " + MAX_EXPRESSION_CHARS + " characters");
                continue;
            }
            compileOne(env, e.getKey(), e.getValue(), false, problems).ifPresent(p -> programs.put(e.getKey(), p));
        }
        Optional<CompiledExpression> compiledCondition = Optional.empty();
        if (condition.isPresent()) {
            if (condition.get().length() > MAX_CONDITION_CHARS) {
                problems.add("attributeCondition: longer than " + MAX_CONDITION_CHARS + " characters");
            } else {
                compiledCondition = compileOne(env, "attributeCondition", condition.get(), true, problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new MappingCompileException(providerName, problems);
        }
        return new CompiledMapping(providerName, programs, compiledCondition);
    }

    private static void checkKeys(Map<String, String> mapping, List<String> problems) {
        if (!mapping.containsKey(SUBJECT)) {
            problems.add(SUBJECT + ": required for OIDC providers but not mapped");
        }
        int custom = 0;
        for (String key : mapping.keySet()) {
            if (key.startsWith(ATTRIBUTE_PREFIX)) {
                custom++;
                if (!ATTRIBUTE_NAME.matcher(key.substring(ATTRIBUTE_PREFIX.length())).matches()) {
                    problems.add(key + ": attribute name must be 1-100 characters of [a-z0-9_]");
                }
            } else if (!key.equals(SUBJECT) && !key.equals(GROUPS)) {
                problems.add(key + ": unknown target; allowed are google.subject, google.groups, attribute.<name>");
            }
        }
        if (custom > MAX_CUSTOM_ATTRIBUTES) {
            problems.add("attributeMapping: " + custom + " custom attributes, at most " + MAX_CUSTOM_ATTRIBUTES);
        }
    }

    private static Optional<CompiledExpression> compileOne(CelEnvironment env, String target, String expression,
                                                           boolean mustBeBool, List<String> problems) {
        CelValidationResult result = env.compiler().compile(expression);
        if (result.hasError()) {
            for (CelIssue issue : result.getErrors()) {
                problems.add(target + ": " + issue.getMessage() + position(issue.getSourceLocation()));
            }
            return Optional.empty();
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            CelKind kind = ast.getResultType().kind();
            if (mustBeBool && kind != CelKind.BOOL && kind != CelKind.DYN) {
                problems.add(target + ": must be a boolean expression, found " + ast.getResultType().name());
                return Optional.empty();
            }
            CelRuntime.Program program = env.runtime().createProgram(ast);
            return Optional.of(new CompiledExpression(expression, program));
        } catch (Exception e) { // CelValidationException, CelEvaluationException: both are config errors here
            problems.add(target + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static String position(CelSourceLocation loc) {
        if (loc == null || loc.equals(CelSourceLocation.NONE)) {
            return "";
        }
        // CEL columns are 0-based; editors and our config errors count from 1.
        return " at line " + loc.getLine() + ", column " + (loc.getColumn() + 1);
    }

    /** One compiled CEL program with its source, for explanations. */
    record CompiledExpression(String source, CelRuntime.Program program) {
        Object eval(Map<String, ?> vars) throws CelEvaluationException {
            return program.eval(vars);
        }
    }
}
