package dev.keyless.issuer;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.keyless.json.MalformedJsonException;
import dev.keyless.json.UntrustedJson;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Binds {@code {"job": {…}, "id_tokens": {"NAME": {"aud": "…" | […]}}}} to records with Jackson
 * (read by {@link UntrustedJson}: duplicate keys, trailing content, unknown keys and wrong JSON types
 * are refused naming the field, e.g. {@code job.ref}), then checks the limits. Job keys are GitLab's
 * claim names; {@code environment} is {@code {name, protected, deployment_tier, action}}; {@code
 * timeout} is in seconds. Ids may be strings or non-negative integers. Project paths and refs must
 * be GitLab's and git's ({@link GitlabPaths}); the namespace paths and the project and namespace ids
 * are derived from the project paths, never taken from the caller.
 */
final class CiRequestParser {
    static final int MAX_TOKENS = 20;
    static final int MAX_AUDIENCES = 10;
    static final int MAX_NAME_LENGTH = 64;
    static final int MAX_STRING_LENGTH = 1024;
    static final int MAX_ID_LENGTH = 64;
    /**
     * GitLab takes any YAML key as a token name (config/entry/id_tokens.rb); the runner exports it to the
     * job's environment, where a name cannot hold {@code =} or a control character.
     */
    private static final Pattern TOKEN_NAME = Pattern.compile("[^=\\p{Cntrl}]+");
    /** GitLab's longest job timeout is a month (https://docs.gitlab.com/ee/ci/pipelines/settings.html#set-a-limit-for-how-long-jobs-can-run). */
    private static final Pattern CI_SERVER_HOST = Pattern.compile(
            "(?=.{1,253}(:|$))[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::[0-9]{1,5})?");
    static final long MAX_TIMEOUT_SECONDS = 30L * 24 * 3600;

    record Body(Job job, @JsonProperty("id_tokens") LinkedHashMap<String, TokenSpec> idTokens) {}

    /** {@code aud} stays a tree: a string and a one-element array are different tokens (RFC 7519 §4.1.3). */
    record TokenSpec(JsonNode aud) {}

    record Job(@JsonProperty("project_path") String projectPath, @JsonProperty("project_id") Id projectId,
            @JsonProperty("namespace_path") String namespacePath, @JsonProperty("namespace_id") Id namespaceId,
            @JsonProperty("job_project_path") String jobProjectPath, @JsonProperty("job_project_id") Id jobProjectId,
            @JsonProperty("job_namespace_path") String jobNamespacePath,
            @JsonProperty("job_namespace_id") Id jobNamespaceId, @JsonProperty("user_id") Id userId,
            @JsonProperty("user_login") String userLogin, @JsonProperty("user_email") String userEmail,
            @JsonProperty("user_access_level") String userAccessLevel, @JsonProperty("pipeline_id") Id pipelineId,
            @JsonProperty("pipeline_source") String pipelineSource, @JsonProperty("job_id") Id jobId, String ref,
            @JsonProperty("ref_type") String refType, @JsonProperty("ref_protected") Boolean refProtected,
            Environment environment, @JsonProperty("runner_id") Long runnerId,
            @JsonProperty("runner_environment") String runnerEnvironment, String sha,
            @JsonProperty("project_visibility") String projectVisibility,
            @JsonProperty("ci_config_path") String ciConfigPath, @JsonProperty("job_source") String jobSource,
            Long timeout, @JsonProperty("ci_server_host") String ciServerHost,
            @JsonProperty("user_identities") List<Identity> userIdentities,
            @JsonProperty("groups_direct") List<String> groupsDirect) {}

    record Identity(String provider, @JsonProperty("extern_uid") String externUid) {}

    record Environment(String name, @JsonProperty("protected") Boolean isProtected,
            @JsonProperty("deployment_tier") String deploymentTier, String action) {}

    /** A GitLab id: a string or a non-negative integer, kept as text. */
    @JsonDeserialize(using = IdDeserializer.class)
    record Id(String text) {}

    static final class IdDeserializer extends StdScalarDeserializer<Id> {
        private static final long serialVersionUID = 1L;

