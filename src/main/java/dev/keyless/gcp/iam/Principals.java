package dev.keyless.gcp.iam;

import dev.keyless.gcp.mapping.MappingOutcome.Mapped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The identities a federated credential stands for (IAM principal identifiers; cloud.google.com/
 * iam/docs/principal-identifiers): one {@code principal://…/subject/S} plus
 * {@code principalSet://…/group/G} per group, {@code principalSet://…/attribute.NAME/VALUE} per
 * mapped attribute, and {@code principalSet://…/*}.
 *
 * @param principal     the {@code principal://} URI
 * @param principalSets every {@code principalSet://} URI, groups first, then attributes, then {@code *}
 */
public record Principals(String principal, List<String> principalSets) {

    public Principals {
        Objects.requireNonNull(principal, "principal");
        principalSets = List.copyOf(principalSets);
    }

    public static Principals of(WorkloadPool pool, Mapped mapped) {
        Objects.requireNonNull(mapped, "mapped");
        return of(pool, mapped.subject(), mapped.groups(), mapped.attributes());
    }

    /** @param attributes keyed {@code attribute.NAME} as in {@link Mapped#attributes()} */
    public static Principals of(WorkloadPool pool, String subject, List<String> groups,
                                Map<String, String> attributes) {
        Objects.requireNonNull(pool, "pool");
        String base = pool.memberBase();
        List<String> sets = new ArrayList<>();
        for (String g : groups) {
            sets.add("principalSet://" + base + "/group/" + g);
        }
        attributes.forEach((key, value) -> sets.add("principalSet://" + base + "/" + key + "/" + value));
        sets.add("principalSet://" + base + "/*");
        return new Principals("principal://" + base + "/subject/" + subject, sets);
    }

    /** The principal followed by every principal set: what a binding member is compared with. */
    public List<String> all() {
        List<String> all = new ArrayList<>(principalSets.size() + 1);
        all.add(principal);
        all.addAll(principalSets);
        return List.copyOf(all);
    }
}
