package dev.keyless.ci;

import dev.keyless.issuer.Audience;
import dev.keyless.issuer.JobContext;
import dev.keyless.issuer.JobContextBuilder;
import dev.keyless.issuer.JobEnvironment;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Pure: one job of a CI file made ready to run on this machine, the one resolution that both
 * {@code keyless ci tokens} and {@code keyless ci run} use, so their tokens never differ. It
 * decides the job's environment (name expanded, tier declared or guessed, action), its timeout
 * (the job's {@code timeout:} or the project's), GitLab's predefined variables, the file's
 * variables expanded GitLab's way, and each {@code id_tokens:} audience expanded with them
 * ({@code Ci::Build#expanded_id_token_aud}, app/models/ci/build.rb).
 */
public final class LocalJob {
    private LocalJob() {}

    /**
     * Where the job runs.
     *
     * @param serverUrl        GitLab's URL ({@code CI_SERVER_URL}), e.g. https://gitlab.com
     * @param projectDir       the checkout ({@code CI_PROJECT_DIR})
     * @param defaultBranch    {@code CI_DEFAULT_BRANCH}
     * @param mergeRequestTarget the target branch when this is a merge request pipeline
     * @param projectTimeout   the project's CI/CD timeout, used when the job sets none (GitLab: 1 hour)
     */
    public record Site(String serverUrl, String projectDir, String defaultBranch, Optional<String> mergeRequestTarget,
            Duration projectTimeout) {
        public Site {
            Objects.requireNonNull(serverUrl, "serverUrl");
            serverUrl = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
            Objects.requireNonNull(projectDir, "projectDir");
            Objects.requireNonNull(defaultBranch, "defaultBranch");
            Objects.requireNonNull(mergeRequestTarget, "mergeRequestTarget");
            Objects.requireNonNull(projectTimeout, "projectTimeout");
        }

        /** host[:port] of {@link #serverUrl}: GitLab's {@code Gitlab.config.gitlab.host} in ci_config_ref_uri. */
        public String host() {
            URI uri = URI.create(serverUrl);
            return uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
        }
    }

    /** Command-line overrides of the job's {@code environment:}; empty fields keep the file's. */
    public record EnvironmentOverride(Optional<String> name, boolean isProtected, Optional<String> tier,
            Optional<String> action) {
        public static EnvironmentOverride none() {
            return new EnvironmentOverride(Optional.empty(), false, Optional.empty(), Optional.empty());
        }
    }

    public record Token(String name, Audience audience) {}

    /** Everything a run needs; {@code variables} hold the predefined ones too. */
    public record Prepared(CiJob job, JobContext context, CiVariables variables, List<Token> tokens, Duration timeout) {}

    public static Prepared prepare(CiJob job, JobContextBuilder claims, Site site, Map<String, String> projectVariables,
            EnvironmentOverride override, Optional<Duration> lifetime) {
        Duration timeout = job.timeout().orElse(site.projectTimeout());
        // jwt.rb: the token lives as long as the job may run; --ttl asks for another lifetime
        claims.timeout(lifetime.orElse(timeout)).ciServerHost(site.host());
        JobContext withoutEnvironment = claims.environment(null).build();
        List<CiJob.CiVariable> base = PredefinedVariables.of(withoutEnvironment, job, site, timeout, Optional.empty());
        Optional<JobEnvironment> environment = environment(job, override, variables(base, job, projectVariables));
        environment.ifPresent(claims::environment);
        JobContext context = claims.build();
        CiVariables all = variables(PredefinedVariables.of(context, job, site, timeout, environment), job, projectVariables);
        List<Token> tokens = new ArrayList<>();
        for (CiJob.IdTokenDeclaration declared : job.idTokens()) {
            List<String> auds = declared.audiences().stream().map(all::expand).toList();
            tokens.add(new Token(declared.name(), declared.list() ? Audience.ofList(auds) : Audience.of(auds.getFirst())));
        }
        return new Prepared(job, context, all, tokens, timeout);
    }

    private static CiVariables variables(List<CiJob.CiVariable> predefined, CiJob job, Map<String, String> project) {
        List<CiJob.CiVariable> ordered = new ArrayList<>(predefined);
        ordered.addAll(job.variables());
        project.forEach((k, v) -> ordered.add(new CiJob.CiVariable(k, v, false)));
        return CiVariables.expandAll(ordered);
    }

    /** GitLab expands the environment name with the job's variables (https://docs.gitlab.com/ee/ci/yaml/#environmentname). */
    private static Optional<JobEnvironment> environment(CiJob job, EnvironmentOverride override, CiVariables vars) {
        Optional<CiJob.EnvironmentDeclaration> declared = job.environment();
        Optional<String> name = override.name().or(() -> declared.map(d -> vars.expand(d.name())));
        if (name.isEmpty()) {
            return Optional.empty();
        }
        String tier = override.tier().or(() -> declared.flatMap(CiJob.EnvironmentDeclaration::deploymentTier)).orElse(null);
        String action = override.action().or(() -> declared.map(CiJob.EnvironmentDeclaration::action)).orElse(null);
        return Optional.of(new JobEnvironment(name.get(), override.isProtected(), tier, action));
    }
}
