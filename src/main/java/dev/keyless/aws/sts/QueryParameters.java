package dev.keyless.aws.sts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Decoded awsQuery parameters; every name maps to exactly one value (repeats are rejected earlier). */
public record QueryParameters(Map<String, String> values) {

    public QueryParameters {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public List<String> names() {
        return List.copyOf(values.keySet());
    }
}
