package dev.keyless.issuer;

import java.util.List;
import java.util.Objects;

/**
 * The requested {@code aud}, kept in its shape: a string stays a JSON string, a list stays a JSON
 * array even with one element (GitLab docs, ID token authentication, {@code build.rb#expanded_id_token_aud}).
 */
public record Audience(List<String> values, boolean array) {
    public Audience {
        values = List.copyOf(Objects.requireNonNull(values, "values"));
        if (!array && values.size() != 1) {
            throw new IllegalArgumentException("a string audience has exactly one value");
        }
    }

    public static Audience of(String value) {
        return new Audience(List.of(value), false);
    }

    public static Audience ofList(List<String> values) {
        return new Audience(values, true);
    }

    Object claimValue() {
        return array ? values : values.getFirst();
    }
}
