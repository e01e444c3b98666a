package dev.keyless.issuer;

import java.util.List;
import java.util.Optional;

/**
 * Pure: the values GitLab can put in its enumerated claims. A value outside these is refused
 * naming the field, as no GitLab job could carry it.
 */
final class ClaimValues {
    /** {@code project_visibility}: Gitlab::VisibilityLevel string options. */
    static final List<String> VISIBILITY = List.of("private", "internal", "public");
    /** {@code user_access_level}: the lowercased role names (https://docs.gitlab.com/ee/user/permissions.html). */
    static final List<String> ACCESS_LEVELS = List.of("guest", "planner", "reporter", "developer", "maintainer", "owner");
    /** {@code pipeline_source}: the sources of Enums::Ci::Pipeline (app/models/concerns/enums/ci/pipeline.rb). */
    static final List<String> PIPELINE_SOURCES = List.of("unknown", "push", "web", "trigger", "schedule", "api",
            "external", "pipeline", "chat", "webide", "merge_request_event", "external_pull_request_event",
            "parent_pipeline", "ondemand_dast_scan", "ondemand_dast_validation", "security_orchestration_policy",
            "container_registry_push", "duo_workflow", "pipeline_execution_policy_schedule");
    /** {@code runner_environment}: JwtV2#runner_environment. */
    static final List<String> RUNNER_ENVIRONMENTS = List.of("gitlab-hosted", "self-hosted");
    /** {@code deployment_tier}: Environment tiers (https://docs.gitlab.com/ee/ci/environments/#deployment-tier-of-environments). */
    static final List<String> TIERS = List.of("production", "staging", "testing", "development", "other");
    /** {@code environment_action} (https://docs.gitlab.com/ee/ci/yaml/#environmentaction). */
    static final List<String> ACTIONS = List.of("start", "prepare", "stop", "verify", "access");

    private ClaimValues() {}

    /** The first problem as {field, message}, or empty. */
    static Optional<String[]> problem(JobContext job) {
        Optional<String[]> p = oneOf("job.project_visibility", job.projectVisibility(), VISIBILITY);
        if (p.isEmpty() && job.userAccessLevel() != null) {
            p = oneOf("job.user_access_level", job.userAccessLevel(), ACCESS_LEVELS);
        }
        if (p.isEmpty()) {
            p = oneOf("job.pipeline_source", job.pipelineSource(), PIPELINE_SOURCES);
        }
        if (p.isEmpty() && job.runnerEnvironment() != null) {
            p = oneOf("job.runner_environment", job.runnerEnvironment(), RUNNER_ENVIRONMENTS);
            if (p.isEmpty() && job.runnerId() == null) {
                p = Optional.of(new String[] {"job.runner_environment",
                    "needs job.runner_id: GitLab sends runner_environment only for a job with a runner"});
            }
        }
        if (p.isEmpty() && job.environment().isPresent()) {
            p = oneOf("job.environment.deployment_tier", job.environment().get().deploymentTier(), TIERS);
            if (p.isEmpty()) {
                p = oneOf("job.environment.action", job.environment().get().action(), ACTIONS);
            }
        }
        return p;
    }

    private static Optional<String[]> oneOf(String field, String value, List<String> allowed) {
        return allowed.contains(value) ? Optional.empty()
                : Optional.of(new String[] {field, "expected one of " + String.join(", ", allowed) + "; got '" + value + "'"});
    }
}
