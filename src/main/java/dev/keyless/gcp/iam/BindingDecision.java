package dev.keyless.gcp.iam;

import java.util.List;
import java.util.Objects;

/** Whether a service account's policy grants a permission to a set of principals. */
public sealed interface BindingDecision {

    IamPermission permission();

    /** The first binding (in policy order) whose role grants the permission and names a member we hold. */
    record Granted(IamPermission permission, String role, String member) implements BindingDecision {
        public Granted {
            Objects.requireNonNull(permission, "permission");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(member, "member");
        }
    }

    /**
     * No binding matched.
     *
     * @param checkedMembers the principal and principal sets that were looked for
     * @param grantingRoles  the roles that would have granted the permission
     */
    record Denied(IamPermission permission, List<String> checkedMembers, List<String> grantingRoles)
            implements BindingDecision {
        public Denied {
            Objects.requireNonNull(permission, "permission");
            checkedMembers = List.copyOf(checkedMembers);
            grantingRoles = List.copyOf(grantingRoles);
        }
    }
}
