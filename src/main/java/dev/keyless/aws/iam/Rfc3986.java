package dev.keyless.aws.iam;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of policy documents in IAM responses: "Policies returned by this operation are
 * URL-encoded compliant with RFC 3986" (IAM API Reference, GetRole). Only the unreserved
 * characters of RFC 3986 §2.3 stay as they are; a space is {@code %20}, never {@code +} (botocore
 * decodes with {@code urllib.parse.unquote}, which leaves {@code +} alone, so a {@code +} would
 * break the JSON it then parses — the reason {@code java.net.URLEncoder} is not used).
 */
final class Rfc3986 {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Rfc3986() {}

    static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (unreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return out.toString();
    }

    private static boolean unreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
