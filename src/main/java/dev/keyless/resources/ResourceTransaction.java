package dev.keyless.resources;

import java.util.List;
import java.util.Optional;

/**
 * Reads and writes inside one {@link ResourceStore#write} transaction. Writers are serialised
 * (one at a time across every node), so what {@link #find} returns cannot change before commit:
 * read, check, then write is safe. Nothing is visible to other readers until the work returns.
 */
public interface ResourceTransaction {

    Optional<StoredResource> find(ResourceKey key);

    /** The resources of {@code kind} in {@code scope}, in name-key order. */
    List<StoredResource> list(String kind, String scope);

    /** Creates or replaces the resource; the result carries its new etag. */
    StoredResource put(ResourceKey key, String name, String document);

    /** Removes the resource; false when there was none. */
    boolean delete(ResourceKey key);
}
