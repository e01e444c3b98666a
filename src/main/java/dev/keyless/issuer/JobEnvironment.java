package dev.keyless.issuer;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The job's deployment environment; its claims appear only when a job has one (GitLab docs, ID token
 * authentication). GitLab always has a tier: when the job names none, {@code Environment#guess_tier}
 * (app/models/environment.rb, https://gitlab.com/gitlab-org/gitlab/-/blob/master/app/models/environment.rb)
 * guesses it from the name; the action defaults to {@code start}
 * (https://docs.gitlab.com/ee/ci/yaml/#environmentaction).
 *
 * @param deploymentTier production, staging, testing, development or other; null: guessed from the name
 * @param action         start, prepare, stop, verify or access; null: start
 */
public record JobEnvironment(String name, boolean isProtected, String deploymentTier, String action) {
    private static final Pattern DEVELOPMENT = Pattern.compile("(?i).*(dev|review|trunk).*", Pattern.DOTALL);
    private static final Pattern TESTING = Pattern.compile("(?i).*(test|tst|int|ac(ce|)pt|qa|qc|control|quality).*",
            Pattern.DOTALL);
    private static final Pattern STAGING = Pattern.compile("(?i).*(st(a|)g|mod(e|)l|pre|demo|non).*", Pattern.DOTALL);
    private static final Pattern PRODUCTION = Pattern.compile("(?i).*(pr(o|)d|live).*", Pattern.DOTALL);

    public JobEnvironment {
        Objects.requireNonNull(name, "name");
        deploymentTier = deploymentTier != null ? deploymentTier : guessTier(name);
        action = action != null ? action : "start";
    }

    /** {@code Environment#guess_tier}: the first of these patterns that matches decides, in this order. */
    public static String guessTier(String name) {
        if (DEVELOPMENT.matcher(name).matches()) {
            return "development";
        }
        if (TESTING.matcher(name).matches()) {
            return "testing";
        }
        if (STAGING.matcher(name).matches()) {
            return "staging";
        }
        if (PRODUCTION.matcher(name).matches()) {
            return "production";
        }
        return "other";
    }
}
