package dev.keyless.aws.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One statement. {@code principals}, {@code actions} and {@code resources} are empty optionals when
 * the element is absent (an identity or session policy has no principal; a trust policy has no
 * resource).
 */
public record Statement(
        int index,
        Optional<String> sid,
        Effect effect,
        Optional<PrincipalSpec> principals,
        Optional<NameMatcher> actions,
        Optional<NameMatcher> resources,
        List<Condition> conditions) {

    public Statement {
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(principals, "principals");
        Objects.requireNonNull(actions, "actions");
        Objects.requireNonNull(resources, "resources");
        conditions = List.copyOf(conditions);
    }

    /** How messages and explanations name the statement: its Sid, else {@code #index}. */
    public String label() {
        return sid.map(s -> "'" + s + "'").orElse("#" + index);
    }
}
