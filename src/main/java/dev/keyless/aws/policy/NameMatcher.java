package dev.keyless.aws.policy;

import java.util.List;

/**
 * {@code Action}/{@code NotAction} (case-insensitive, [IAM User Guide, reference_policies_elements_action])
 * or {@code Resource}/{@code NotResource} (case-sensitive): a list of wildcard patterns.
 */
public record NameMatcher(boolean negated, List<WildcardPattern> patterns) {
    public NameMatcher {
        patterns = List.copyOf(patterns);
    }

    public boolean matches(String name) {
        boolean any = false;
        for (WildcardPattern p : patterns) {
            if (p.matches(name)) {
                any = true;
                break;
            }
        }
        return negated != any;
    }

    @Override
    public String toString() {
        return (negated ? "not " : "") + patterns;
    }
}
