package dev.keyless.resources;

import java.time.Instant;
import java.util.Objects;

/**
 * One configuration resource as committed.
 *
 * @param name     the name as the caller spelled it
 * @param document the resource's state as JSON, written and read by the owning API only
 * @param etag     changes on every committed write of this resource (base64, usable as GCP's etag)
 */
public record StoredResource(ResourceKey key, String name, String document, String etag, Instant createdAt,
        Instant updatedAt) {
    public StoredResource {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
