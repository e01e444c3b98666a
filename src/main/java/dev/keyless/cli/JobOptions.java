package dev.keyless.cli;

import dev.keyless.issuer.GitlabPaths;
import dev.keyless.issuer.JobContext;
import dev.keyless.issuer.JobContextBuilder;
import dev.keyless.issuer.JobEnvironment;
import dev.keyless.issuer.RefType;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Every claim GitLab always sends has a flag; ids not given get the documented placeholder "0" and
 * the sha forty zeros, so a token has GitLab's full claim set even when minted on a laptop.
 */
public final class JobOptions {
    @Option(names = "--project-id", description = "project_id claim (default: 0; ci commands: derived from the path, as the CI API does)") String projectId;
    @Option(names = "--namespace-path", description = "namespace_path (default: the project path minus its last segment)") String namespacePath;
    @Option(names = "--namespace-id", description = "namespace_id (default: 0; ci commands: derived from the namespace path)") String namespaceId;
    @Option(names = "--user-id", description = "user_id (default: empty, as for a job without a user)", defaultValue = "") String userId;
    @Option(names = "--user-login", description = "user_login (default: null)") String userLogin;
    @Option(names = "--user-email", description = "user_email (default: null)") String userEmail;
    @Option(names = "--user-access-level", description = "user_access_level: guest, planner, reporter, developer, maintainer, owner (default: null)") String userAccessLevel;
    @Option(names = "--pipeline-id", defaultValue = "0", description = "pipeline_id (default: ${DEFAULT-VALUE})") String pipelineId;
    @Option(names = "--pipeline-source", defaultValue = "push", description = "pipeline_source (default: ${DEFAULT-VALUE})") String pipelineSource;
    @Option(names = "--job-id", defaultValue = "0", description = "job_id (default: ${DEFAULT-VALUE})") String jobId;
    @Option(names = "--sha", description = "sha and ci_config_sha (default: 40 zeros)") String sha;
    @Option(names = "--ref-protected", description = "ref_protected is \"true\" (default: \"false\")") boolean refProtected;
    @Option(names = "--environment", description = "environment name; adds environment, environment_protected, deployment_tier, environment_action") String environment;
    @Option(names = "--environment-protected", description = "environment_protected is \"true\"") boolean environmentProtected;
    @Option(names = "--deployment-tier", description = "deployment_tier: production, staging, testing, development, other (default: guessed from the environment name, as GitLab does)") String deploymentTier;
    @Option(names = "--environment-action", description = "environment_action: start, prepare, stop, verify, access (default: start)") String environmentAction;
    @Option(names = "--runner-id", description = "runner_id (an integer; omitted when not given, as for a job without a runner)") Long runnerId;
    @Option(names = "--runner-environment", description = "runner_environment: self-hosted or gitlab-hosted (sent with --runner-id; default self-hosted)") String runnerEnvironment;
    @Option(names = "--project-visibility", defaultValue = "private", description = "project_visibility (default: ${DEFAULT-VALUE})") String projectVisibility;
    @Option(names = "--ci-config-path", description = "path of the CI file in ci_config_ref_uri (default: .gitlab-ci.yml)") String ciConfigPath;
    @Option(names = "--job-source", description = "job_source (default: the pipeline source)") String jobSource;
    @Option(names = "--ttl", paramLabel = "DURATION", description = "token lifetime like 5m, 1h, 90s (default: issuer.defaultTtl, 5m)") String ttl;

    JobContext toJob(String projectPath, String ref, RefType refType, String defaultSha) throws UsageException {
        return builder(projectPath, ref, refType, defaultSha, false).build();
    }

    /** {@code deriveIds}: ids not given are derived from the paths as the CI API derives them. */
    JobContextBuilder builder(String projectPath, String ref, RefType refType, String defaultSha, boolean deriveIds)
            throws UsageException {
        String namespace = namespacePath != null ? namespacePath : GitlabPaths.namespaceOf(projectPath);
        JobContextBuilder b = JobContext.builder(projectPath, ref)
                .refType(refType)
                .projectId(projectId != null ? projectId : deriveIds ? GitlabPaths.projectIdOf(projectPath) : "0")
                .namespaceId(namespaceId != null ? namespaceId : deriveIds ? GitlabPaths.namespaceIdOf(namespace) : "0")
                .userId(userId)
                .userLogin(userLogin)
                .userEmail(userEmail)
                .userAccessLevel(userAccessLevel)
                .pipelineId(pipelineId)
                .pipelineSource(pipelineSource)
                .jobId(jobId)
                .refProtected(refProtected)
                .projectVisibility(projectVisibility);
        if (namespacePath != null) {
            b.namespacePath(namespacePath);
        }
        String s = sha != null ? sha : defaultSha;
        if (s != null) {
            b.sha(s);
        }
        if (environment != null) {
            b.environment(new JobEnvironment(environment, environmentProtected, deploymentTier, environmentAction));
        }
        if (runnerId != null) {
            b.runnerId(runnerId).runnerEnvironment(runnerEnvironment != null ? runnerEnvironment : "self-hosted");
        }
        if (ciConfigPath != null) {
            b.ciConfigPath(ciConfigPath);
        }
        if (jobSource != null) {
            b.jobSource(jobSource);
        }
        if (ttl != null) {
            b.timeout(parseDuration("--ttl", ttl));
        }
        return b;
    }

    /** {@code --ttl} asks for a lifetime: above {@code issuer.maxTtl} it is refused, naming both. */
    void checkTtl(Duration maxTtl) throws UsageException {
        if (ttl != null && parseDuration("--ttl", ttl).compareTo(maxTtl) > 0) {
            throw new UsageException("--ttl " + ttl + " (" + parseDuration("--ttl", ttl).toSeconds()
                    + "s) is longer than issuer.maxTtl " + human(maxTtl) + " ("
                    + maxTtl.toSeconds() + "s); ask for at most " + human(maxTtl)
                    + " or raise maxTtl in keyless.yaml");
        }
    }

    /** The environment flags as overrides of a CI file's {@code environment:}. */
    dev.keyless.ci.LocalJob.EnvironmentOverride environmentOverride() {
        return new dev.keyless.ci.LocalJob.EnvironmentOverride(java.util.Optional.ofNullable(environment),
                environmentProtected, java.util.Optional.ofNullable(deploymentTier),
                java.util.Optional.ofNullable(environmentAction));
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    /** {@code --ttl}: the tokens' lifetime asked for directly, over a job's timeout. */
    java.util.Optional<Duration> ttl() throws UsageException {
        return ttl == null ? java.util.Optional.empty() : java.util.Optional.of(parseDuration("--ttl", ttl));
    }

    /** {@code option} is the flag the user typed, so the error points at it. */
    static Duration parseDuration(String option, String text) throws UsageException {
        return dev.keyless.config.Durations.parse(text).orElseThrow(() ->
                new UsageException(option + ": expected a duration like 5m, 1h, 90s or PT5M; got '" + text + "'"));
    }
}
