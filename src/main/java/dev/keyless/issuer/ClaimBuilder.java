package dev.keyless.issuer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Pure: a job's claims exactly as GitLab's {@code Gitlab::Ci::JwtV2} builds them (GitLab docs, ID token authentication).
 * Predefined claims are not compacted (a nil value is JSON null); JwtV2's extras (runner, sha,
 * visibility) are (a nil value omits the key); environment claims exist only with an environment.
 */
public final class ClaimBuilder {
    /** GitLab {@code Jwt::NOT_BEFORE_TIME}. */
    static final long NOT_BEFORE_SECONDS = 5;

    private final IssuerSettings settings;

    public ClaimBuilder(IssuerSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public ClaimResult build(JobContext job, Audience audience, Instant issuedAt, String jti) {
        Optional<String[]> invalid = ClaimValues.problem(job);
        if (invalid.isPresent()) {
            return new ClaimResult.Refused(invalid.get()[0], invalid.get()[1]);
        }
        List<String> sub = new ArrayList<>();
        for (SubComponent component : settings.subComponents()) {
            Optional<String> value = component.valueFor(job);
            if (value.isEmpty() || value.get() == null) {
                continue; // GitLab skips absent components (jwt_v2.rb#subject_value)
            }
            if (value.get().contains(":")) {
                return new ClaimResult.Refused(fieldOf(component), "sub component " + component.wire()
                        + " contains ':', which would make the sub claim ambiguous");
            }
            sub.add(component.wire() + ":" + value.get());
        }
        long iat = issuedAt.getEpochSecond();
        // jwt.rb: exp = iat + build.timeout_value, 5 minutes when there is none. timeout_value is the job's
        // timeout capped by the runner's maximum_timeout; maxTtl plays the runner's cap here, so no
        // token outlives the key rotation overlap.
        Duration ttl = job.timeout() != null ? job.timeout() : settings.defaultTtl();
        if (ttl.compareTo(settings.maxTtl()) > 0) {
            ttl = settings.maxTtl();
        }
        long exp = iat + ttl.toSeconds();
        Map<String, Object> claims = new LinkedHashMap<>();
        projectClaims(job, claims);
        ciClaims(job, claims);
        v2Claims(job, claims);
        claims.put("jti", jti);
        claims.put("iss", settings.issuerUrl());
        claims.put("iat", iat);
        claims.put("nbf", iat - NOT_BEFORE_SECONDS);
        claims.put("exp", exp);
        claims.put("sub", String.join(":", sub));
        claims.put("aud", audience.claimValue());
        return new ClaimResult.Claims(claims, jti, exp);
    }

    private static String fieldOf(SubComponent component) {
        return switch (component) {
            case ENVIRONMENT_PROTECTED -> "job.environment.protected";
            case DEPLOYMENT_TIER -> "job.environment.deployment_tier";
            default -> "job." + component.wire();
        };
    }

    private static void projectClaims(JobContext job, Map<String, Object> claims) {
        claims.put("namespace_id", job.namespaceId());
        claims.put("namespace_path", job.namespacePath());
        claims.put("project_id", job.projectId());
        claims.put("project_path", job.projectPath());
        claims.put("user_id", job.userId());
        claims.put("user_login", job.userLogin());
        claims.put("user_email", job.userEmail());
        claims.put("user_access_level", job.userAccessLevel());
        claims.put("job_project_id", job.jobProjectId());
        claims.put("job_project_path", job.jobProjectPath());
        claims.put("job_namespace_id", job.jobNamespaceId());
        claims.put("job_namespace_path", job.jobNamespacePath());
    }

    private static void ciClaims(JobContext job, Map<String, Object> claims) {
        claims.put("pipeline_id", job.pipelineId());
        claims.put("pipeline_source", job.pipelineSource());
        claims.put("job_id", job.jobId());
        claims.put("ref", job.ref());
        claims.put("ref_type", job.refType().wire());
        claims.put("ref_path", job.refType().refPath(job.ref()));
        claims.put("ref_protected", Boolean.toString(job.refProtected())); // a string, like build.protected.to_s
        if (job.groupsDirect() != null) {
            claims.put("groups_direct", job.groupsDirect()); // jwt.rb: only with the ci_jwt_groups_direct flag
        }
        job.environment().ifPresent(env -> {
            claims.put("environment", env.name());
            claims.put("environment_protected", Boolean.toString(env.isProtected()));
            claims.put("deployment_tier", env.deploymentTier());
            claims.put("environment_action", env.action());
        });
        claims.put("job_source", job.jobSource());
    }

    private void v2Claims(JobContext job, Map<String, Object> claims) {
        putIfPresent(claims, "runner_id", job.runnerId()); // the one integer id
        putIfPresent(claims, "runner_environment", job.runnerEnvironment());
        putIfPresent(claims, "sha", job.sha());
        putIfPresent(claims, "project_visibility", job.projectVisibility());
        if (job.userIdentities() != null) { // jwt_v2.rb: only when the user passes identities to CI JWTs
            claims.put("user_identities", job.userIdentities().stream()
                    .map(ClaimBuilder::userIdentity).toList());
        }
        // ClaimMapper::Repository: <gitlab host>/<pipeline project full_path>//<ci_config_path>@<source ref path>,
        // no scheme (lib/gitlab/ci/jwt_v2/claim_mapper/repository.rb). The pipeline's project is the one
        // running the job, so a fork merge request pipeline names the parent, not the fork.
        String host = job.ciServerHost() != null ? job.ciServerHost() : settings.hostAndPath();
        claims.put("ci_config_ref_uri", host + "/" + job.jobProjectPath() + "//" + job.ciConfigPath()
                + "@" + job.refType().refPath(job.ref()));
        claims.put("ci_config_sha", job.sha());
    }

    private static void putIfPresent(Map<String, Object> claims, String name, Object value) {
        if (value != null) {
            claims.put(name, value);
        }
    }

    /**
     * One {@code user_identities} entry in GitLab's key order ({@code provider}, then
     * {@code extern_uid}, jwt_v2.rb): {@code Map.of} iterates in an order that changes from one JVM
     * run to the next, so the token's bytes would too.
     */
    private static Map<String, Object> userIdentity(JobContext.UserIdentity identity) {
        Map<String, Object> entry = new java.util.LinkedHashMap<>();
        entry.put("provider", identity.provider());
        entry.put("extern_uid", identity.externUid());
        return entry;
    }
}
