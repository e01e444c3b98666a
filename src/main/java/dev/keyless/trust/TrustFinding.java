package dev.keyless.trust;

import dev.keyless.aws.policy.LintFinding;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A trust-rule finding at a place in {@code keyless.yaml}: {@code location} is the key path, rendered
 * like the config loader's ({@code aws.accounts."111122223333".roles.gitlab-deployer}).
 */
public record TrustFinding(String location, LintFinding finding) {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    public TrustFinding {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(finding, "finding");
    }

    public boolean error() {
        return finding.severity() == LintFinding.Severity.ERROR;
    }

    /** {@code FILE: PATH: ERROR rule-id: statement S: message} — one line, for people and grep. */
    public String render(String file) {
        String statement = finding.statement().isEmpty() ? "" : "statement " + finding.statement() + ": ";
        return file + ": " + location + ": " + finding.severity() + " " + finding.ruleId() + ": " + statement
                + finding.message();
    }

    /** {@code path} and one more key, quoted as {@link #path} quotes it; a list index is appended as {@code [i]}. */
    static String key(String path, String key) {
        String k = PLAIN.matcher(key).matches() ? key : "\"" + key.replace("\"", "\\\"") + "\"";
        return path.isEmpty() ? k : path + "." + k;
    }

    /**
     * {@code FILE:LINE: PATH: ERROR rule-id: ...}: as {@link #render(String)} with the line where
     * {@code location} (or its nearest written parent) is in the file, as configuration errors name it.
     */
    public String render(String file, dev.keyless.config.SourceLines lines) {
        return lines.line(location).map(line -> render(file + ":" + line)).orElseGet(() -> render(file));
    }

    /** Joins keys into a path, quoting keys that are not plain identifiers (as ConfigProblem paths do). */
    static String path(List<String> keys) {
        StringBuilder b = new StringBuilder();
        for (String k : keys) {
            if (!b.isEmpty()) {
                b.append('.');
            }
            b.append(PLAIN.matcher(k).matches() ? k : "\"" + k.replace("\"", "\\\"") + "\"");
        }
        return b.toString();
    }
}
