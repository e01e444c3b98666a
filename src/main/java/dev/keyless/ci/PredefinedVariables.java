package dev.keyless.ci;

import dev.keyless.issuer.JobContext;
import dev.keyless.issuer.JobEnvironment;
import dev.keyless.issuer.RefType;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * GitLab's predefined CI/CD variables for a job, from its claims' inputs
 * (https://docs.gitlab.com/ee/ci/variables/predefined_variables.html). Values are final
 * (marked raw): a {@code $} in a branch name is not expanded again.
 */
final class PredefinedVariables {
    private PredefinedVariables() {}

    static List<CiJob.CiVariable> of(JobContext c, CiJob job, LocalJob.Site site, Duration timeout,
            Optional<JobEnvironment> environment) {
        List<CiJob.CiVariable> v = new ArrayList<>();
        URI server = URI.create(site.serverUrl());
        String scheme = server.getScheme();
        int port = server.getPort() > 0 ? server.getPort() : "https".equals(scheme) ? 443 : 80;
        // The pipeline's project is the one running the job (a fork merge request's parent).
        String project = c.jobProjectPath();
        put(v, "CI", "true");
        put(v, "GITLAB_CI", "true");
        put(v, "CI_SERVER", "yes");
        put(v, "CI_SERVER_NAME", "GitLab");
        put(v, "CI_SERVER_URL", site.serverUrl());
        put(v, "CI_SERVER_HOST", server.getHost());
        put(v, "CI_SERVER_PORT", Integer.toString(port));
        put(v, "CI_SERVER_PROTOCOL", scheme);
        put(v, "CI_SERVER_FQDN", server.getPort() > 0 ? server.getHost() + ":" + server.getPort() : server.getHost());
        put(v, "CI_API_V4_URL", site.serverUrl() + "/api/v4");
        put(v, "CI_API_GRAPHQL_URL", site.serverUrl() + "/api/graphql");
        put(v, "CI_PROJECT_ID", c.jobProjectId());
        put(v, "CI_PROJECT_PATH", project);
        put(v, "CI_PROJECT_PATH_SLUG", slug(project, Integer.MAX_VALUE));
        put(v, "CI_PROJECT_NAME", project.substring(project.lastIndexOf('/') + 1));
        put(v, "CI_PROJECT_NAMESPACE", c.jobNamespacePath());
        put(v, "CI_PROJECT_NAMESPACE_ID", c.jobNamespaceId());
        put(v, "CI_PROJECT_ROOT_NAMESPACE", project.substring(0, Math.max(project.indexOf('/'), 0)));
        put(v, "CI_PROJECT_URL", site.serverUrl() + "/" + project);
        put(v, "CI_PROJECT_VISIBILITY", c.projectVisibility());
        put(v, "CI_PROJECT_DIR", site.projectDir());
        put(v, "CI_BUILDS_DIR", parentOf(site.projectDir()));
        put(v, "CI_CONFIG_PATH", c.ciConfigPath());
        put(v, "CI_DEFAULT_BRANCH", site.defaultBranch());
        put(v, "CI_COMMIT_SHA", c.sha());
        put(v, "CI_COMMIT_SHORT_SHA", c.sha().substring(0, Math.min(8, c.sha().length())));
        put(v, "CI_COMMIT_BEFORE_SHA", "0".repeat(40));
        put(v, "CI_COMMIT_REF_NAME", c.ref());
        put(v, "CI_COMMIT_REF_SLUG", slug(c.ref(), 63));
        put(v, "CI_COMMIT_REF_PROTECTED", Boolean.toString(c.refProtected()));
        if (c.refType() == RefType.TAG) {
            put(v, "CI_COMMIT_TAG", c.ref());
        } else if (site.mergeRequestTarget().isEmpty()) {
            put(v, "CI_COMMIT_BRANCH", c.ref()); // not in merge request pipelines
        }
        site.mergeRequestTarget().ifPresent(target -> {
            put(v, "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", c.ref());
            put(v, "CI_MERGE_REQUEST_TARGET_BRANCH_NAME", target);
            put(v, "CI_MERGE_REQUEST_PROJECT_PATH", project);
            put(v, "CI_MERGE_REQUEST_SOURCE_PROJECT_PATH", c.projectPath());
            put(v, "CI_MERGE_REQUEST_EVENT_TYPE", "detached");
        });
        put(v, "CI_PIPELINE_ID", c.pipelineId());
        put(v, "CI_PIPELINE_IID", c.pipelineId());
        put(v, "CI_PIPELINE_SOURCE", c.pipelineSource());
        put(v, "CI_PIPELINE_URL", site.serverUrl() + "/" + project + "/-/pipelines/" + c.pipelineId());
        put(v, "CI_JOB_ID", c.jobId());
        put(v, "CI_JOB_NAME", job.name());
        put(v, "CI_JOB_NAME_SLUG", slug(job.name(), 63));
        put(v, "CI_JOB_STAGE", job.stage());
        put(v, "CI_JOB_URL", site.serverUrl() + "/" + project + "/-/jobs/" + c.jobId());
        put(v, "CI_JOB_TIMEOUT", Long.toString(timeout.toSeconds()));
        put(v, "CI_NODE_TOTAL", "1");
        put(v, "GITLAB_USER_ID", c.userId());
        if (c.userLogin() != null) {
            put(v, "GITLAB_USER_LOGIN", c.userLogin());
        }
        if (c.userEmail() != null) {
            put(v, "GITLAB_USER_EMAIL", c.userEmail());
        }
        environment.ifPresent(env -> {
            put(v, "CI_ENVIRONMENT_NAME", env.name());
            put(v, "CI_ENVIRONMENT_SLUG", slug(env.name(), 24));
            put(v, "CI_ENVIRONMENT_TIER", env.deploymentTier());
            put(v, "CI_ENVIRONMENT_ACTION", env.action());
        });
        return v;
    }

    private static void put(List<CiJob.CiVariable> v, String key, String value) {
        v.add(new CiJob.CiVariable(key, value, true));
    }

    private static String parentOf(String dir) {
        int slash = dir.lastIndexOf('/');
        return slash > 0 ? dir.substring(0, slash) : dir;
    }

    /** GitLab's slug: lowercased, anything but a-z and 0-9 becomes '-', at most {@code max}, no '-' at either end. */
    static String slug(String text, int max) {
        String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "-");
        if (s.length() > max) {
            s = s.substring(0, max);
        }
        return s.replaceAll("^-+|-+$", "");
    }
}
