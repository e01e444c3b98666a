package dev.keyless.aws.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code https://aws.amazon.com/tags} claim: {@code {"principal_tags": {"Key": ["value"]},
 * "transitive_tag_keys": ["Key"]}}, each value a one-element array. Limits [IAM User Guide, id_session-tags]:
 * at most 50 tags, key 1–128 characters, value at most 256, keys unique ignoring case, transitive
 * keys among the tags. All problems are reported together.
 */
final class SessionTagsParser {
    static final int MAX_TAGS = 50;
    static final int MAX_KEY = 128;
    static final int MAX_VALUE = 256;
    // IAM tag character set [IAM User Guide, id_tags]: letters, spaces, numbers and _ . : / = + - @
    private static final Pattern CHARS = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    private SessionTagsParser() {}

    static SessionTags parse(Object claim) {
        if (claim == null) {
            return SessionTags.none();
        }
        List<String> problems = new ArrayList<>();
        if (!(claim instanceof Map<?, ?> map)) {
            return new SessionTags(Map.of(), List.of(), List.of("the tags claim must be an object"));
        }
        Map<String, String> tags = new LinkedHashMap<>();
        Object principal = map.get("principal_tags");
        if (principal instanceof Map<?, ?> pt) {
            pt.forEach((k, v) -> tag(String.valueOf(k), v, tags, problems));
        } else if (principal != null) {
            problems.add("principal_tags must be an object");
        }
        if (tags.size() > MAX_TAGS) {
            problems.add("at most " + MAX_TAGS + " session tags are allowed, got " + tags.size());
        }
        Set<String> lower = new HashSet<>();
        for (String k : tags.keySet()) {
            if (!lower.add(k.toLowerCase(Locale.ROOT))) {
                problems.add("duplicate tag key ignoring case: '" + k + "'");
            }
        }
        List<String> transitive = new ArrayList<>();
        Object tk = map.get("transitive_tag_keys");
        if (tk instanceof List<?> list) {
            for (Object o : list) {
                String k = String.valueOf(o);
                transitive.add(k);
                if (!tags.containsKey(k)) {
                    problems.add("transitive tag key '" + k + "' is not a principal tag");
                }
            }
        } else if (tk != null) {
            problems.add("transitive_tag_keys must be an array");
        }
        return new SessionTags(tags, transitive, problems);
    }

    private static void tag(String key, Object v, Map<String, String> tags, List<String> problems) {
        Object value = v instanceof List<?> l && l.size() == 1 ? l.get(0) : v;
        if (value instanceof List<?> || value instanceof Map<?, ?> || value == null) {
            problems.add("tag '" + key + "' must have exactly one string value");
            return;
        }
        String s = String.valueOf(value);
        if (key.isEmpty() || key.length() > MAX_KEY || !CHARS.matcher(key).matches()) {
            problems.add("tag key '" + key + "' must be 1-" + MAX_KEY + " characters of letters, digits, spaces and _.:/=+-@");
        }
        if (s.length() > MAX_VALUE || !CHARS.matcher(s).matches()) {
            problems.add("value of tag '" + key + "' must be at most " + MAX_VALUE + " characters of letters, digits, spaces and _.:/=+-@");
        }
        tags.put(key, s);
    }
}
