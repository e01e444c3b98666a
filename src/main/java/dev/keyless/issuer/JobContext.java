package dev.keyless.issuer;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every input of a CI job's claims (GitLab docs, ID token authentication). Ids are strings, as on GitLab's wire;
 * {@code runnerId} is a number because GitLab sends it as one. Nullable: {@code userLogin},
 * {@code userEmail}, {@code userAccessLevel} (sent as JSON null), {@code runnerId},
 * {@code runnerEnvironment} (omitted), {@code timeout} (the issuer's default TTL applies),
 * {@code ciServerHost} (GitLab's host in {@code ci_config_ref_uri}; the issuer's host[:port] when unknown),
 * {@code userIdentities} and {@code groupsDirect} (omitted: GitLab sends them only when the user opted in
 * to identities, and {@code groups_direct} only with its feature flag).
 * {@link #builder} supplies the documented placeholders for values a caller does not know.
 */
public record JobContext(
        String projectPath, String projectId, String namespacePath, String namespaceId,
        String jobProjectPath, String jobProjectId, String jobNamespacePath, String jobNamespaceId,
        String userId, String userLogin, String userEmail, String userAccessLevel,
        String pipelineId, String pipelineSource, String jobId,
        String ref, RefType refType, boolean refProtected,
        Optional<JobEnvironment> environment,
        Long runnerId, String runnerEnvironment,
        String sha, String projectVisibility, String ciConfigPath, String jobSource,
        Duration timeout, String ciServerHost, List<UserIdentity> userIdentities, List<String> groupsDirect) {

    /** One entry of {@code user_identities} (jwt_v2.rb#user_identities). */
    public record UserIdentity(String provider, String externUid) {}

    public static final String DEFAULT_CI_CONFIG_PATH = ".gitlab-ci.yml";

    public JobContext {
        Objects.requireNonNull(projectPath, "projectPath");
        Objects.requireNonNull(projectId, "projectId");
        namespacePath = namespacePath != null ? namespacePath : namespaceOf(projectPath);
        Objects.requireNonNull(namespaceId, "namespaceId");
        jobProjectPath = jobProjectPath != null ? jobProjectPath : projectPath;
        jobProjectId = jobProjectId != null ? jobProjectId : projectId;
        jobNamespacePath = jobNamespacePath != null ? jobNamespacePath : namespaceOf(jobProjectPath);
        jobNamespaceId = jobNamespaceId != null ? jobNamespaceId : namespaceId;
        userId = userId != null ? userId : ""; // GitLab: user&.id.to_s, "" without a user
        Objects.requireNonNull(pipelineId, "pipelineId");
        Objects.requireNonNull(pipelineSource, "pipelineSource");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(refType, "refType");
        environment = environment != null ? environment : Optional.empty();
        Objects.requireNonNull(sha, "sha");
        Objects.requireNonNull(projectVisibility, "projectVisibility");
        ciConfigPath = ciConfigPath != null ? ciConfigPath : DEFAULT_CI_CONFIG_PATH;
        jobSource = jobSource != null ? jobSource : pipelineSource;
        userIdentities = userIdentities != null ? List.copyOf(userIdentities) : null;
        groupsDirect = groupsDirect != null ? List.copyOf(groupsDirect) : null;
    }

    /** {@code group/sub/project} → {@code group/sub}; a path without a group is its own namespace. */
    public static String namespaceOf(String projectPath) {
        int slash = projectPath.lastIndexOf('/');
        return slash > 0 ? projectPath.substring(0, slash) : projectPath;
    }

    /**
     * A builder with placeholders for every claim GitLab always sends: ids "0", user_id ""
     * (no user), pipeline_source and job_source "push", ref_type branch, ref_protected false,
     * sha 40 zeros, project_visibility "private", ci_config_path ".gitlab-ci.yml", no runner,
     * no environment, no timeout (default TTL).
     */
    public static JobContextBuilder builder(String projectPath, String ref) {
        return new JobContextBuilder(projectPath, ref);
    }
}
