package dev.keyless.aws.iam;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An IAM role created through the API, as kept in the store (kind {@link IamKinds#ROLE}, scope the
 * account, name key the lower-cased name: IAM role names are unique regardless of case). Its inline
 * permission policies and the ARNs of its attached managed policies live in the same document, so a
 * role and its policies change in one write.
 *
 * @param assumeRolePolicy the trust policy exactly as the caller sent it (IAM returns it as given)
 * @param inlinePolicies   PutRolePolicy documents by policy name, as sent
 * @param attachedPolicies AttachRolePolicy ARNs, in attachment order
 */
public record StoredRole(String name, String path, String roleId, Optional<String> description, int maxSessionDuration,
        String assumeRolePolicy, Map<String, String> tags, Map<String, String> inlinePolicies,
        List<String> attachedPolicies, String createDate) {

    public StoredRole {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(roleId, "roleId");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(assumeRolePolicy, "assumeRolePolicy");
        tags = java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
        inlinePolicies = java.util.Collections.unmodifiableMap(new TreeMap<>(inlinePolicies));
        attachedPolicies = List.copyOf(attachedPolicies);
        Objects.requireNonNull(createDate, "createDate");
    }

    public String arn(String accountId) {
        return "arn:aws:iam::" + accountId + ":role" + path + name;
    }

    StoredRole withTrustPolicy(String policy) {
        return new StoredRole(name, path, roleId, description, maxSessionDuration, policy, tags, inlinePolicies,
                attachedPolicies, createDate);
    }

    StoredRole withDescriptionAndDuration(Optional<String> newDescription, int duration) {
        return new StoredRole(name, path, roleId, newDescription, duration, assumeRolePolicy, tags, inlinePolicies,
                attachedPolicies, createDate);
    }

    StoredRole withTags(Map<String, String> newTags) {
        return new StoredRole(name, path, roleId, description, maxSessionDuration, assumeRolePolicy, newTags,
                inlinePolicies, attachedPolicies, createDate);
    }

    StoredRole withInlinePolicies(Map<String, String> policies) {
        return new StoredRole(name, path, roleId, description, maxSessionDuration, assumeRolePolicy, tags, policies,
                attachedPolicies, createDate);
    }

    StoredRole withAttachedPolicies(List<String> arns) {
        return new StoredRole(name, path, roleId, description, maxSessionDuration, assumeRolePolicy, tags,
                inlinePolicies, arns, createDate);
    }
}
