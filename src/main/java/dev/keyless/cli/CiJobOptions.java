package dev.keyless.cli;

import dev.keyless.Keyless;
import dev.keyless.ci.CiDurations;
import dev.keyless.ci.CiFileException;
import dev.keyless.ci.CiJob;
import dev.keyless.ci.GitCheckout;
import dev.keyless.ci.GitlabCiConfig;
import dev.keyless.ci.LocalJob;
import dev.keyless.issuer.GitlabPaths;
import dev.keyless.issuer.JobContextBuilder;
import dev.keyless.issuer.RefType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The job resolution {@code keyless ci tokens} and {@code keyless ci run} share: the CI file
 * assembled ({@link GitlabCiConfig}), the job picked, the checkout read, then {@link LocalJob}.
 */
final class CiJobOptions {
    @Option(names = "--file", defaultValue = ".gitlab-ci.yml", description = "CI file, relative to the repository root (default: ${DEFAULT-VALUE})")
    String file;
    @Option(names = "--project-path", description = "The project running the job (default: from the origin remote)")
    String projectPath;
    @Option(names = "--ref", description = "Branch or tag (default: the current branch or tag)")
    String ref;
    @Option(names = "--ref-type", description = "branch or tag (default: from the checkout)")
    String refType;
    @Option(names = "--server-url", description = "GitLab's URL, CI_SERVER_URL (default: from the origin remote, https://HOST)")
    String serverUrl;
    @Option(names = "--default-branch", description = "CI_DEFAULT_BRANCH (default: origin's HEAD, else main)")
    String defaultBranch;
    @Option(names = "--project-timeout", defaultValue = "1h", description = "The project's CI/CD timeout, used when the job has no timeout: (default: ${DEFAULT-VALUE}, GitLab's)")
    String projectTimeout;
    @Option(names = "--merge-request", paramLabel = "TARGET_BRANCH", description = "Run as a merge request pipeline into TARGET_BRANCH (pipeline_source merge_request_event)")
    String mergeRequestTarget;
    @Option(names = "--fork", paramLabel = "GROUP/PROJECT", description = "With --merge-request: the merge request comes from this fork (project_* claims name it; job_project_* and ci_config_ref_uri name this project)")
    String fork;
    @Option(names = {"-v", "--variable"}, paramLabel = "KEY=VALUE", description = "A project CI/CD variable; overrides the file's variables, as project variables do in GitLab. Repeatable.")
    List<String> variables = new ArrayList<>();
    @Mixin
    JobOptions jobOptions;

    record Resolved(Path repo, LocalJob.Prepared prepared) {}

    Resolved resolve(CliEnvironment env, Keyless keyless, String jobName, String command) throws Exception {
        Path repo = repositoryRoot(env.workDir());
        GitlabCiConfig config;
        try {
            config = GitlabCiConfig.load(file, path -> read(repo, path));
        } catch (CiFileException e) {
            throw new UsageException(command + ": " + e.getMessage());
        }
        CiJob job;
        try {
            job = config.job(jobName);
        } catch (CiFileException e) {
            throw new UsageException(command + ": " + file + ": " + e.getMessage());
        }
        GitCheckout git = GitCheckout.read(repo);
        String path = projectPath != null ? projectPath : git.projectPath().orElseThrow(() -> new UsageException(
                command + ": no project path: the checkout has no origin remote; pass --project-path GROUP/PROJECT"));
        String r = ref != null ? ref : git.ref().orElseThrow(() -> new UsageException(
                command + ": no ref: not on a branch or tag; pass --ref"));
        String typeText = refType != null ? refType : git.refType().orElse("branch");
        RefType type = RefType.fromWire(typeText).orElseThrow(() -> new UsageException("--ref-type: expected branch or tag; got '" + typeText + "'"));
        if (fork != null && mergeRequestTarget == null) {
            throw new UsageException("--fork: needs --merge-request TARGET_BRANCH (a fork's pipeline for this project is a merge request pipeline)");
        }
        for (String[] p : new String[][] {{"--project-path", path}, {"--fork", fork}}) {
            if (p[1] != null) {
                Optional<String> problem = GitlabPaths.projectPathProblem(p[1]);
                if (problem.isPresent()) {
                    throw new UsageException(p[0] + ": " + problem.get());
                }
            }
        }
        String source = fork != null ? fork : path;
        JobContextBuilder claims = jobOptions.builder(source, r, type, git.sha().orElse(null), true);
        claims.jobProjectPath(path).jobProjectId(GitlabPaths.projectIdOf(path))
                .jobNamespacePath(GitlabPaths.namespaceOf(path))
                .jobNamespaceId(GitlabPaths.namespaceIdOf(GitlabPaths.namespaceOf(path)))
                .ciConfigPath(GitlabCiConfig.normalize(file));
        if (mergeRequestTarget != null && jobOptions.pipelineSource.equals("push")) {
            claims.pipelineSource("merge_request_event");
        }
        jobOptions.checkTtl(keyless.issuerSettings().maxTtl());
        Duration projectTtl = CiDurations.parse(projectTimeout).orElseThrow(() -> new UsageException(
                "--project-timeout: expected a duration like 1h or 90 minutes; got '" + projectTimeout + "'"));
        String server = serverUrl != null ? serverUrl : git.serverUrl().orElse("https://gitlab.com");
        LocalJob.Site site = new LocalJob.Site(server, repo.toString(),
                defaultBranch != null ? defaultBranch : git.defaultBranch().orElse("main"),
                Optional.ofNullable(mergeRequestTarget), projectTtl);
        LocalJob.Prepared prepared = LocalJob.prepare(job, claims, site, projectVariables(),
                jobOptions.environmentOverride(), jobOptions.ttl());
        return new Resolved(repo, prepared);
    }

    private Map<String, String> projectVariables() throws UsageException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : variables) {
            int eq = v.indexOf('=');
            if (eq <= 0 || !v.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new UsageException("--variable: expected KEY=VALUE with KEY letters, digits and _; got '" + v + "'");
            }
            out.put(v.substring(0, eq), v.substring(eq + 1));
        }
        return out;
    }

    /** The checkout's top folder (git rev-parse --show-toplevel), else the current folder. */
    private static Path repositoryRoot(Path workDir) {
        for (Path p = workDir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return p;
            }
        }
        return workDir.toAbsolutePath();
    }

    private static Optional<String> read(Path repo, String path) {
        Path file = repo.resolve(path).normalize();
        if (!file.startsWith(repo) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            if (Files.size(file) > 1024 * 1024) {
                return Optional.empty();
            }
            return Optional.of(Files.readString(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
