package dev.keyless.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code gcp.projects}, keyed by project id, in file order. */
public record GcpConfig(Map<String, GcpProject> projects) {

    public GcpConfig {
        projects = Collections.unmodifiableMap(new LinkedHashMap<>(projects));
    }

    /** STS audiences and principals name projects by number (Google STS API, token; IAM principal identifiers). */
    public Optional<GcpProject> projectByNumber(String number) {
        return projects.values().stream().filter(p -> p.number().equals(number)).findFirst();
    }
}
