package dev.keyless.audit;

import java.util.regex.Pattern;

/**
 * The last line of defence that keeps credentials out of the audit store: free text (messages,
 * explanations, claims echoed back, a user agent) can carry a token that a caller pasted or an
 * upstream error quoted. Matches are replaced, not refused, because refusing would turn an
 * audit record into a 500 for the request it describes; the replacement names what was removed.
 *
 * <p>Recognized shapes: a JWS/JWE compact serialization (RFC 7515 section 7.1, RFC 7516
 * section 7.1: base64url segments joined by dots, the JOSE header always starting {@code eyJ},
 * the base64url of <code>{"</code>); AWS session tokens (opaque base64,
 * real ones start {@code IQoJb3JpZ2lu}/{@code FwoGZXIvYXdz}); Google access tokens
 * ({@code ya29.}); and any unbroken base64 run of 100 characters or more, which covers our own
 * sealed credentials and has no legitimate place in audit text (a SHA-256 in hex is 64).
 */
final class Redaction {
    static final String JWT = "[REDACTED:jwt]";
    static final String SESSION_TOKEN = "[REDACTED:session-token]";
    static final String ACCESS_TOKEN = "[REDACTED:access-token]";
    static final String BLOB = "[REDACTED:credential]";

    private static final Pattern JWT_PATTERN =
            Pattern.compile("eyJ[A-Za-z0-9_-]*(?:\\.[A-Za-z0-9_-]*){2,4}");
    private static final Pattern AWS_SESSION_PATTERN =
            Pattern.compile("(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz|AQoDYXdz)[A-Za-z0-9+/=_-]*");
    private static final Pattern GOOGLE_ACCESS_PATTERN = Pattern.compile("ya29\\.[A-Za-z0-9._-]+");
    private static final Pattern BLOB_PATTERN = Pattern.compile("[A-Za-z0-9+/=_-]{100,}");

    private Redaction() {}

    private static final String[] AWS_SESSION_PREFIXES = {"IQoJb3JpZ2lu", "FwoGZXIvYXdz", "FQoGZXIvYXdz", "AQoDYXdz"};
    private static final int BLOB_MIN = 100;

    /**
     * {@code text} with every credential-shaped substring replaced; null stays null.
     *
     * <p>Each pattern runs only when a cheap scan shows it can match: every audit event passes
     * here, and {@code find()} of the blob pattern over clean text retries at each position of
     * every base64-ish run (quadratic in run length) — a third of an AssumeRole's CPU in the JFR
     * profile (bench/RESULTS.md). The replacements themselves are unchanged.
     */
    static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text.contains("eyJ") ? JWT_PATTERN.matcher(text).replaceAll(JWT) : text;
        if (containsAny(out, AWS_SESSION_PREFIXES)) {
            out = AWS_SESSION_PATTERN.matcher(out).replaceAll(SESSION_TOKEN);
        }
        if (out.contains("ya29.")) {
            out = GOOGLE_ACCESS_PATTERN.matcher(out).replaceAll(ACCESS_TOKEN);
        }
        return hasBlobRun(out) ? BLOB_PATTERN.matcher(out).replaceAll(BLOB) : out;
    }

    private static boolean containsAny(String text, String[] needles) {
        for (String needle : needles) {
            if (text.contains(needle)) {
                return true;
            }
        }
        return false;
    }

    /** One linear pass: is there a run of {@value #BLOB_MIN}+ characters of BLOB_PATTERN's class? */
    static boolean hasBlobRun(String text) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean inClass = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '=' || c == '_' || c == '-';
            run = inClass ? run + 1 : 0;
            if (run >= BLOB_MIN) {
                return true;
            }
        }
        return false;
    }
}
