package dev.keyless.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks {@code gcp:}: projects, their workload identity pools and service accounts (IAM API, workload identity pools and providers; IAM principal identifiers). */
final class GcpSection {

    private static final KeyPath PROJECTS = KeyPath.ROOT.key("gcp").key("projects");
    /** Project ids: 6-30 characters, a lowercase letter first, no trailing hyphen. */
    private static final Pattern PROJECT_ID = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]");
    private static final Pattern PROJECT_NUMBER = Pattern.compile("[1-9]\\d{0,18}");
    /** Service account ids: 6-30 characters, a lowercase letter first, no trailing hyphen. */
    private static final Pattern SA_NAME = PROJECT_ID;
    private static final Pattern UNIQUE_ID = Pattern.compile("\\d{21}");

    private final Checks checks;
    private final Problems problems;
    private final PoolSection pools;

    /** @param issuer the built-in issuer's URL: the issuerUri of a provider that gives none */
    GcpSection(Checks checks, java.net.URI issuer) {
        this.checks = checks;
        this.problems = checks.problems();
        this.pools = new PoolSection(checks, issuer);
    }

    GcpConfig read(ConfigFile.Gcp gcp) {
        Map<String, GcpProject> out = new LinkedHashMap<>();
        Map<String, ConfigFile.Project> projects = gcp == null || gcp.projects() == null ? Map.of() : gcp.projects();
        projects.forEach((id, project) -> project(id, project == null ? new ConfigFile.Project(null, null, null, null, null)
                : project).ifPresent(p -> {
                    out.values().stream().filter(other -> other.number().equals(p.number())).findFirst().ifPresent(
                            other -> problems.addAtKey(PROJECTS.key(id).key("number"),
                                    "project number " + p.number() + " is also used by project " + other.projectId(),
                                    "each project has its own number; audiences and principals name projects by number"));
                    out.put(id, p);
                }));
        return new GcpConfig(out);
    }

    private Optional<GcpProject> project(String projectId, ConfigFile.Project p) {
        KeyPath path = PROJECTS.key(projectId);
        if (!PROJECT_ID.matcher(projectId).matches()) {
            problems.addAtKey(path, "\"" + projectId + "\" is not a valid project id",
                    "use 6-30 lowercase letters, digits or hyphens, starting with a letter, e.g. my-project");
        }
        // Quoted or not, the project number must be digits (unquoted YAML numbers are accepted too).
        Optional<String> number = checks.required(p.number(), path.key("number"),
                "give the project number in quotes, e.g. number: \"123456789012\"").flatMap(n -> {
                    if ((n.isTextual() || n.isIntegralNumber()) && PROJECT_NUMBER.matcher(n.asText()).matches()) {
                        return Optional.of(n.asText());
                    }
                    problems.add(path.key("number"), "expected the project number (digits), got " + n,
                            "copy it from the project's settings page and quote it, e.g. \"123456789012\"");
                    return Optional.empty();
                });
        Map<String, WorkloadIdentityPool> poolMap = p.workloadIdentityPools() == null ? Map.of()
                : pools.read(p.workloadIdentityPools(), path.key("workloadIdentityPools"));
        Map<String, ServiceAccountConfig> accounts = new LinkedHashMap<>();
        GcpMembers members = new GcpMembers(problems, number.orElse(""), poolMap);
        Optional.ofNullable(p.serviceAccounts()).orElse(Map.of()).forEach((name, sa) -> accounts.put(name,
                serviceAccount(name, sa == null ? new ConfigFile.ServiceAccount(null, null) : sa,
                        path.key("serviceAccounts").key(name), projectId, members)));
        Map<String, List<String>> iamBindings = p.iamBindings() == null ? Map.of()
                : members.projectBindings(p.iamBindings(), path.key("iamBindings"));
        return number.map(n -> new GcpProject(projectId, n, poolMap, accounts, Boolean.TRUE.equals(p.explainDenials()),
                iamBindings));
    }

    private ServiceAccountConfig serviceAccount(String name, ConfigFile.ServiceAccount sa, KeyPath path,
            String projectId, GcpMembers members) {
        if (!SA_NAME.matcher(name).matches()) {
            problems.addAtKey(path, "\"" + name + "\" is not a valid service account name",
                    "use 6-30 lowercase letters, digits or hyphens, starting with a letter (the part before @)");
        }
        String uniqueId = Optional.ofNullable(sa.uniqueId()).orElse(StableIds.serviceAccountUniqueId(projectId, name));
        if (!UNIQUE_ID.matcher(uniqueId).matches()) {
            problems.add(path.key("uniqueId"), "\"" + uniqueId + "\" is not a service account unique id",
                    "leave uniqueId out (a stable one is derived) or write 21 digits");
        }
        Map<String, List<String>> bindings = sa.bindings() == null ? Map.of()
                : members.bindings(sa.bindings(), path.key("bindings"));
        return new ServiceAccountConfig(name, name + "@" + projectId + ".iam.gserviceaccount.com", uniqueId, bindings);
    }
}
