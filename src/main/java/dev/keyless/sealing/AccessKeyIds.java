package dev.keyless.sealing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * AWS identifiers: temporary access key ids ({@code ASIA} + 16 characters of A-Z2-7, 20 in all,
 * STS API Reference, Credentials) and role ids ({@code AROA} + 17 characters, 21 in all, as in the
 * {@code AssumedRoleId} samples).
 */
public final class AccessKeyIds {

    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("ASIA[A-Z2-7]{16}");

    private AccessKeyIds() {}

    /** A fresh temporary access key id from 80 random bits. */
    public static String newAccessKeyId(SecureRandom random) {
        byte[] bytes = new byte[10];
        random.nextBytes(bytes);
        return "ASIA" + base32(bytes, 16);
    }

    public static boolean isAccessKeyId(String value) {
        return value != null && ACCESS_KEY_ID.matcher(value).matches();
    }

    /**
     * A stable role id derived from account and role name, so every node (and every restart)
     * gives the same {@code AROA…} id for the same role without storing it.
     */
    public static String roleId(String account, String roleName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((account + "\n" + roleName).getBytes(StandardCharsets.UTF_8));
            return "AROA" + base32(digest, 17);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /** The first {@code length} base-32 digits of the bytes (RFC 4648 alphabet, no padding). */
    private static String base32(byte[] bytes, int length) {
        StringBuilder out = new StringBuilder(length);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5 && out.length() < length) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return out.toString();
    }
}
