package dev.keyless.config;

import dev.keyless.config.YamlNode.Entry;
import dev.keyless.config.YamlNode.MapNode;
import dev.keyless.config.YamlNode.Scalar;
import dev.keyless.config.YamlNode.ScalarType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads {@code gcp:}: projects, their workload identity pools and service accounts (IAM API, workload identity pools and providers; IAM principal identifiers). */
final class GcpSection {

    private static final List<String> GCP_KEYS = List.of("projects");
    private static final List<String> PROJECT_KEYS = List.of("number", "explainDenials", "workloadIdentityPools", "serviceAccounts");
    private static final List<String> SA_KEYS = List.of("uniqueId", "bindings");
    /** Project ids: 6-30 characters, a lowercase letter first, no trailing hyphen. */
    private static final Pattern PROJECT_ID = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]");
    private static final Pattern PROJECT_NUMBER = Pattern.compile("[1-9]\\d{0,18}");
    /** Service account ids: 6-30 characters, a lowercase letter first, no trailing hyphen. */
    private static final Pattern SA_NAME = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]");
    private static final Pattern UNIQUE_ID = Pattern.compile("\\d{21}");

    private final Problems problems;
    private final PoolSection pools;

    GcpSection(Problems problems) {
        this.problems = problems;
        this.pools = new PoolSection(problems);
    }

    GcpConfig read(Optional<YamlNode> node) {
        KeyPath path = KeyPath.ROOT.key("gcp");
        Optional<MapNode> projects = node.flatMap(n -> MapReader.of(n, path, problems, GCP_KEYS))
                .flatMap(r -> r.named("projects", "GCP project (project id)"));
        Map<String, GcpProject> out = new LinkedHashMap<>();
        projects.ifPresent(map -> map.entries().values().forEach(e -> project(e, path.key("projects"))
                .ifPresent(p -> {
                    out.values().stream().filter(other -> other.number().equals(p.number())).findFirst().ifPresent(
                            other -> problems.add(e.keyLocation(), path.key("projects").key(e.key()).key("number"),
                                    "project number " + p.number() + " is also used by project " + other.projectId(),
                                    "each project has its own number; audiences and principals name projects by number"));
                    out.put(p.projectId(), p);
                })));
        return new GcpConfig(out);
    }

    private Optional<GcpProject> project(Entry entry, KeyPath parent) {
        KeyPath path = parent.key(entry.key());
        if (!PROJECT_ID.matcher(entry.key()).matches()) {
            problems.add(entry.keyLocation(), path, "\"" + entry.key() + "\" is not a valid project id",
                    "use 6-30 lowercase letters, digits or hyphens, starting with a letter, e.g. my-project");
        }
        Optional<MapReader> r = MapReader.of(entry.value(), path, problems, PROJECT_KEYS);
        if (r.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> number = r.get().required("number", "give the project number in quotes, e.g. number: \"123456789012\"")
                .flatMap(n -> projectNumber(n, r.get().path("number")));
        Map<String, WorkloadIdentityPool> poolMap = r.get().named("workloadIdentityPools", "pool")
                .map(m -> pools.read(m, r.get().path("workloadIdentityPools"))).orElse(Map.of());
        Map<String, ServiceAccountConfig> accounts = new LinkedHashMap<>();
        GcpMembers members = new GcpMembers(problems, number.orElse(""), poolMap);
        r.get().named("serviceAccounts", "service account")
                .ifPresent(m -> m.entries().values().forEach(e ->
                        serviceAccount(e, r.get().path("serviceAccounts"), entry.key(), members)
                                .ifPresent(sa -> accounts.put(sa.name(), sa))));
        boolean explain = r.get().bool("explainDenials", false);
        return number.map(n -> new GcpProject(entry.key(), n, poolMap, accounts, explain));
    }

    /** Quoted or not, the project number must be digits (unquoted YAML numbers are accepted too). */
    private Optional<String> projectNumber(YamlNode node, KeyPath path) {
        if (node instanceof Scalar s && (s.type() == ScalarType.STRING || s.type() == ScalarType.INTEGER)
                && PROJECT_NUMBER.matcher(s.text()).matches()) {
            return Optional.of(s.text());
        }
        problems.add(node.location(), path, "expected the project number (digits), got " + node.kind(),
                "copy it from the project's settings page and quote it, e.g. \"123456789012\"");
        return Optional.empty();
    }

    private Optional<ServiceAccountConfig> serviceAccount(Entry entry, KeyPath parent, String projectId,
            GcpMembers members) {
        KeyPath path = parent.key(entry.key());
        if (!SA_NAME.matcher(entry.key()).matches()) {
            problems.add(entry.keyLocation(), path, "\"" + entry.key() + "\" is not a valid service account name",
                    "use 6-30 lowercase letters, digits or hyphens, starting with a letter (the part before @)");
        }
        MapNode empty = new MapNode(Map.of(), entry.keyLocation());
        YamlNode value = entry.value() instanceof Scalar s && s.type() == ScalarType.NULL ? empty : entry.value();
        Optional<MapReader> r = MapReader.of(value, path, problems, SA_KEYS);
        if (r.isEmpty()) {
            return Optional.empty();
        }
        String uniqueId = r.get().string("uniqueId").orElse(StableIds.serviceAccountUniqueId(projectId, entry.key()));
        if (!UNIQUE_ID.matcher(uniqueId).matches()) {
            r.get().problem("uniqueId", "\"" + uniqueId + "\" is not a service account unique id",
                    "leave uniqueId out (a stable one is derived) or write 21 digits");
        }
        Map<String, List<String>> bindings = r.get().node("bindings")
                .map(n -> members.bindings(n, r.get().path("bindings"))).orElse(Map.of());
        String email = entry.key() + "@" + projectId + ".iam.gserviceaccount.com";
        return Optional.of(new ServiceAccountConfig(entry.key(), email, uniqueId, bindings));
    }
}
