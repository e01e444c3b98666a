package dev.keyless.cli;

/**
 * Control characters in log text, escaped where every log line is written (the {@code %safeMsg}
 * and {@code %safeEx} conversions of {@link LogbackDefaults} and of the JSON access log, {@link LogSetup}).
 * Log messages carry what clients sent (a role ARN, an unverified token's issuer, a credential
 * scope, a method): a CR or LF there would forge a log line, an ESC would reach the operator's
 * terminal. C0 (including TAB, CR, LF), DEL and C1 become {@code \\uXXXX}, which also keeps a JSON
 * log line one valid line; a backslash is left as is (it is not a control character).
 */
public final class LogText {
    private LogText() {}

    public static String escapeControls(String s) {
        if (s == null) {
            return null;
        }
        int i = 0;
        while (i < s.length() && !isControl(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isControl(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }
}
