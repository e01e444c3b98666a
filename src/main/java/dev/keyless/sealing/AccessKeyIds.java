package dev.keyless.sealing;

import java.security.SecureRandom;

/**
 * Temporary access key ids: {@code ASIA} + 16 characters of A-Z2-7, 20 in all (STS API Reference,
 * Credentials). Role ids are derived with the configuration ({@code config.RoleConfig}).
 */
public final class AccessKeyIds {

    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private AccessKeyIds() {}

    /** A fresh temporary access key id from 80 random bits. */
    public static String newAccessKeyId(SecureRandom random) {
        byte[] bytes = new byte[10];
        random.nextBytes(bytes);
        return "ASIA" + base32(bytes, 16);
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
