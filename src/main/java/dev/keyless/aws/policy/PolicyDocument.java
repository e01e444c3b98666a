package dev.keyless.aws.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A parsed, compiled IAM policy: evaluate it as often as needed, it holds no mutable state. */
public record PolicyDocument(String version, Optional<String> id, List<Statement> statements) {
    /** The 2012-10-17 grammar; the only one in which {@code ${…}} is a policy variable. */
    public static final String VERSION_2012 = "2012-10-17";
    public static final String VERSION_2008 = "2008-10-17";

    public PolicyDocument {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(id, "id");
        statements = List.copyOf(statements);
    }
}
