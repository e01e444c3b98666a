package dev.keyless.aws.sts;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SigV4 computation, pure [IAM User Guide, Signature Version 4; botocore auth.py SigV4Auth]: canonical request, string to
 * sign, HMAC-SHA256 key chain. Tested against AWS's published SigV4 test suite.
 */
final class SigV4Signing {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private SigV4Signing() {}

    static String canonicalRequest(String method, String rawPath, List<Map.Entry<String, String>> query,
            String canonicalHeaders, String signedHeaders, String payloadHash) {
        return String.join("\n", method, canonicalPath(rawPath), canonicalQuery(query), canonicalHeaders,
                signedHeaders, payloadHash);
    }

    static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /** hex HMAC(kSigning, stringToSign), kSigning = HMAC chain "AWS4"+secret → date → region → service → aws4_request. */
    static String signature(String secret, String date, String region, String service, String stringToSign) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return HexFormat.of().formatHex(hmac(key, stringToSign));
    }

    /** Lower-case name ":" trimmed value with whitespace runs collapsed, several values joined by ",". */
    static String canonicalHeaders(SigV4Request request, List<String> signedHeaderNames) {
        StringBuilder out = new StringBuilder(256);
        for (String name : signedHeaderNames) {
            out.append(name).append(':');
            List<String> values = request.headerValues(name);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendCollapsed(out, values.get(i).strip());
            }
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * {@code value.replaceAll("\\s+", " ")} without compiling a pattern per header: every run of the
     * characters {@code \s} matches ([ \t\n\x0B\f\r], java.util.regex.Pattern) becomes one space.
     */
    static void appendCollapsed(StringBuilder out, String value) {
        int n = value.length();
        int i = 0;
        while (i < n) {
            char c = value.charAt(i);
            if (isRegexSpace(c)) {
                out.append(' ');
                while (i < n && isRegexSpace(value.charAt(i))) {
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
    }

    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** Non-S3 services URI-encode the already-encoded path once more (botocore quotes request.url's path). */
    static String canonicalPath(String rawPath) {
        if (rawPath.isEmpty()) {
            return "/";
        }
        return uriEncode(rawPath, false);
    }

    /** Pairs sorted by encoded name, then encoded value, joined as name=value with "&". */
    static String canonicalQuery(List<Map.Entry<String, String>> pairs) {
        return pairs.stream().map(e -> Map.entry(uriEncode(e.getKey(), true), uriEncode(e.getValue(), true)))
                .sorted(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
    }

    /** Splits a raw query into decoded pairs; undecodable text is kept literally. */
    static List<Map.Entry<String, String>> queryPairs(String rawQuery) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            pairs.add(Map.entry(decode(name), decode(value)));
        }
        return pairs;
    }

    /** RFC 3986 unreserved characters stay, everything else is %XX of its UTF-8 bytes. */
    static String uriEncode(String text, boolean encodeSlash) {
        StringBuilder out = new StringBuilder(text.length() * 2);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' || c == '~' || c == '/' && !encodeSlash) {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private static String decode(String text) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            int hi = i + 2 < raw.length ? Character.digit(raw[i + 1], 16) : -1;
            int lo = i + 2 < raw.length ? Character.digit(raw[i + 2], 16) : -1;
            if (raw[i] == '%' && hi >= 0 && lo >= 0) {
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.write(raw[i] == '+' ? ' ' : raw[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
