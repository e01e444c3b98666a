package dev.keyless.ci;

import java.util.List;

/**
 * A {@code !reference [.job, key, …]} tag as read, resolved after {@code extends:}
 * (https://docs.gitlab.com/ee/ci/yaml/yaml_optimization.html#reference-tags).
 */
record CiReference(List<String> path) {
    CiReference {
        path = List.copyOf(path);
    }
}
