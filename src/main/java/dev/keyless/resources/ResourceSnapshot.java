package dev.keyless.resources;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/** Every stored resource at one committed revision: what a node builds its live view from. */
public record ResourceSnapshot(long revision, List<StoredResource> resources) {
    public static final ResourceSnapshot EMPTY = new ResourceSnapshot(0, List.of());

    public ResourceSnapshot {
        resources = List.copyOf(Objects.requireNonNull(resources, "resources"));
    }

    /** The resources of one kind, in key order. */
    public List<StoredResource> ofKind(String kind) {
        Predicate<StoredResource> sameKind = r -> r.key().kind().equals(kind);
        return resources.stream().filter(sameKind).toList();
    }
}
