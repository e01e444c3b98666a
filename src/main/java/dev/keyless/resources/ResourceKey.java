package dev.keyless.resources;

import java.util.Objects;

/**
 * Identifies one stored configuration resource.
 *
 * @param kind    what it is, e.g. {@code aws.role}, {@code gcp.provider} (the owning API names its kinds)
 * @param scope   where it lives: an AWS account id, a GCP project id, a pool name… as the owner defines
 * @param nameKey the uniqueness key within kind and scope (e.g. a role name lower-cased, because IAM
 *                role names are unique regardless of case)
 */
public record ResourceKey(String kind, String scope, String nameKey) {
    public ResourceKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(nameKey, "nameKey");
    }

    @Override
    public String toString() {
        return kind + ":" + scope + "/" + nameKey;
    }
}
