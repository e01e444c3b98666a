package dev.keyless.gcp.mapping;

/**
 * GCP's {@code extract(template)} (IAM conditions attribute reference, "#extract"; reference/
 * cel-java): the template holds one {@code {name}} placeholder; the text before it must
 * occur in the value, and the result is what follows it up to the first occurrence of the text
 * after the placeholder (or to the end when that text is empty). No match gives {@code ''} —
 * inferred from observed usage {@code x.extract(...) != ''}, not documented.
 *
 * <p>Examples: {@code 'arn:…assumed-role/R/s'.extract('assumed-role/{role_name}/')} is {@code R};
 * {@code 'arn:…assumed-role/R/s'.extract('{account_arn}assumed-role/')} is the prefix.
 */
final class ExtractFunction {

    private ExtractFunction() {
    }

    static String extract(String value, String template) {
        int open = template.indexOf('{');
        int close = open < 0 ? -1 : template.indexOf('}', open);
        if (open < 0 || close < 0) {
            return "";
        }
        String prefix = template.substring(0, open);
        String suffix = template.substring(close + 1);
        int start = value.indexOf(prefix);
        if (start < 0) {
            return "";
        }
        start += prefix.length();
        if (suffix.isEmpty()) {
            return value.substring(start);
        }
        int end = value.indexOf(suffix, start);
        return end < 0 ? "" : value.substring(start, end);
    }
}
