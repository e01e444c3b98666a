package dev.keyless.aws.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code ArnEquals}/{@code ArnLike}: "Each of the six colon-delimited components of the ARN is checked
 * separately and each can include multi-character match wildcards (*) or single-character match
 * wildcards (?)" [IAM User Guide, reference_policies_elements_condition_operators, ARN condition operators].
 * The sixth component keeps any further colons. Case-sensitive.
 */
final class ArnPattern {
    private final List<WildcardPattern> parts;

    private ArnPattern(List<WildcardPattern> parts) {
        this.parts = parts;
    }

    static ArnPattern of(PolicyValue.Resolved value) {
        String text = value.text();
        List<WildcardPattern> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < 5; i++) {
            int colon = text.indexOf(':', start);
            if (colon < 0) {
                throw new IllegalArgumentException("not an ARN (six colon-separated parts): '" + text + "'");
            }
            parts.add(slice(value, start, colon));
            start = colon + 1;
        }
        parts.add(slice(value, start, text.length()));
        return new ArnPattern(List.copyOf(parts));
    }

    private static WildcardPattern slice(PolicyValue.Resolved value, int from, int to) {
        boolean[] w = java.util.Arrays.copyOfRange(value.wildcardable(), from, to);
        return new PolicyValue.Resolved(value.text().substring(from, to), w).pattern(false);
    }

    boolean matches(String arn) {
        String[] got = arn.split(":", 6);
        if (got.length != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!parts.get(i).matches(got[i])) {
                return false;
            }
        }
        return true;
    }
}