        public IdDeserializer() {
            super(Id.class);
        }

        @Override
        public Id deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return new Id(p.getText());
            }
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                    && p.getLongValue() >= 0) {
                return new Id(Long.toString(p.getLongValue()));
            }
            return (Id) ctxt.handleUnexpectedToken(Id.class, p);
        }
    }

    /** Internal control flow only: {@link #parse} turns it into {@link CiRequest.Invalid}. */
    private static final class Reject extends Exception {
        private static final long serialVersionUID = 1L;
        final String field;

        Reject(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    private final Duration maxTtl;

    CiRequestParser(Duration maxTtl) {
        this.maxTtl = maxTtl;
    }

    CiRequest parse(byte[] body) {
        try {
            Body bound = bind(body);
            if (bound.job() == null) {
                throw new Reject("job", "expected an object");
            }
            if (bound.idTokens() == null) {
                throw new Reject("id_tokens", "expected an object");
            }
            return new CiRequest.Valid(job(bound.job()), tokens(bound.idTokens()));
        } catch (Reject r) {
            return new CiRequest.Invalid(r.field, r.getMessage());
        }
    }

    private static Body bind(byte[] body) throws Reject {
        JsonNode tree;
        try {
            tree = UntrustedJson.readObject(body);
        } catch (MalformedJsonException e) {
            throw new Reject("", "the body is not valid JSON: " + e.getMessage());
        }
        try {
            return UntrustedJson.mapper().treeToValue(tree, Body.class);
        } catch (UnrecognizedPropertyException e) {
            throw new Reject(field(e), "unknown key");
        } catch (MismatchedInputException e) {
            throw new Reject(field(e), expected(e.getTargetType()) + ", got " + kind(tree, e.getPath()));
        } catch (IOException e) {
            throw new Reject(e instanceof JsonMappingException m ? field(m) : "", "not a valid value");
        }
    }

    /** {@code job.environment.name}, {@code id_tokens.A.aud[2]}: the path Jackson was at. */
    private static String field(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String expected(Class<?> type) {
        if (type == String.class) {
            return "expected a string";
        }
        if (type == Id.class) {
            return "expected an id: a string of at most " + MAX_ID_LENGTH + " characters or a non-negative integer";
        }
        if (type == Boolean.class) {
            return "expected true or false";
        }
        if (type == Long.class) {
            return "expected a non-negative integer";
        }
        return "expected an object";
    }

    /** What was sent at the failing path (the tree was read already, so this cannot fail). */
    private static String kind(JsonNode tree, List<JsonMappingException.Reference> path) {
        JsonNode node = tree;
        for (JsonMappingException.Reference r : path) {
            node = r.getFieldName() != null ? node.path(r.getFieldName()) : node.path(r.getIndex());
        }
        return node.isMissingNode() ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static Map<String, Audience> tokens(Map<String, TokenSpec> idTokens) throws Reject {
        if (idTokens.isEmpty() || idTokens.size() > MAX_TOKENS) {
            throw new Reject("id_tokens", "expected between 1 and " + MAX_TOKENS + " tokens");
        }
        Map<String, Audience> tokens = new LinkedHashMap<>();
        for (var entry : idTokens.entrySet()) {
            String name = entry.getKey();
            String field = "id_tokens." + name;
            if (name.length() > MAX_NAME_LENGTH || !TOKEN_NAME.matcher(name).matches()) {
                throw new Reject(field, "a token name must be 1 to " + MAX_NAME_LENGTH
                        + " characters without '=' or control characters");
            }
            if (entry.getValue() == null) {
                throw new Reject(field, "expected an object");
            }
            tokens.put(name, audience(entry.getValue().aud(), field + ".aud")); // GitLab: aud is the only key
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
        // GitLab accepts aud: [] (array_of_strings_or_string) and mints "aud": [].
        if (aud.size() > MAX_AUDIENCES) {
            throw new Reject(field, "expected at most " + MAX_AUDIENCES + " audiences, got " + aud.size());
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < aud.size(); i++) {
            values.add(audienceValue(aud.get(i), field + "[" + i + "]"));
        }
        return Audience.ofList(values);
    }

    private static String audienceValue(JsonNode node, String field) throws Reject {
        // GitLab accepts aud: "" and mints "aud": "".
        if (!node.isTextual() || node.textValue().length() > MAX_STRING_LENGTH) {
            throw new Reject(field, "expected a string of at most " + MAX_STRING_LENGTH + " characters");
        }
        return node.textValue();
    }

    private JobContext job(Job j) throws Reject {
        String projectPath = projectPath(j.projectPath(), "job.project_path", true);
        String ref = string(j.ref(), "job.ref", true);
        Optional<String> refProblem = GitlabPaths.refProblem(ref);
        if (refProblem.isPresent()) {
            throw new Reject("job.ref", refProblem.get());
        }
        JobContextBuilder b = JobContext.builder(projectPath, ref);
        // GitLab derives these from the project, never from the caller: a client authorised for one
        // project must not be able to claim another's namespace or ids (a sub built from project_id
        // would otherwise be any project's). A value sent anyway must equal the derived one.
        String jobProjectPath = Optional.ofNullable(projectPath(j.jobProjectPath(), "job.job_project_path", false))
                .orElse(projectPath);
        String namespacePath = GitlabPaths.namespaceOf(projectPath);
        String jobNamespacePath = GitlabPaths.namespaceOf(jobProjectPath);
        b.projectId(derived(text(j.projectId()), "job.project_id", GitlabPaths.projectIdOf(projectPath),
                        "job.project_path"))
                .namespacePath(derived(j.namespacePath(), "job.namespace_path", namespacePath, "job.project_path"))
                .namespaceId(derived(text(j.namespaceId()), "job.namespace_id", GitlabPaths.namespaceIdOf(namespacePath),
                        "job.project_path"))
                .jobProjectPath(jobProjectPath)
                .jobProjectId(derived(text(j.jobProjectId()), "job.job_project_id",
                        GitlabPaths.projectIdOf(jobProjectPath), "job.job_project_path"))
                .jobNamespacePath(derived(j.jobNamespacePath(), "job.job_namespace_path", jobNamespacePath,
                        "job.job_project_path"))
                .jobNamespaceId(derived(text(j.jobNamespaceId()), "job.job_namespace_id",
                        GitlabPaths.namespaceIdOf(jobNamespacePath), "job.job_project_path"));
        if (j.userId() != null && j.userId().text().isEmpty()) {
            b.userId(""); // GitLab sends "" for jobs without a user
        } else {
            id(j.userId(), "job.user_id", b::userId);
        }
        optional(j.userLogin(), "job.user_login", b::userLogin);
        optional(j.userEmail(), "job.user_email", b::userEmail);
        optional(j.userAccessLevel(), "job.user_access_level", b::userAccessLevel);
        id(j.pipelineId(), "job.pipeline_id", b::pipelineId);
        optional(j.pipelineSource(), "job.pipeline_source", b::pipelineSource);
        id(j.jobId(), "job.job_id", b::jobId);
        if (j.refType() != null) {
            b.refType(RefType.fromWire(j.refType())
                    .orElseThrow(() -> new Reject("job.ref_type", "expected \"branch\" or \"tag\"")));
        }
        b.refProtected(Boolean.TRUE.equals(j.refProtected()));
        if (j.environment() != null) {
            Environment env = j.environment();
            b.environment(new JobEnvironment(string(env.name(), "job.environment.name", true),
                    Boolean.TRUE.equals(env.isProtected()),
                    string(env.deploymentTier(), "job.environment.deployment_tier", false),
                    string(env.action(), "job.environment.action", false)));
        }
        if (j.runnerId() != null) {
            b.runnerId(nonNegative(j.runnerId(), "job.runner_id"));
        }
        optional(j.runnerEnvironment(), "job.runner_environment", b::runnerEnvironment);
        optional(j.sha(), "job.sha", b::sha);
        optional(j.projectVisibility(), "job.project_visibility", b::projectVisibility);
        optional(j.ciConfigPath(), "job.ci_config_path", b::ciConfigPath);
        optional(j.jobSource(), "job.job_source", b::jobSource);
        if (j.userIdentities() != null) {
            List<JobContext.UserIdentity> identities = new ArrayList<>();
            for (int i = 0; i < j.userIdentities().size(); i++) {
                Identity id = j.userIdentities().get(i);
                String f = "job.user_identities[" + i + "]";
                if (id == null || i >= MAX_AUDIENCES) {
                    throw new Reject(f, "expected at most " + MAX_AUDIENCES + " objects {provider, extern_uid}");
                }
                identities.add(new JobContext.UserIdentity(string(id.provider(), f + ".provider", true),
                        string(id.externUid(), f + ".extern_uid", true)));
            }
            b.userIdentities(identities);
        }
        if (j.groupsDirect() != null) {
            // GitLab sends groups_direct only for users in at most 200 direct groups
            if (j.groupsDirect().size() > 200) {
                throw new Reject("job.groups_direct", "expected at most 200 group paths");
            }
            List<String> groups = new ArrayList<>();
            for (int i = 0; i < j.groupsDirect().size(); i++) {
                groups.add(string(j.groupsDirect().get(i), "job.groups_direct[" + i + "]", true));
            }
            b.groupsDirect(groups);
        }
        if (j.ciServerHost() != null) {
            // Only a host[:port]: a path here would let ci_config_ref_uri start like another project's.
            if (!CI_SERVER_HOST.matcher(j.ciServerHost()).matches()) {
                throw new Reject("job.ci_server_host", "expected GitLab's host or host:port, like gitlab.example.com");
            }
            b.ciServerHost(j.ciServerHost());
        }
        if (j.timeout() != null) {
            long seconds = nonNegative(j.timeout(), "job.timeout");
            // Any job timeout GitLab accepts (up to a month); the token's lifetime is then capped at
            // issuer.maxTtl, as a runner's maximum_timeout caps a job's.
            if (seconds < 1 || seconds > MAX_TIMEOUT_SECONDS) {
                throw new Reject("job.timeout", "expected seconds between 1 and " + MAX_TIMEOUT_SECONDS + " (a month)");
            }
            b.timeout(Duration.ofSeconds(seconds));
        }
        return b.build();
    }

    private static String projectPath(String value, String field, boolean required) throws Reject {
        String path = string(value, field, required);
        if (path == null) {
            return null;
        }
        Optional<String> problem = GitlabPaths.projectPathProblem(path);
        if (problem.isPresent()) {
            throw new Reject(field, problem.get());
        }
        return path;
    }

    private static String text(Id id) {
        return id == null ? null : id.text();
    }

    /** {@code derivedValue}, after checking that a value the client sent for {@code field} is the same. */
    private static String derived(String sent, String field, String derivedValue, String source) throws Reject {
        if (sent != null && !derivedValue.equals(sent)) {
            throw new Reject(field, "is derived from " + source + " and must be " + derivedValue
                    + " (or left out), got '" + sent + "'");
        }
        return derivedValue;
    }

    private static void optional(String value, String field, Consumer<String> setter) throws Reject {
        if (value != null) {
            setter.accept(string(value, field, false));
        }
    }

    private static String string(String value, String field, boolean required) throws Reject {
        if (value == null) {
            if (required) {
                throw new Reject(field, "is required");
            }
            return null;
        }
        if (value.isEmpty() || value.length() > MAX_STRING_LENGTH) {
            throw new Reject(field, "expected a non-empty string of at most " + MAX_STRING_LENGTH + " characters");
        }
        return value;
    }

    private static void id(Id id, String field, Consumer<String> setter) throws Reject {
        if (id == null) {
            return;
        }
        if (id.text().isEmpty() || id.text().length() > MAX_ID_LENGTH) {
            throw new Reject(field, "expected an id: a string of at most " + MAX_ID_LENGTH + " characters or an integer");
        }
        setter.accept(id.text());
    }

    private static long nonNegative(long value, String field) throws Reject {
        if (value < 0) {
            throw new Reject(field, "expected a non-negative integer");
        }
        return value;
    }
}
