package dev.keyless.audit;

import java.util.Base64;

/**
 * The last line of defence that keeps credentials out of the audit store: free text (messages,
 * explanations, claims echoed back, a user agent) can carry a token that a caller pasted or an
 * upstream error quoted. Matches are replaced, not refused, because refusing would turn an
 * audit record into a 500 for the request it describes; the replacement names what was removed.
 *
 * <p>Secrets are recognised by what they are, never by length alone (a 120-character branch name
 * or a long workload identity pool name is legitimate audit text):
 * <ul>
 *   <li>a JWS/JWE compact serialization (RFC 7515 section 7.1, RFC 7516 section 7.1): a base64url
 *       run starting {@code eyJ} (the base64url of <code>{"</code>) with at least two dots;
 *   <li>an AWS session token: AWS's own start with {@code IQoJb3JpZ2lu}/{@code FwoGZXIvYXdz}/...;
 *       Keyless's are sealed tokens (below);
 *   <li>a Keyless sealed token ({@code credentials.TokenSealer}: AWS session tokens, the sealed part
 *       of GCP access tokens): a base64 run that decodes to version byte 1, a key id, a nonce and
 *       at least a GCM tag;
 *   <li>an OAuth access token in Google's format ({@code ya29.}), which Keyless also issues;
 *   <li>an AWS secret access key: a run of exactly 40 base64 characters mixing upper case, lower
 *       case and digits (a SHA-1 in hex has no upper case).
 * </ul>
 * Every scan is linear in the text: left to right, each search resuming where the last one ended
 * (a character is looked at a bounded number of times); the previous regular expression retried at
 * every {@code eyJ} of a dot-less run, quadratic in its length, so a 15 KB user agent of
 * {@code eyJeyJ...} cost over a second of CPU.
 */
final class Redaction {
    static final String JWT = "[REDACTED:jwt]";
    static final String SESSION_TOKEN = "[REDACTED:session-token]";
    static final String ACCESS_TOKEN = "[REDACTED:access-token]";
    static final String SEALED = "[REDACTED:credential]";
    static final String SECRET_KEY = "[REDACTED:secret-access-key]";

    private static final String[] AWS_SESSION_PREFIXES = {"IQoJb3JpZ2lu", "FwoGZXIvYXdz", "FQoGZXIvYXdz", "AQoDYXdz"};
    /** TokenSealer layout: version (1) + key id (4) + nonce (12) + at least the tag (16). */
    private static final int SEALED_MIN_BYTES = 1 + 4 + 12 + 16;
    private static final int SEALED_MIN_CHARS = (SEALED_MIN_BYTES * 4 + 2) / 3;

    private Redaction() {}

    /** {@code text} with every credential substring replaced; null stays null. Linear in the length. */
    static String redact(String text) {
        return redact(text, true);
    }

    /**
     * The same without passing over runs that cannot hold a secret: every run is classified, one
     * character at a time. What {@link #redact(String)} returns must equal this for every text
     * (RedactionDifferentialTest); it is the scan before the skipping was added.
     */
    static String redactEveryRun(String text) {
        return redact(text, false);
    }

