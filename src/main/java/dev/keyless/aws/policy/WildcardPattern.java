package dev.keyless.aws.policy;

import java.util.Locale;
import java.util.Objects;

/**
 * IAM's glob: {@code *} matches any run of characters (also none), {@code ?} exactly one, anywhere in
 * the string [IAM User Guide, reference_policies_elements_condition_operators, StringLike]. Each position
 * records whether it is a wildcard, so that {@code ${*}} (a literal star) and substituted variable
 * text stay literal. Compiled once; matching is a linear scan with one backtrack point.
 */
public final class WildcardPattern {
    private final char[] chars;
    private final boolean[] wild;
    private final boolean ignoreCase;
    private final boolean literal;

    WildcardPattern(char[] chars, boolean[] wild, boolean ignoreCase) {
        this.ignoreCase = ignoreCase;
        this.chars = ignoreCase ? new String(chars).toLowerCase(Locale.ROOT).toCharArray() : chars.clone();
        this.wild = wild.clone();
        boolean anyWild = false;
        for (boolean w : wild) {
            anyWild |= w;
        }
        this.literal = !anyWild;
    }

    /** Every {@code *} and {@code ?} in {@code text} is a wildcard. */
    public static WildcardPattern glob(String text, boolean ignoreCase) {
        Objects.requireNonNull(text, "text");
        char[] c = text.toCharArray();
        boolean[] w = new boolean[c.length];
        for (int i = 0; i < c.length; i++) {
            w[i] = c[i] == '*' || c[i] == '?';
        }
        return new WildcardPattern(c, w, ignoreCase);
    }

    public boolean matches(String input) {
        String s = ignoreCase ? input.toLowerCase(Locale.ROOT) : input;
        if (literal) {
            return s.length() == chars.length && s.contentEquals(new String(chars));
        }
        int p = 0;
        int i = 0;
        int starP = -1;
        int starI = 0;
        while (i < s.length()) {
            if (p < chars.length && !isStar(p) && (isQuestion(p) || chars[p] == s.charAt(i))) {
                p++;
                i++;
            } else if (p < chars.length && isStar(p)) {
                starP = p++;
                starI = i;
            } else if (starP >= 0) {
                p = starP + 1;
                i = ++starI;
            } else {
                return false;
            }
        }
        while (p < chars.length && isStar(p)) {
            p++;
        }
        return p == chars.length;
    }

    private boolean isStar(int p) {
        return wild[p] && chars[p] == '*';
    }

    private boolean isQuestion(int p) {
        return wild[p] && chars[p] == '?';
    }

    /** The pattern as written, with literal {@code *}/{@code ?} shown as {@code ${*}}/{@code ${?}}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < chars.length; k++) {
            boolean special = chars[k] == '*' || chars[k] == '?';
            b.append(special && !wild[k] ? "${" + chars[k] + "}" : String.valueOf(chars[k]));
        }
        return b.toString();
    }
}
