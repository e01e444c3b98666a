package dev.keyless.aws.policy;

import java.util.List;
import java.util.Map;

/**
 * Session tags from the token's {@code https://aws.amazon.com/tags} claim [IAM User Guide, id_session-tags].
 * {@code problems} is empty when the claim is absent or within AWS's limits; otherwise it lists every
 * violation (the assume call must then fail).
 */
public record SessionTags(Map<String, String> tags, List<String> transitiveTagKeys, List<String> problems) {
    public SessionTags {
        tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
        transitiveTagKeys = List.copyOf(transitiveTagKeys);
        problems = List.copyOf(problems);
    }

    public static SessionTags none() {
        return new SessionTags(Map.of(), List.of(), List.of());
    }

    public boolean valid() {
        return problems.isEmpty();
    }
}
