package dev.keyless.issuer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses {@code {"job": {…}, "id_tokens": {"NAME": {"aud": "…" | […]}}}} strictly: unknown keys,
 * wrong JSON types and values past the limits are rejected naming the field ({@code job.ref}).
 * Job keys are GitLab's claim names; {@code environment} is an object {@code {name, protected,
 * deployment_tier, action}}; {@code timeout} is in seconds. Ids may be strings or integers.
 * Project paths and refs must be GitLab's and git's ({@link GitlabPaths}); the namespace paths and
 * the project and namespace ids are derived from the project paths, never taken from the caller.
 */
final class CiRequestParser {
    static final int MAX_TOKENS = 20;
    static final int MAX_AUDIENCES = 10;
    static final int MAX_NAME_LENGTH = 64;
    static final int MAX_STRING_LENGTH = 1024;
    static final int MAX_ID_LENGTH = 64;
    /** A token name becomes a CI variable: the variable-name rule. */
    private static final Pattern TOKEN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> JOB_KEYS = Set.of("project_path", "project_id", "namespace_path",
            "namespace_id", "job_project_path", "job_project_id", "job_namespace_path", "job_namespace_id",
            "user_id", "user_login", "user_email", "user_access_level", "pipeline_id", "pipeline_source", "job_id",
            "ref", "ref_type", "ref_protected", "environment", "runner_id", "runner_environment", "sha",
            "project_visibility", "ci_config_path", "job_source", "timeout");
    private static final Set<String> ENVIRONMENT_KEYS = Set.of("name", "protected", "deployment_tier", "action");

    /** Internal control flow only: {@link #parse} turns it into {@link CiRequest.Invalid}. */
    private static final class Reject extends Exception {
        final String field;

