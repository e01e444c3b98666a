package dev.keyless.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a service account's IAM bindings and checks each member against the principal formats of
 * IAM principal identifiers, and that it names a pool of this project (by number) whose providers map
 * the attribute it uses.
 */
final class GcpMembers {

    private static final String POOLS = "iam\\.googleapis\\.com/projects/([^/]+)/locations/global/workloadIdentityPools/([^/]+)/";
    private static final Pattern PRINCIPAL = Pattern.compile("principal://" + POOLS + "subject/(.+)");
    private static final Pattern PRINCIPAL_SET = Pattern.compile(
            "principalSet://" + POOLS + "(?:group/(.+)|attribute\\.([a-z0-9_]+)/(.+)|\\*)");
    private static final Pattern SERVICE_ACCOUNT = Pattern.compile(
            "serviceAccount:[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\\.iam\\.gserviceaccount\\.com");
    private static final String FORMATS = "principal://iam.googleapis.com/projects/NUMBER/locations/global/"
            + "workloadIdentityPools/POOL/subject/SUBJECT, or principalSet://…/workloadIdentityPools/POOL/"
            + "group/GROUP, …/attribute.NAME/VALUE or …/*";

    private final Problems problems;
    private final String projectNumber;
    private final Map<String, WorkloadIdentityPool> pools;

    GcpMembers(Problems problems, String projectNumber, Map<String, WorkloadIdentityPool> pools) {
        this.problems = problems;
        this.projectNumber = projectNumber;
        this.pools = pools;
    }

    Map<String, List<String>> bindings(Map<String, List<String>> written, KeyPath path) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        written.forEach((role, members) -> {
            KeyPath at = path.key(role);
            if (!ServiceAccountConfig.ROLES.contains(role)) {
                problems.addAtKey(at, "role \"" + role + "\" cannot be bound on a service account here",
                        Checks.didYouMean(role, ServiceAccountConfig.ROLES) + "allowed roles: "
                                + String.join(", ", ServiceAccountConfig.ROLES));
            }
            List<String> kept = new ArrayList<>();
            List<String> list = members == null ? List.of() : members;
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) != null && check(list.get(i), at.index(i))) {
                    kept.add(list.get(i));
                }
            }
            out.put(role, kept);
        });
        return out;
    }

    /**
     * Reads a project's IAM bindings: roles of {@link GcpProjectRoles}, members {@code serviceAccount:EMAIL}
     * or a workload identity {@code principal://…/subject/…} or {@code principalSet://…} (group, attribute or
     * {@code *}) of a pool of this project: the callers this server can identify by token. A federated
     * access token used as the bearer holds its principal and principal sets, as when it impersonates.
     */
    Map<String, List<String>> projectBindings(Map<String, List<String>> written, KeyPath path) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        written.forEach((role, members) -> {
            KeyPath at = path.key(role);
            if (!GcpProjectRoles.PERMISSIONS.containsKey(role)) {
                problems.addAtKey(at, "role \"" + role + "\" cannot be granted on a project here",
                        Checks.didYouMean(role, GcpProjectRoles.PERMISSIONS.keySet()) + "allowed roles: "
                                + String.join(", ", GcpProjectRoles.PERMISSIONS.keySet()));
            }
            List<String> kept = new ArrayList<>();
            List<String> list = members == null ? List.of() : members;
            for (int i = 0; i < list.size(); i++) {
                String member = list.get(i);
                if (member == null) {
                    continue;
                }
                if (member.startsWith("serviceAccount:")) {
                    if (SERVICE_ACCOUNT.matcher(member).matches()) {
                        kept.add(member);
                    } else {
                        problems.add(at.index(i), "\"" + member + "\" is not a service account member",
                                "write serviceAccount:NAME@PROJECT.iam.gserviceaccount.com");
                    }
                } else if (!PRINCIPAL.matcher(member).matches() && !PRINCIPAL_SET.matcher(member).matches()) {
                    problems.add(at.index(i), "\"" + member + "\" cannot hold a project role here",
                            "write serviceAccount:EMAIL or " + FORMATS);
                } else if (check(member, at.index(i))) {
                    kept.add(member);
                }
            }
            out.put(role, kept);
        });
        return out;
    }

    private boolean check(String member, KeyPath path) {
        Matcher principal = PRINCIPAL.matcher(member);
        Matcher set = PRINCIPAL_SET.matcher(member);
        Matcher m = principal.matches() ? principal : set.matches() ? set : null;
        if (m == null) {
            problems.add(path, "\"" + member + "\" is not a workload identity principal",
                    "write " + FORMATS);
            return false;
        }
        if (!m.group(1).equals(projectNumber)) {
            problems.add(path, "the member names project " + m.group(1)
                    + " but this project's number is " + projectNumber,
                    "principals use the project number, not the id; write projects/" + projectNumber);
            return false;
        }
        WorkloadIdentityPool pool = pools.get(m.group(2));
        if (pool == null) {
            String suggestion = Checks.didYouMean(m.group(2), pools.keySet());
            problems.add(path, "pool \"" + m.group(2) + "\" does not exist in this project",
                    suggestion + "pools here: " + (pools.isEmpty() ? "(none)" : String.join(", ", pools.keySet())));
            return false;
        }
        return m == principal || checkSet(set, pool, path);
    }

    /** A principal set keyed on an attribute (or groups) matches nothing unless some provider maps it. */
    private boolean checkSet(Matcher set, WorkloadIdentityPool pool, KeyPath path) {
        String needed = set.group(3) != null ? "google.groups" : set.group(4) != null ? "attribute." + set.group(4) : null;
        if (needed == null || pool.providers().values().stream().anyMatch(p -> p.attributeMapping().containsKey(needed))) {
            return true;
        }
        problems.add(path, "no provider of pool \"" + pool.id() + "\" maps " + needed,
                "add " + needed + " to a provider's attributeMapping, or bind a different principal");
        return false;
    }
}
