package dev.keyless.gcp.mapping;

import java.util.List;

/**
 * A provider's attribute mapping or condition that cannot be compiled or breaks GCP's limits.
 * Raised at config load, never at request time; lists every problem at
 * once, each naming the provider, the target attribute and the line:column.
 */
public final class MappingCompileException extends Exception {

    private final String providerName;
    private final List<String> problems;

    MappingCompileException(String providerName, List<String> problems) {
        super("provider " + providerName + ": " + String.join("; ", problems));
        this.providerName = providerName;
        this.problems = List.copyOf(problems);
    }

    public String providerName() {
        return providerName;
    }

    /** Each problem as {@code <target>: <message>[ at line L, column C]}. */
    public List<String> problems() {
        return problems;
    }
}
