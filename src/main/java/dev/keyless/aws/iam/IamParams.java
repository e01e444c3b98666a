package dev.keyless.aws.iam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The decoded form parameters of one IAM request, read with the service model's constraints
 * (IAM API Reference, each operation's "Request Parameters"). botocore checks only minimum
 * lengths and values, so maxima and patterns are enforced here. A violation is AWS's
 * {@code ValidationError} sentence ("1 validation error detected: Value '…' at 'roleName' failed
 * to satisfy constraint: …"), naming the member. Lists are {@code Name.member.N} (1-based) and tags
 * {@code Tags.member.N.Key}/{@code .Value}, read as a form, never by position.
 */
final class IamParams {
    /** Tag keys and values (IAM API Reference, Tag): letters, separators, digits and {@code _.:/=+-@}. */
    static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
    static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    /** More list members than any IAM list allows: a request naming member 1001 is refused, not scanned. */
    private static final int MAX_MEMBERS = 1000;

    private final Map<String, String> values;

    IamParams(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    Optional<String> raw(String name) {
        return Optional.ofNullable(values.get(name));
    }

    String required(String name, int min, int max, Pattern pattern) {
        String v = values.get(name);
        if (v == null) {
            throw IamFailure.validation("1 validation error detected: Value null at '" + member(name)
                    + "' failed to satisfy constraint: Member must not be null").refusal();
        }
        return check(name, v, min, max, pattern);
    }

    Optional<String> optional(String name, int min, int max, Pattern pattern) {
        String v = values.get(name);
        return v == null ? Optional.empty() : Optional.of(check(name, v, min, max, pattern));
    }

    OptionalInt integer(String name, int min, int max) {
        String v = values.get(name);
        if (v == null) {
            return OptionalInt.empty();
        }
        long n;
        try {
            n = Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw IamFailure.validation("1 validation error detected: Value '" + quote(v) + "' at '" + member(name)
                    + "' failed to satisfy constraint: Member must be an integer").refusal();
        }
        if (n < min) {
            throw constraint(name, v, "Member must have value greater than or equal to " + min);
        }
        if (n > max) {
            throw constraint(name, v, "Member must have value less than or equal to " + max);
        }
        return OptionalInt.of((int) n);
    }

    /** {@code name.member.1}, {@code name.member.2}, … until the first gap; each item checked. */
    List<String> list(String name, int itemMin, int itemMax, Pattern pattern) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= MAX_MEMBERS + 1; i++) {
            String key = name + ".member." + i;
            String v = values.get(key);
            if (v == null) {
                break;
            }
            if (i > MAX_MEMBERS) {
                throw constraint(name, "", "Member must have length less than or equal to " + MAX_MEMBERS);
            }
            out.add(check(key, v, itemMin, itemMax, pattern));
        }
        return out;
    }

    boolean hasList(String name) {
        return values.containsKey(name + ".member.1") || values.containsKey(name);
    }

    /** Tags as given (a repeated key keeps the last value, as IAM overwrites), at most {@code max}. */
    Map<String, String> tags(String name, int max) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 1; ; i++) {
            String prefix = name + ".member." + i;
            String key = values.get(prefix + ".Key");
            if (key == null) {
                if (values.containsKey(prefix + ".Value")) {
                    required(prefix + ".Key", 1, 128, TAG_KEY);
                }
                break;
            }
            if (i > max) {
                throw IamFailure.limitExceeded("The number of tags has reached the maximum limit of " + max + ".")
                        .refusal();
            }
            check(prefix + ".Key", key, 1, 128, TAG_KEY);
            String value = required(prefix + ".Value", 0, 256, TAG_VALUE);
            out.put(key, value);
        }
        return out;
    }

    private String check(String name, String v, int min, int max, Pattern pattern) {
        int length = v.codePointCount(0, v.length());
        if (length < min) {
            throw constraint(name, v, "Member must have length greater than or equal to " + min);
        }
        if (length > max) {
            throw constraint(name, v, "Member must have length less than or equal to " + max);
        }
        if (pattern != null && !pattern.matcher(v).matches()) {
            throw constraint(name, v, "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
        return v;
    }

    private static RuntimeException constraint(String name, String value, String rule) {
        return IamFailure.validation("1 validation error detected: Value '" + quote(value) + "' at '" + member(name)
                + "' failed to satisfy constraint: " + rule).refusal();
    }

    /** The member as AWS names it in validation messages: lower camel case, list positions kept. */
    static String member(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    /** A value quoted in a message: long ones (policy documents) cut, control characters shown escaped. */
    private static String quote(String value) {
        String cut = value.length() > 128 ? value.substring(0, 128) + "…" : value;
        StringBuilder b = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
