package dev.keyless.ci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a job's {@code id_tokens:} from a {@code .gitlab-ci.yml} with GitLab's rules
 * (GitLab CI/CD YAML reference, id_tokens): {@code aud} is required and is the only key; a string stays a
 * string and a list stays a list; a job's block replaces {@code default:id_tokens} (no merge);
 * {@code $VAR}/{@code ${VAR}} in {@code aud} are expanded from the job's variables.
 */
public final class GitlabCiIdTokens {
    private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)}|([A-Za-z_][A-Za-z0-9_]*))");
    private static final Pattern TOKEN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** One token to mint: the variable name and its audience, a string or a list as written. */
    public record IdTokenSpec(String name, List<String> audiences, boolean audienceIsList) {}

    public static final class CiFileException extends Exception {
        public CiFileException(String message) {
            super(message);
        }
    }

    private GitlabCiIdTokens() {}

    public static List<IdTokenSpec> forJob(String yaml, String job, Map<String, String> variables) throws CiFileException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new CiFileException("the CI file is not valid YAML: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new CiFileException("the CI file is empty or not a mapping of jobs");
        }
        JsonNode jobNode = root.get(job);
        if (jobNode == null || !jobNode.isObject()) {
            List<String> jobs = new ArrayList<>();
            root.fieldNames().forEachRemaining(n -> {
                if (!n.startsWith(".") && root.get(n).isObject() && !List.of("default", "variables", "workflow", "include", "stages").contains(n)) {
                    jobs.add(n);
                }
            });
            throw new CiFileException("no job named '" + job + "' in the CI file; jobs: " + jobs);
        }
        Map<String, String> vars = new LinkedHashMap<>(variables);
        putVariables(root.get("variables"), vars, false);
        putVariables(jobNode.get("variables"), vars, true);
        JsonNode block = jobNode.has("id_tokens") ? jobNode.get("id_tokens")
                : root.path("default").get("id_tokens");
        if (block == null || block.isNull()) {
            throw new CiFileException("job '" + job + "' has no id_tokens: (and there is no default:id_tokens)");
        }
        if (!block.isObject()) {
            throw new CiFileException("id_tokens must be a mapping of NAME: {aud: …}");
        }
        List<IdTokenSpec> specs = new ArrayList<>();
        var fields = block.fields();
        while (fields.hasNext()) {
            var entry = fields.next();
            specs.add(spec(entry.getKey(), entry.getValue(), vars));
        }
        return specs;
    }

    private static IdTokenSpec spec(String name, JsonNode value, Map<String, String> vars) throws CiFileException {
        if (!TOKEN_NAME.matcher(name).matches()) {
            throw new CiFileException("id_tokens:" + name + ": the name must be a CI variable name ([A-Za-z_][A-Za-z0-9_]*)");
        }
        if (!value.isObject() || !value.has("aud")) {
            throw new CiFileException("id_tokens:" + name + ": aud is required (GitLab: required_keys [aud])");
        }
        var keys = value.fieldNames();
        while (keys.hasNext()) {
            String k = keys.next();
            if (!k.equals("aud")) {
                throw new CiFileException("id_tokens:" + name + ": unknown key '" + k + "'; aud is the only allowed key");
            }
        }
        JsonNode aud = value.get("aud");
        if (aud.isTextual()) {
            return new IdTokenSpec(name, List.of(expand(aud.asText(), vars)), false);
        }
        if (aud.isArray() && !aud.isEmpty()) {
            List<String> auds = new ArrayList<>();
            for (JsonNode a : aud) {
                if (!a.isTextual()) {
                    throw new CiFileException("id_tokens:" + name + ":aud must be a string or a list of strings");
                }
                auds.add(expand(a.asText(), vars));
            }
            return new IdTokenSpec(name, auds, true);
        }
        throw new CiFileException("id_tokens:" + name + ":aud must be a string or a non-empty list of strings");
    }

    private static void putVariables(JsonNode node, Map<String, String> vars, boolean override) {
        if (node == null || !node.isObject()) {
            return;
        }
        node.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            String value = v.isObject() ? v.path("value").asText("") : v.asText("");
            if (override || !vars.containsKey(e.getKey())) {
                vars.put(e.getKey(), value);
            }
        });
    }

    /** GitLab's ExpandVariables: unknown variables expand to the empty string. */
    static String expand(String s, Map<String, String> vars) {
        Matcher m = VARIABLE.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(vars.getOrDefault(name, "")));
        }
        m.appendTail(out);
        return out.toString();
    }
}
