package dev.keyless.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A workload identity pool (IAM API, workload identity pool providers). A disabled pool refuses exchanges and its
 * existing tokens stop working; {@code sessionDuration} (2m..12h) overrides the token lifetime.
 */
public record WorkloadIdentityPool(String id, boolean disabled, Optional<Duration> sessionDuration,
        Map<String, PoolProvider> providers) {

    public WorkloadIdentityPool {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sessionDuration, "sessionDuration");
        providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
    }
}
