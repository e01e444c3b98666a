package dev.keyless.gcp.decision;

import dev.keyless.gcp.mapping.MappingTrace;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The detail behind the checks, as far as the decision got: the CEL trace, the caller's
 * principals (the principal, then every principal set), the bindings looked at.
 */
public record DecisionTrace(Optional<MappingTrace> mapping, List<String> principals, Optional<BindingTrace> bindings) {
    public DecisionTrace {
        Objects.requireNonNull(mapping, "mapping");
        principals = List.copyOf(principals);
        Objects.requireNonNull(bindings, "bindings");
    }
}
