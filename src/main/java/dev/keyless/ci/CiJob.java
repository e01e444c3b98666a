package dev.keyless.ci;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One job of an assembled CI file, with what it inherits from {@code default:} and the global
 * {@code variables:} under its {@code inherit:} rules (https://docs.gitlab.com/ee/ci/yaml/#inherit):
 * a key the job sets replaces the default's (no merge; {@code id_tokens} included); the old
 * top-level {@code image}, {@code services}, {@code cache}, {@code before_script} and
 * {@code after_script} count as defaults. Nothing is expanded yet: variables need the run's
 * predefined variables ({@link CiVariables}).
 *
 * @param variables   global then job variables in precedence order (the job's win), unexpanded
 * @param idTokens    the job's {@code id_tokens:}, in file order; {@code aud} unexpanded
 * @param timeout     the job's {@code timeout:}, empty when the project timeout applies
 */
public record CiJob(String name, String stage, List<CiVariable> variables, List<IdTokenDeclaration> idTokens,
        Optional<EnvironmentDeclaration> environment, Optional<Duration> timeout,
        List<String> beforeScript, List<String> script, List<String> afterScript, boolean hasImage, boolean hasServices) {

    /** A {@code variables:} entry; {@code raw} when {@code expand: false}. */
    public record CiVariable(String key, String value, boolean raw) {}

    /** {@code NAME: {aud: …}}: {@code list} when aud was a YAML list (it stays a JSON array). */
    public record IdTokenDeclaration(String name, List<String> audiences, boolean list) {}

    /** {@code environment:}; {@code action} defaults to {@code start}, a missing tier is guessed later. */
    public record EnvironmentDeclaration(String name, Optional<String> deploymentTier, String action) {}

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    static CiJob of(String name, Map<String, Object> root) throws CiFileException {
        Map<String, Object> job = GitlabCiConfig.asMap(root.get(name));
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (String legacy : List.of("image", "services", "cache", "before_script", "after_script")) {
            if (root.containsKey(legacy)) {
                defaults.put(legacy, root.get(legacy));
            }
        }
        defaults.putAll(GitlabCiConfig.asMap(root.get("default")));
        Map<String, Object> inherit = GitlabCiConfig.asMap(job.get("inherit"));
        Map<String, Object> effective = new LinkedHashMap<>();
        for (var e : defaults.entrySet()) {
            if (GitlabCiConfig.DEFAULT_KEYWORDS.contains(e.getKey()) && inherits(inherit.get("default"), e.getKey(), name, "default")) {
                effective.put(e.getKey(), e.getValue());
            }
        }
        effective.putAll(job);
        List<CiVariable> variables = new ArrayList<>();
        for (CiVariable v : variables(root.get("variables"), "variables")) {
            if (inherits(inherit.get("variables"), v.key(), name, "variables")) {
                variables.add(v);
            }
        }
        variables.addAll(variables(job.get("variables"), name + ":variables"));
        String stage = effective.get("stage") instanceof String s ? s : "test";
        return new CiJob(name, stage, variables, idTokens(effective.get("id_tokens"), name),
                environment(effective.get("environment"), name), timeout(effective.get("timeout"), name),
                script(effective.get("before_script"), name + ":before_script"),
                script(effective.get("script"), name + ":script"),
                script(effective.get("after_script"), name + ":after_script"),
                effective.get("image") != null, effective.get("services") != null);
    }

    /** {@code inherit: default|variables}: true (default), false, or a list of the names to keep. */
    private static boolean inherits(Object rule, String key, String job, String what) throws CiFileException {
        if (rule == null || Boolean.TRUE.equals(rule)) {
            return true;
        }
        if (Boolean.FALSE.equals(rule)) {
            return false;
        }
        if (rule instanceof List<?> list) {
            return list.contains(key);
        }
        throw new CiFileException(job + ":inherit:" + what + ": expected true, false or a list of names");
    }

    private static List<CiVariable> variables(Object node, String where) throws CiFileException {
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof Map<?, ?> map)) {
            throw new CiFileException(where + ": expected a mapping of NAME: value");
        }
        List<CiVariable> out = new ArrayList<>();
        for (var e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!VARIABLE_NAME.matcher(key).matches()) {
                throw new CiFileException(where + ":" + key + ": a variable name is letters, digits and _");
            }
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                Object expand = m.get("expand");
                out.add(new CiVariable(key, scalar(m.get("value"), where + ":" + key + ":value"), Boolean.FALSE.equals(expand)));
            } else {
                out.add(new CiVariable(key, scalar(v, where + ":" + key), false));
            }
        }
        return out;
    }

    /** GitLab turns numbers and booleans into their text; null becomes the empty string. */
    private static String scalar(Object v, String where) throws CiFileException {
        if (v == null) {
            return "";
        }
        if (v instanceof String || v instanceof Number || v instanceof Boolean) {
            return String.valueOf(v);
        }
        throw new CiFileException(where + ": expected a string or a number");
    }

    private static List<IdTokenDeclaration> idTokens(Object node, String job) throws CiFileException {
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof Map<?, ?> map)) {
            throw new CiFileException(job + ":id_tokens: expected a mapping of NAME: {aud: …}");
        }
        List<IdTokenDeclaration> out = new ArrayList<>();
        for (var e : map.entrySet()) {
            String token = String.valueOf(e.getKey());
            String where = job + ":id_tokens:" + token;
            // config/entry/id_token.rb: required_keys [:aud], allowed_keys [:aud], array_of_strings_or_string
            if (!(e.getValue() instanceof Map<?, ?> spec) || !spec.containsKey("aud")) {
                throw new CiFileException(where + ": aud is required");
            }
            for (Object k : spec.keySet()) {
                if (!"aud".equals(k)) {
                    throw new CiFileException(where + ": unknown key '" + k + "'; aud is the only allowed key");
                }
            }
            Object aud = spec.get("aud");
            if (aud instanceof String s) {
                out.add(new IdTokenDeclaration(token, List.of(s), false));
            } else if (aud instanceof List<?> list) {
                List<String> values = new ArrayList<>();
                for (Object o : list) {
                    if (!(o instanceof String s)) {
                        throw new CiFileException(where + ":aud: expected a string or a list of strings, got " + o);
                    }
                    values.add(s);
                }
                out.add(new IdTokenDeclaration(token, values, true));
            } else {
                throw new CiFileException(where + ":aud: expected a string or a list of strings");
            }
        }
        return out;
    }

    private static Optional<EnvironmentDeclaration> environment(Object node, String job) throws CiFileException {
        if (node == null) {
            return Optional.empty();
        }
        if (node instanceof String name) {
            return Optional.of(new EnvironmentDeclaration(name, Optional.empty(), "start"));
        }
        if (!(node instanceof Map<?, ?> map) || !(map.get("name") instanceof String name)) {
            throw new CiFileException(job + ":environment: expected a name or a mapping with name:");
        }
        Optional<String> tier = Optional.empty();
        if (map.get("deployment_tier") != null) {
            tier = Optional.of(String.valueOf(map.get("deployment_tier")));
        }
        String action = map.get("action") != null ? String.valueOf(map.get("action")) : "start";
        return Optional.of(new EnvironmentDeclaration(name, tier, action));
    }

    private static Optional<Duration> timeout(Object node, String job) throws CiFileException {
        if (node == null) {
            return Optional.empty();
        }
        String text = String.valueOf(node);
        return Optional.of(CiDurations.parse(text).orElseThrow(() -> new CiFileException(job
                + ":timeout: expected a duration like 1h 30m, 90 minutes or 3600, got '" + text + "'")));
    }

    /** A script is a string or a list of strings, lists nested up to 10 levels flattened (!reference). */
    private static List<String> script(Object node, String where) throws CiFileException {
        List<String> out = new ArrayList<>();
        flatten(node, out, where, 0);
        return out;
    }

    private static void flatten(Object node, List<String> out, String where, int depth) throws CiFileException {
        if (node == null) {
            return;
        }
        if (node instanceof String s) {
            out.add(s);
        } else if (node instanceof Number || node instanceof Boolean) {
            out.add(String.valueOf(node));
        } else if (node instanceof List<?> list && depth < 10) {
            for (Object o : list) {
                flatten(o, out, where, depth + 1);
            }
        } else {
            throw new CiFileException(where + ": expected a command or a list of commands");
        }
    }
}
