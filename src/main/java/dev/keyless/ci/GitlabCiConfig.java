package dev.keyless.ci;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code .gitlab-ci.yml} assembled the way GitLab's {@code Gitlab::Ci::Config#build_config} does
 * it, in its order: local {@code include:} files merged (included files first, in order, the
 * including file last, hashes deep-merged), then {@code extends:} (parents deep-merged in order,
 * the job's own keys last; arrays are replaced, not merged), then {@code !reference} tags resolved
 * against the extended configuration (https://docs.gitlab.com/ee/ci/yaml/includes.html#merge-method-for-include,
 * https://docs.gitlab.com/ee/ci/yaml/yaml_optimization.html). Pure: files are read through
 * {@link LocalFiles}. Only {@code include: local} can be resolved on this machine; {@code remote},
 * {@code project}, {@code template} and {@code component} are refused naming the include.
 */
public final class GitlabCiConfig {
    /** GitLab's limit on nested {@code extends:} (https://docs.gitlab.com/ee/ci/yaml/#extends). */
    static final int MAX_EXTENDS_DEPTH = 11;
    /** GitLab's default limit of included files per pipeline (https://docs.gitlab.com/ee/ci/yaml/includes.html). */
    static final int MAX_INCLUDES = 150;
    /** GitLab allows 10 levels of nested {@code !reference} (https://docs.gitlab.com/ee/ci/yaml/yaml_optimization.html). */
    static final int MAX_REFERENCE_DEPTH = 10;

    /** Keywords that are not jobs (https://docs.gitlab.com/ee/ci/yaml/#global-keywords). */
    static final Set<String> GLOBAL_KEYWORDS = Set.of("default", "include", "stages", "types", "variables", "workflow",
            "image", "services", "cache", "before_script", "after_script", "spec");

    /** Reads a repository file by its path from the repository root (no leading slash). */
    @FunctionalInterface
    public interface LocalFiles {
        Optional<String> read(String path);
    }

    private final Map<String, Object> root;

    private GitlabCiConfig(Map<String, Object> root) {
        this.root = root;
    }

    public static GitlabCiConfig load(String mainPath, LocalFiles files) throws CiFileException {
        String text = files.read(mainPath).orElseThrow(() -> new CiFileException(mainPath + ": not found"));
        Map<String, Object> main = CiYaml.load(text, mainPath);
        Set<String> seen = new LinkedHashSet<>();
        seen.add(normalize(mainPath));
        Map<String, Object> merged = withIncludes(main, mainPath, files, seen);
        Map<String, Object> extended = extendAll(merged);
        @SuppressWarnings("unchecked")
        Map<String, Object> resolved = (Map<String, Object>) resolveReferences(extended, extended, 0, "");
        return new GitlabCiConfig(resolved);
    }

    /** The assembled configuration: every job extended and every {@code !reference} resolved. */
    public Map<String, Object> root() {
        return root;
    }

    /** Visible jobs: top-level mappings that are not global keywords and do not start with a dot. */
    public List<String> jobNames() {
        List<String> jobs = new ArrayList<>();
        for (var e : root.entrySet()) {
            if (!e.getKey().startsWith(".") && !GLOBAL_KEYWORDS.contains(e.getKey()) && e.getValue() instanceof Map) {
                jobs.add(e.getKey());
            }
        }
        return jobs;
    }

    public CiJob job(String name) throws CiFileException {
        if (!jobNames().contains(name)) {
            throw new CiFileException("no job named '" + name + "' in the CI file; jobs: " + jobNames());
        }
        return CiJob.of(name, root);
    }

    // ---- include: -------------------------------------------------------------------------------

    private static Map<String, Object> withIncludes(Map<String, Object> file, String path, LocalFiles files,
            Set<String> seen) throws CiFileException {
        Object include = file.get("include");
        Map<String, Object> own = new LinkedHashMap<>(file);
        own.remove("include");
        if (include == null) {
            return own;
        }
        Map<String, Object> merged = new LinkedHashMap<>();
        for (String local : localIncludes(include, path)) {
            String key = normalize(local);
            if (!seen.add(key)) {
                continue; // GitLab includes a file once even when it is named twice
            }
            if (seen.size() > MAX_INCLUDES) {
                throw new CiFileException(path + ": include: more than " + MAX_INCLUDES + " files");
            }
            String text = files.read(key).orElseThrow(() -> new CiFileException(path + ": include: local file `"
                    + local + "` does not exist"));
            Map<String, Object> included = withIncludes(CiYaml.load(text, key), key, files, seen);
            merged = deepMerge(merged, included);
        }
        return deepMerge(merged, own);
    }

    private static List<String> localIncludes(Object include, String path) throws CiFileException {
        List<Object> items = include instanceof List<?> list ? new ArrayList<>(list) : List.of(include);
        List<String> locals = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof String s) {
                if (s.startsWith("http://") || s.startsWith("https://")) {
                    throw unsupported(path, "remote", s);
                }
                locals.add(checkLocal(s, path));
            } else if (item instanceof Map<?, ?> map) {
                if (map.get("local") instanceof String local) {
                    locals.add(checkLocal(local, path));
                } else {
                    for (String kind : List.of("remote", "project", "template", "component", "artifact")) {
                        if (map.containsKey(kind)) {
                            throw unsupported(path, kind, String.valueOf(map.get(kind)));
                        }
                    }
                    throw new CiFileException(path + ": include: expected local, remote, project, template or"
                            + " component, got " + map.keySet());
                }
            } else {
                throw new CiFileException(path + ": include: expected a file path or a mapping, got " + item);
            }
        }
        return locals;
    }

    private static String checkLocal(String local, String path) throws CiFileException {
        if (local.contains("*")) {
            throw new CiFileException(path + ": include: local `" + local + "`: wildcard paths are not supported by a"
                    + " local run; list the files");
        }
        if (local.contains("$")) {
            throw new CiFileException(path + ": include: local `" + local + "`: variables in include paths are not"
                    + " supported by a local run");
        }
        String n = normalize(local);
        if (n.isEmpty() || n.equals("..") || n.startsWith("../") || n.contains("/../")) {
            throw new CiFileException(path + ": include: local `" + local + "` is outside the repository");
        }
        return local;
    }

    private static CiFileException unsupported(String path, String kind, String what) {
        return new CiFileException(path + ": include: " + kind + " `" + what + "` is fetched by GitLab and cannot be"
                + " resolved on this machine; only include: local is supported");
    }

    /** Local includes are relative to the repository root; a leading slash is optional. */
    public static String normalize(String path) {
        String p = path.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        return p;
    }

    // ---- extends: -------------------------------------------------------------------------------

    private static Map<String, Object> extendAll(Map<String, Object> config) throws CiFileException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : config.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> && !GLOBAL_KEYWORDS.contains(e.getKey())) {
                out.put(e.getKey(), extended(config, e.getKey(), new ArrayList<>()));
            } else {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private static Map<String, Object> extended(Map<String, Object> config, String name, List<String> chain)
            throws CiFileException {
        if (chain.contains(name)) {
            throw new CiFileException(chain.getFirst() + ": extends: circular dependency " + String.join(" → ", chain)
                    + " → " + name);
        }
        if (chain.size() >= MAX_EXTENDS_DEPTH) {
            throw new CiFileException(chain.getFirst() + ": extends: nested too deeply (GitLab allows "
                    + MAX_EXTENDS_DEPTH + " levels)");
        }
        Map<String, Object> job = asMap(config.get(name));
        Object parents = job.get("extends");
        if (parents == null) {
            return job;
        }
        List<String> names = new ArrayList<>();
        if (parents instanceof String s) {
            names.add(s);
        } else if (parents instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    throw new CiFileException(name + ": extends: expected a job name or a list of job names");
                }
                names.add(s);
            }
        } else {
            throw new CiFileException(name + ": extends: expected a job name or a list of job names");
        }
        List<String> next = new ArrayList<>(chain);
        next.add(name);
        Map<String, Object> base = new LinkedHashMap<>();
        for (String parent : names) {
            if (!(config.get(parent) instanceof Map<?, ?>)) {
                throw new CiFileException(name + ": extends: unknown key `" + parent + "`");
            }
            base = deepMerge(base, extended(config, parent, next));
        }
        Map<String, Object> own = new LinkedHashMap<>(job);
        own.remove("extends");
        return deepMerge(base, own);
    }

    /** Hashes merge key by key, {@code over} winning; anything else (lists included) is replaced. */
    static Map<String, Object> deepMerge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        for (var e : over.entrySet()) {
            Object old = out.get(e.getKey());
            if (old instanceof Map<?, ?> a && e.getValue() instanceof Map<?, ?> b) {
                out.put(e.getKey(), deepMerge(asMap(a), asMap(b)));
            } else {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    // ---- !reference -----------------------------------------------------------------------------

    private static Object resolveReferences(Object node, Map<String, Object> config, int depth, String where)
            throws CiFileException {
        if (node instanceof CiReference ref) {
            if (depth >= MAX_REFERENCE_DEPTH) {
                throw new CiFileException(where + ": !reference " + ref.path() + ": nested more than "
                        + MAX_REFERENCE_DEPTH + " levels");
            }
            Object target = config;
            for (String key : ref.path()) {
                if (!(target instanceof Map<?, ?> map) || !map.containsKey(key)) {
                    throw new CiFileException(where + ": !reference " + ref.path() + " could not be found");
                }
                target = map.get(key);
            }
            return resolveReferences(target, config, depth + 1, where);
        }
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (var e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                out.put(key, resolveReferences(e.getValue(), config, depth, where.isEmpty() ? key : where + ":" + key));
            }
            return out;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object o : list) {
                out.add(resolveReferences(o, config, depth, where));
            }
            return out;
        }
        return node;
    }

    /** Keys a job may take from {@code default:} (https://docs.gitlab.com/ee/ci/yaml/#default). */
    static final Set<String> DEFAULT_KEYWORDS = new HashSet<>(List.of("after_script", "artifacts", "before_script",
            "cache", "hooks", "id_tokens", "image", "interruptible", "retry", "services", "tags", "timeout"));
}