    private static String redact(String text, boolean skipRunsWithoutSecrets) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        StringBuilder out = null;
        int copied = 0;
        int n = text.length();
        Candidates candidates = skipRunsWithoutSecrets ? new Candidates(text) : null;
        int i = 0;
        while (i < n) {
            if (!isRunChar(text.charAt(i))) {
                if (candidates == null) {
                    i++;
                    continue;
                }
                // Runs before the next place a secret could be (see Candidates) hold none: skip them
                // without looking at them. i is never inside a run here, so neither is the target.
                int next = candidates.runFrom(i);
                if (next < 0) {
                    break;
                }
                i = Math.max(i + 1, next);
                continue;
            }
            // One run of token characters [A-Za-z0-9+/_.-] (an '=' ends it: it separates a name
            // from a value), classified as a whole, then skipped; base64 padding after it belongs to it.
            int end = i;
            while (end < n && isRunChar(text.charAt(end))) {
                end++;
            }
            int padded = end;
            while (padded < n && text.charAt(padded) == '=' && padded - end < 2) {
                padded++;
            }
            int[] span = SPAN_UNUSED;
            String replacement = null;
            if (padded - i >= SHORTEST_SECRET && mayHoldSecret(text, i, padded)) {
                span = new int[2];
                replacement = classify(text.substring(i, padded), span);
            }
            if (replacement != null) {
                if (out == null) {
                    out = new StringBuilder(n);
                }
                int spanEnd = span[1] == end - i ? padded - i : span[1];
                out.append(text, copied, i + span[0]).append(replacement);
                copied = i + spanEnd;
            }
            i = Math.max(end, copied);
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, n).toString();
    }

    /**
     * Where, at or after a position, a run that {@link #mayHoldSecret} accepts can start at the earliest,
     * found with {@link String#indexOf} (which the JVM vectorises) and a window search instead of a look at
     * every character: that test accepts a run only if it contains {@code eyJ}, {@code ya29.} or an AWS
     * session-token prefix, or has a dot-free piece of 40 characters counting its base64 padding, and such a
     * piece lies in 40 consecutive characters of [A-Za-z0-9+/_=-]. Audit text that holds no secret (most of
     * it: explanations are kilobytes of JSON) is then passed over in a fraction of the character-by-character
     * scan, whose result is unchanged: it still classifies every run this could not rule out.
     */
    private static final class Candidates {
        private static final String[] STARTS = {"eyJ", "ya29.", AWS_SESSION_PREFIXES[0], AWS_SESSION_PREFIXES[1],
            AWS_SESSION_PREFIXES[2], AWS_SESSION_PREFIXES[3]};
        private static final int PIECE = 40;

        private final String text;
        /** Per start: its next occurrence at or after the last position asked (-1: none), valid while >= it. */
        private final int[] found = new int[STARTS.length];
        private int window = 0;
        private int windowFrom = -1;

        Candidates(String text) {
            this.text = text;
            java.util.Arrays.fill(found, -2);
        }

        /**
         * The start of the run holding the first candidate at or after {@code from} (from itself when the
         * candidate is a padding character outside any run), or -1 when no run from there can hold a
         * secret. {@code from} must not be inside a run.
         */
        int runFrom(int from) {
            int first = Integer.MAX_VALUE;
            for (int k = 0; k < STARTS.length; k++) {
                if (found[k] == -2 || found[k] >= 0 && found[k] < from) {
                    found[k] = text.indexOf(STARTS[k], from);
                }
                if (found[k] >= 0) {
                    first = Math.min(first, found[k]);
                }
            }
            if (windowFrom < 0 || window >= 0 && window < from) {
                window = window(from);
                windowFrom = from;
            }
            if (window >= 0) {
                first = Math.min(first, window);
            }
            if (first == Integer.MAX_VALUE) {
                return -1;
            }
            int start = first;
            while (start > from && isRunChar(text.charAt(start - 1))) {
                start--;
            }
            return start;
        }

        /**
         * The first s >= from with text[s, s + 40) all in [A-Za-z0-9+/_=-], or -1. Each window is checked from
         * its end backwards: a character outside the set rules out every window that holds it, so the search
         * moves past it, and characters already seen to be in the set are not looked at again.
         */
        private int window(int from) {
            int n = text.length();
            int s = from;
            int verified = from; // text[s, verified) is known to be in the set
            while (s <= n - PIECE) {
                int j = s + PIECE - 1;
                while (j >= verified && isPieceChar(text.charAt(j))) {
                    j--;
                }
                if (j < verified) {
                    return s;
                }
                verified = s + PIECE;
                s = j + 1;
            }
            return -1;
        }

        private static boolean isPieceChar(char c) {
            return c != '.' && (isRunChar(c) || c == '=');
        }
    }

    /** The shortest run {@link #classify} can match: a JWS with empty parts ({@code eyJ..}), {@code ya29.}. */
    private static final int SHORTEST_SECRET = 5;
    private static final int[] SPAN_UNUSED = new int[0];

    /**
     * A cheap necessary condition for {@link #classify} to match the run {@code text[from, to)},
     * without copying it: every secret it recognises contains {@code eyJ}, an AWS session-token
     * prefix or {@code ya29.}, or has a dot-free piece of at least 40 characters (an AWS secret
     * access key is exactly 40, a sealed token longer). Most runs of free text (words, ARNs,
     * JSON names) fail it, and cost no substring.
     */
    private static boolean mayHoldSecret(String text, int from, int to) {
        int piece = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                piece = 0;
                continue;
            }
            if (++piece >= 40) {
                return true;
            }
            if (i + 2 < to && c == 'e' && text.charAt(i + 1) == 'y' && text.charAt(i + 2) == 'J') {
                return true;
            }
            if (i + 4 < to && c == 'y' && text.startsWith("ya29.", i)) {
                return true;
            }
            if (c == 'I' || c == 'F' || c == 'A') {
                for (String prefix : AWS_SESSION_PREFIXES) {
                    if (i + prefix.length() <= to && text.startsWith(prefix, i)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * The replacement for the secret in {@code run} (a maximal run of token characters), with
     * {@code span} set to its start and end within the run; null when the run holds none. Each
     * check is linear in the run.
     */
    private static String classify(String run, int[] span) {
        int jwt = run.indexOf("eyJ");
        if (jwt >= 0) {
            int end = jwt;
            int dots = 0;
            while (end < run.length() && isBase64UrlChar(run.charAt(end)) || end < run.length() && run.charAt(end) == '.') {
                dots += run.charAt(end) == '.' ? 1 : 0;
                end++;
            }
            if (dots >= 2) {
                span[0] = jwt;
                span[1] = end;
                return JWT;
            }
        }
        for (String prefix : AWS_SESSION_PREFIXES) {
            int at = run.indexOf(prefix);
            if (at >= 0) {
                span[0] = at;
                span[1] = endOf(run, at, false);
                return SESSION_TOKEN;
            }
        }
        int google = run.indexOf("ya29.");
        if (google >= 0) {
            span[0] = google;
            span[1] = run.length();
            return ACCESS_TOKEN;
        }
        // Dots separate the pieces checked below (a sealed token or a key never contains one).
        int start = 0;
        while (start < run.length()) {
            int dot = run.indexOf('.', start);
            int end = dot < 0 ? run.length() : dot;
            String piece = run.substring(start, end);
            if (isSealed(piece) || isSecretAccessKey(piece)) {
                span[0] = start;
                span[1] = end;
                return isSealed(piece) ? SEALED : SECRET_KEY;
            }
            start = end + 1;
        }
        return null;
    }

    private static int endOf(String run, int from, boolean dots) {
        int end = from;
        while (end < run.length() && (isBase64Char(run.charAt(end)) || dots && run.charAt(end) == '.')) {
            end++;
        }
        return end;
    }

    /** A Keyless sealed token: standard or URL-safe base64 of version 1, key id, nonce, ciphertext and tag. */
    static boolean isSealed(String piece) {
        if (piece.length() < SEALED_MIN_CHARS || piece.charAt(0) != 'A') {
            return false;
        }
        char second = piece.charAt(1);
        if (second < 'Q' || second > 'T') { // the first byte, 0x01, encodes as A then Q..T
            return false;
        }
        byte[] raw;
        try {
            boolean url = piece.indexOf('-') >= 0 || piece.indexOf('_') >= 0;
            raw = (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(piece);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        return raw.length >= SEALED_MIN_BYTES && raw[0] == 1;
    }

    /** Exactly 40 characters of [A-Za-z0-9+/] with upper case, lower case and a digit: an AWS secret access key. */
    static boolean isSecretAccessKey(String piece) {
        String key = piece;
        if (key.length() != 40) {
            return false;
        }
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '+' && c != '/') {
                return false;
            }
        }
        return upper && lower && digit;
    }

    private static boolean isBase64UrlChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private static boolean isRunChar(char c) {
        return isBase64UrlChar(c) || c == '+' || c == '/' || c == '.';
    }

    private static boolean isBase64Char(char c) {
        return isBase64UrlChar(c) || c == '+' || c == '/' || c == '=';
    }
}
