package dev.keyless.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The project roles that {@code gcp.projects.<id>.iamBindings} may grant, each with the permissions of
 * the IAM configuration API that Google documents for it (IAM basic and predefined roles reference,
 * https://cloud.google.com/iam/docs/understanding-roles and
 * https://cloud.google.com/iam/docs/roles-permissions/iam). Only the permissions this server checks are
 * listed; {@code roles/editor} has every one of them except {@code setIamPolicy}, as on Google Cloud.
 */
public final class GcpProjectRoles {

    private static final Set<String> POOL_READ = Set.of("iam.workloadIdentityPools.get",
            "iam.workloadIdentityPools.list", "iam.workloadIdentityPoolProviders.get",
            "iam.workloadIdentityPoolProviders.list");
    private static final Set<String> POOL_WRITE = Set.of("iam.workloadIdentityPools.create",
            "iam.workloadIdentityPools.update", "iam.workloadIdentityPools.delete",
            "iam.workloadIdentityPools.undelete", "iam.workloadIdentityPoolProviders.create",
            "iam.workloadIdentityPoolProviders.update", "iam.workloadIdentityPoolProviders.delete",
            "iam.workloadIdentityPoolProviders.undelete");
    private static final Set<String> ACCOUNT_READ = Set.of("iam.serviceAccounts.get", "iam.serviceAccounts.list");
    private static final Set<String> ACCOUNT_WRITE = Set.of("iam.serviceAccounts.create",
            "iam.serviceAccounts.update", "iam.serviceAccounts.delete", "iam.serviceAccounts.disable",
            "iam.serviceAccounts.enable");
    private static final Set<String> ACCOUNT_POLICY = Set.of("iam.serviceAccounts.getIamPolicy",
            "iam.serviceAccounts.setIamPolicy");

    /** Role → the permissions it grants, in the order the documentation lists the roles. */
    public static final Map<String, Set<String>> PERMISSIONS = roles();

    private GcpProjectRoles() {
    }

    private static Map<String, Set<String>> roles() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        out.put("roles/owner", union(POOL_READ, POOL_WRITE, ACCOUNT_READ, ACCOUNT_WRITE, ACCOUNT_POLICY));
        // Editor: "all viewer permissions, plus permissions for actions that modify state" but not IAM policies.
        out.put("roles/editor", union(POOL_READ, POOL_WRITE, ACCOUNT_READ, ACCOUNT_WRITE,
                Set.of("iam.serviceAccounts.getIamPolicy")));
        out.put("roles/viewer", union(POOL_READ, ACCOUNT_READ));
        out.put("roles/iam.workloadIdentityPoolAdmin", union(POOL_READ, POOL_WRITE));
        out.put("roles/iam.workloadIdentityPoolViewer", POOL_READ);
        out.put("roles/iam.serviceAccountAdmin", union(ACCOUNT_READ, ACCOUNT_WRITE, ACCOUNT_POLICY));
        out.put("roles/iam.serviceAccountViewer", ACCOUNT_READ);
        // Security Admin: get and set any IAM policy, read (not change) the resources.
        out.put("roles/iam.securityAdmin", union(POOL_READ, ACCOUNT_READ, ACCOUNT_POLICY));
        return java.util.Collections.unmodifiableMap(out);
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        return Stream.of(sets).flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());
    }
}