        Reject(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Duration maxTtl;

    CiRequestParser(Duration maxTtl) {
        this.maxTtl = maxTtl;
    }

    CiRequest parse(byte[] body) {
        try {
            JsonNode root;
            try {
                root = json.readTree(body);
            } catch (JsonProcessingException e) {
                throw new Reject("", "the body is not valid JSON");
            }
            JsonNode object = requireObject(root, "");
            onlyKeys(object, Set.of("job", "id_tokens"), "");
            JobContext job = job(requireObject(object.get("job"), "job"));
            return new CiRequest.Valid(job, tokens(requireObject(object.get("id_tokens"), "id_tokens")));
        } catch (Reject r) {
            return new CiRequest.Invalid(r.field, r.getMessage());
        } catch (IOException e) {
            return new CiRequest.Invalid("", "the body is not valid JSON");
        }
    }

    private Map<String, Audience> tokens(JsonNode idTokens) throws Reject {
        if (idTokens.isEmpty() || idTokens.size() > MAX_TOKENS) {
            throw new Reject("id_tokens", "expected between 1 and " + MAX_TOKENS + " tokens");
        }
        Map<String, Audience> tokens = new LinkedHashMap<>();
        for (var entry : idTokens.properties()) {
            String name = entry.getKey();
            String field = "id_tokens." + name;
            if (name.length() > MAX_NAME_LENGTH || !TOKEN_NAME.matcher(name).matches()) {
                throw new Reject(field, "a token name must match [A-Za-z_][A-Za-z0-9_]* and have at most "
                        + MAX_NAME_LENGTH + " characters");
            }
            JsonNode spec = requireObject(entry.getValue(), field);
            onlyKeys(spec, Set.of("aud"), field); // GitLab: aud is required and the only key
            tokens.put(name, audience(spec.get("aud"), field + ".aud"));
        }
        return tokens;
    }

    private static Audience audience(JsonNode aud, String field) throws Reject {
        if (aud == null || aud.isNull()) {
            throw new Reject(field, "aud is required");
        }
        if (aud.isTextual()) {
            return Audience.of(audienceValue(aud, field));
        }
        if (!aud.isArray()) {
            throw new Reject(field, "expected a string or an array of strings");
        }
        if (aud.isEmpty() || aud.size() > MAX_AUDIENCES) {
            throw new Reject(field, "expected between 1 and " + MAX_AUDIENCES + " audiences, got " + aud.size());
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < aud.size(); i++) {
            values.add(audienceValue(aud.get(i), field + "[" + i + "]"));
        }
        return Audience.ofList(values);
    }

    private static String audienceValue(JsonNode node, String field) throws Reject {
        if (!node.isTextual() || node.textValue().isEmpty() || node.textValue().length() > MAX_STRING_LENGTH) {
            throw new Reject(field, "expected a non-empty string of at most " + MAX_STRING_LENGTH + " characters");
        }
        return node.textValue();
    }

    private JobContext job(JsonNode job) throws Reject {
        onlyKeys(job, JOB_KEYS, "job");
        String projectPath = projectPath(job, "project_path", true);
        String ref = requiredString(job, "ref");
        Optional<String> refProblem = GitlabPaths.refProblem(ref);
        if (refProblem.isPresent()) {
            throw new Reject("job.ref", refProblem.get());
        }
        JobContextBuilder b = JobContext.builder(projectPath, ref);
        // GitLab derives these from the project, never from the caller: a client authorised for one
        // project must not be able to claim another's namespace or ids (a sub built from project_id
        // would otherwise be any project's). A value sent anyway must equal the derived one.
        String jobProjectPath = Optional.ofNullable(projectPath(job, "job_project_path", false)).orElse(projectPath);
        String namespacePath = GitlabPaths.namespaceOf(projectPath);
        String jobNamespacePath = GitlabPaths.namespaceOf(jobProjectPath);
        b.projectId(derived(job, "project_id", GitlabPaths.projectIdOf(projectPath), "job.project_path"))
                .namespacePath(derived(job, "namespace_path", namespacePath, "job.project_path"))
                .namespaceId(derived(job, "namespace_id", GitlabPaths.namespaceIdOf(namespacePath), "job.project_path"))
                .jobProjectPath(jobProjectPath)
                .jobProjectId(derived(job, "job_project_id", GitlabPaths.projectIdOf(jobProjectPath),
                        "job.job_project_path"))
                .jobNamespacePath(derived(job, "job_namespace_path", jobNamespacePath, "job.job_project_path"))
                .jobNamespaceId(derived(job, "job_namespace_id", GitlabPaths.namespaceIdOf(jobNamespacePath),
                        "job.job_project_path"));
        if (job.has("user_id") && job.get("user_id").isTextual() && job.get("user_id").textValue().isEmpty()) {
            b.userId("");
        } else {
            optionalId(job, "user_id", b::userId);
        }
        optionalString(job, "user_login", b::userLogin);
        optionalString(job, "user_email", b::userEmail);
        optionalString(job, "user_access_level", b::userAccessLevel);
        optionalId(job, "pipeline_id", b::pipelineId);
        optionalString(job, "pipeline_source", b::pipelineSource);
        optionalId(job, "job_id", b::jobId);
        optionalString(job, "ref_type", v -> b.refType(RefType.fromWire(v).orElse(null)));
        if (job.has("ref_type") && RefType.fromWire(job.get("ref_type").textValue()).isEmpty()) {
            throw new Reject("job.ref_type", "expected \"branch\" or \"tag\"");
        }
        b.refProtected(optionalBoolean(job, "ref_protected", "job.ref_protected"));
        if (job.has("environment")) {
            b.environment(environment(requireObject(job.get("environment"), "job.environment")));
        }
        if (job.has("runner_id")) {
            b.runnerId(positiveLong(job.get("runner_id"), "job.runner_id"));
        }
        optionalString(job, "runner_environment", b::runnerEnvironment);
        optionalString(job, "sha", b::sha);
        optionalString(job, "project_visibility", b::projectVisibility);
        optionalString(job, "ci_config_path", b::ciConfigPath);
        optionalString(job, "job_source", b::jobSource);
        if (job.has("timeout")) {
            long seconds = positiveLong(job.get("timeout"), "job.timeout");
            if (seconds < 1 || seconds > maxTtl.toSeconds()) {
                throw new Reject("job.timeout", "expected seconds between 1 and " + maxTtl.toSeconds());
            }
            b.timeout(Duration.ofSeconds(seconds));
        }
        return b.build();
    }

    private static String projectPath(JsonNode job, String key, boolean required) throws Reject {
        String path = string(job.get(key), "job." + key, required);
        if (path == null) {
            return null;
        }
        Optional<String> problem = GitlabPaths.projectPathProblem(path);
        if (problem.isPresent()) {
            throw new Reject("job." + key, problem.get());
        }
        return path;
    }

    /** {@code derivedValue}, after checking that a value the client sent for {@code key} is the same. */
    private static String derived(JsonNode job, String key, String derivedValue, String source) throws Reject {
        JsonNode node = job.get(key);
        if (node == null || node.isNull()) {
            return derivedValue;
        }
        String sent = node.isIntegralNumber() ? node.asText() : node.isTextual() ? node.textValue() : null;
        if (!derivedValue.equals(sent)) {
            throw new Reject("job." + key, "is derived from " + source + " and must be " + derivedValue
                    + " (or left out), got " + (sent == null ? node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                    : "'" + sent + "'"));
        }
        return derivedValue;
    }

    private JobEnvironment environment(JsonNode env) throws Reject {
        onlyKeys(env, ENVIRONMENT_KEYS, "job.environment");
        String name = string(env.get("name"), "job.environment.name", true);
        boolean isProtected = optionalBoolean(env, "protected", "job.environment.protected");
        return new JobEnvironment(name, isProtected, string(env.get("deployment_tier"), "job.environment.deployment_tier",
                false), string(env.get("action"), "job.environment.action", false));
    }

    private interface Setter {
        void set(String value);
    }

    private static String requiredString(JsonNode job, String key) throws Reject {
        return string(job.get(key), "job." + key, true);
    }

    private static void optionalString(JsonNode job, String key, Setter setter) throws Reject {
        String value = string(job.get(key), "job." + key, false);
        if (value != null) {
            setter.set(value);
        }
    }

    private static String string(JsonNode node, String field, boolean required) throws Reject {
        if (node == null || node.isNull()) {
            if (required) {
                throw new Reject(field, "is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            throw new Reject(field, "expected a string, got " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        String value = node.textValue();
        if (value.isEmpty() || value.length() > MAX_STRING_LENGTH) {
            throw new Reject(field, "expected a non-empty string of at most " + MAX_STRING_LENGTH + " characters");
        }
        return value;
    }

    private static void optionalId(JsonNode job, String key, Setter setter) throws Reject {
        JsonNode node = job.get(key);
        if (node == null || node.isNull()) {
            return;
        }
        String field = "job." + key;
        if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0) {
            setter.set(Long.toString(node.longValue()));
            return;
        }
        if (!node.isTextual() || node.textValue().isEmpty() || node.textValue().length() > MAX_ID_LENGTH) {
            throw new Reject(field, "expected an id: a string of at most " + MAX_ID_LENGTH + " characters or an integer");
        }
        setter.set(node.textValue());
    }

    private static boolean optionalBoolean(JsonNode object, String key, String field) throws Reject {
        JsonNode node = object.get(key);
        if (node == null || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual() && (node.textValue().equals("true") || node.textValue().equals("false"))) {
            return Boolean.parseBoolean(node.textValue());
        }
        throw new Reject(field, "expected true or false");
    }

    private static long positiveLong(JsonNode node, String field) throws Reject {
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw new Reject(field, "expected a non-negative integer");
        }
        return node.longValue();
    }

    private static JsonNode requireObject(JsonNode node, String field) throws Reject {
        if (node == null || !node.isObject()) {
            throw new Reject(field, field.isEmpty() ? "the body must be a JSON object" : "expected an object");
        }
        return node;
    }

    private static void onlyKeys(JsonNode object, Set<String> allowed, String prefix) throws Reject {
        for (var names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new Reject(prefix.isEmpty() ? name : prefix + "." + name, "unknown key");
            }
        }
    }
}
