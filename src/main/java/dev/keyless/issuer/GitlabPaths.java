package dev.keyless.issuer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Pure: which project paths and refs a job can have, and the ids the issuer derives from a path.
 *
 * <p>Paths follow GitLab's {@code Gitlab::PathRegex} (lib/gitlab/path_regex.rb): a group segment
 * matches {@code NAMESPACE_FORMAT_REGEX} (letters, digits, {@code _ - .}, not starting with
 * {@code -}, not ending with {@code .}), the project segment {@code PROJECT_PATH_FORMAT_REGEX}
 * (the same, may end with {@code .}); neither ends in {@code .git} or {@code .atom}; at most 20
 * groups deep, 255 characters a segment. On top of that the dot segments {@code .} and {@code ..}
 * are refused: in {@code ci_config_ref_uri} and every URL built from a path they would resolve
 * away (RFC 3986 §5.2.4), so {@code mygroup/..} is not a project of {@code mygroup}.
 *
 * <p>Refs follow {@code git check-ref-format --branch} (git-check-ref-format(1)).
 */
public final class GitlabPaths {
    /** GitLab {@code Namespace::URL_MAX_LENGTH}. */
    static final int MAX_SEGMENT_LENGTH = 255;
    /** GitLab allows 20 ancestors: 20 groups then the project. */
    static final int MAX_SEGMENTS = 21;

    private static final String NO_SUFFIX = "(?<!\\.git|\\.atom)";
    private static final Pattern GROUP = Pattern.compile(
            "(?:[a-zA-Z0-9_.][a-zA-Z0-9_.-]{0,253}[a-zA-Z0-9_-]|[a-zA-Z0-9_])" + NO_SUFFIX);
    private static final Pattern PROJECT = Pattern.compile("[a-zA-Z0-9_.][a-zA-Z0-9_.-]{0,254}" + NO_SUFFIX);

    private GitlabPaths() {}

    /** Empty when {@code path} is a GitLab project path {@code group[/subgroup…]/project}, else why not. */
    public static Optional<String> projectPathProblem(String path) {
        String[] segments = path.split("/", -1);
        if (segments.length < 2) {
            return Optional.of("expected group/project: a GitLab project always belongs to a namespace");
        }
        if (segments.length > MAX_SEGMENTS) {
            return Optional.of("at most " + (MAX_SEGMENTS - 1) + " nested groups");
        }
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            boolean project = i == segments.length - 1;
            if (s.isEmpty()) {
                return Optional.of("empty path segment (a leading, trailing or doubled '/')");
            }
            if (s.equals(".") || s.equals("..")) {
                return Optional.of("'" + s + "' is not a path segment");
            }
            if (!(project ? PROJECT : GROUP).matcher(s).matches()) {
                return Optional.of((project ? "project" : "group") + " segment " + (i + 1) + " may hold only letters,"
                        + " digits, '_', '-' and '.', may not start with '-'"
                        + (project ? "" : " or end with '.'") + ", end in .git or .atom, or exceed "
                        + MAX_SEGMENT_LENGTH + " characters");
            }
        }
        return Optional.empty();
    }

    /** Empty when {@code ref} passes {@code git check-ref-format --branch}, else which rule it breaks. */
    public static Optional<String> refProblem(String ref) {
        if (ref.isEmpty()) {
            return Optional.of("empty ref");
        }
        for (int i = 0; i < ref.length(); i++) {
            char c = ref.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Optional.of("control character U+" + String.format("%04X", (int) c) + " at " + i);
            }
            if (" ~^:?*[\\".indexOf(c) >= 0) {
                return Optional.of("'" + c + "' is not allowed in a git ref");
            }
        }
        if (ref.startsWith("-")) {
            return Optional.of("a branch name may not start with '-'");
        }
        if (ref.equals("@")) {
            return Optional.of("'@' alone is not a ref");
        }
        if (ref.contains("..")) {
            return Optional.of("'..' is not allowed in a git ref");
        }
        if (ref.contains("@{")) {
            return Optional.of("'@{' is not allowed in a git ref");
        }
        if (ref.startsWith("/") || ref.endsWith("/") || ref.contains("//")) {
            return Optional.of("a git ref may not start or end with '/' or contain '//'");
        }
        if (ref.endsWith(".")) {
            return Optional.of("a git ref may not end with '.'");
        }
        for (String component : ref.split("/")) {
            if (component.startsWith(".")) {
                return Optional.of("a ref component may not start with '.'");
            }
            if (component.endsWith(".lock")) {
                return Optional.of("a ref component may not end with '.lock'");
            }
        }
        return Optional.empty();
    }

    /** {@code group/sub/project} → {@code group/sub}. */
    public static String namespaceOf(String projectPath) {
        return JobContext.namespaceOf(projectPath);
    }

    /**
     * The issuer's {@code project_id} for a project path. Keyless does not know GitLab's database
     * ids, so it derives one: the first 63 bits of SHA-256 over a labelled path, in decimal. Only the
     * path an authorised client may use decides it, so a client cannot pick another project's id
     * (finding a second path with the same id takes about 2^63 hashes).
     */
    public static String projectIdOf(String projectPath) {
        return derive("gitlab-project:" + projectPath);
    }

    /** The issuer's {@code namespace_id} for a namespace path, derived as {@link #projectIdOf}. */
    public static String namespaceIdOf(String namespacePath) {
        return derive("gitlab-namespace:" + namespacePath);
    }

    private static String derive(String label) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8));
            long value = ByteBuffer.wrap(hash).getLong() & Long.MAX_VALUE;
            return Long.toString(value == 0 ? 1 : value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
