package dev.keyless.issuer;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** Fills a {@link JobContext}; unset values get the placeholders documented on {@link JobContext#builder}. */
public final class JobContextBuilder {
    public static final String PLACEHOLDER_ID = "0";
    public static final String PLACEHOLDER_SHA = "0".repeat(40);

    private String projectPath;
    private String projectId = PLACEHOLDER_ID;
    private String namespacePath;
    private String namespaceId = PLACEHOLDER_ID;
    private String jobProjectPath;
    private String jobProjectId;
    private String jobNamespacePath;
    private String jobNamespaceId;
    private String userId = "";
    private String userLogin;
    private String userEmail;
    private String userAccessLevel;
    private String pipelineId = PLACEHOLDER_ID;
    private String pipelineSource = "push";
    private String jobId = PLACEHOLDER_ID;
    private String ref;
    private RefType refType = RefType.BRANCH;
    private boolean refProtected;
    private JobEnvironment environment;
    private Long runnerId;
    private String runnerEnvironment;
    private String sha = PLACEHOLDER_SHA;
    private String projectVisibility = "private";
    private String ciConfigPath;
    private String jobSource;
    private Duration timeout;
    private String ciServerHost;
    private java.util.List<JobContext.UserIdentity> userIdentities;
    private java.util.List<String> groupsDirect;

    JobContextBuilder(String projectPath, String ref) {
        this.projectPath = Objects.requireNonNull(projectPath, "projectPath");
        this.ref = Objects.requireNonNull(ref, "ref");
    }

    public JobContextBuilder projectPath(String v) { projectPath = v; return this; }
    public JobContextBuilder projectId(String v) { projectId = v; return this; }
    public JobContextBuilder namespacePath(String v) { namespacePath = v; return this; }
    public JobContextBuilder namespaceId(String v) { namespaceId = v; return this; }
    public JobContextBuilder jobProjectPath(String v) { jobProjectPath = v; return this; }
    public JobContextBuilder jobProjectId(String v) { jobProjectId = v; return this; }
    public JobContextBuilder jobNamespacePath(String v) { jobNamespacePath = v; return this; }
    public JobContextBuilder jobNamespaceId(String v) { jobNamespaceId = v; return this; }
    public JobContextBuilder userId(String v) { userId = v; return this; }
    public JobContextBuilder userLogin(String v) { userLogin = v; return this; }
    public JobContextBuilder userEmail(String v) { userEmail = v; return this; }
    public JobContextBuilder userAccessLevel(String v) { userAccessLevel = v; return this; }
    public JobContextBuilder pipelineId(String v) { pipelineId = v; return this; }
    public JobContextBuilder pipelineSource(String v) { pipelineSource = v; return this; }
    public JobContextBuilder jobId(String v) { jobId = v; return this; }
    public JobContextBuilder ref(String v) { ref = v; return this; }
    public JobContextBuilder refType(RefType v) { refType = v; return this; }
    public JobContextBuilder refProtected(boolean v) { refProtected = v; return this; }
    public JobContextBuilder environment(JobEnvironment v) { environment = v; return this; }
    public JobContextBuilder runnerId(Long v) { runnerId = v; return this; }
    public JobContextBuilder runnerEnvironment(String v) { runnerEnvironment = v; return this; }
    public JobContextBuilder sha(String v) { sha = v; return this; }
    public JobContextBuilder projectVisibility(String v) { projectVisibility = v; return this; }
    public JobContextBuilder ciConfigPath(String v) { ciConfigPath = v; return this; }
    public JobContextBuilder jobSource(String v) { jobSource = v; return this; }
    public JobContextBuilder timeout(Duration v) { timeout = v; return this; }
    public JobContextBuilder ciServerHost(String v) { ciServerHost = v; return this; }
    public JobContextBuilder userIdentities(java.util.List<JobContext.UserIdentity> v) { userIdentities = v; return this; }
    public JobContextBuilder groupsDirect(java.util.List<String> v) { groupsDirect = v; return this; }

    public JobContext build() {
        return new JobContext(projectPath, projectId, namespacePath, namespaceId, jobProjectPath, jobProjectId,
                jobNamespacePath, jobNamespaceId, userId, userLogin, userEmail, userAccessLevel, pipelineId,
                pipelineSource, jobId, ref, refType, refProtected, Optional.ofNullable(environment), runnerId,
                runnerEnvironment, sha, projectVisibility, ciConfigPath, jobSource, timeout, ciServerHost, userIdentities, groupsDirect);
    }
}
