package dev.keyless.aws.policy;

/** One compiled policy value: does a single request value match it (under the positive operator)? */
@FunctionalInterface
public interface ValueMatcher {
    boolean matches(String requestValue);
}
