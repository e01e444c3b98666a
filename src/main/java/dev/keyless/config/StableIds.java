package dev.keyless.config;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic identifiers, so a role or service account keeps its id across restarts and nodes
 * without storing it: derived from SHA-256 of the owning account/project and the name.
 */
final class StableIds {

    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private StableIds() {}

    /** {@code AROA} + 17 base-32 characters: the shape of an IAM role unique id (IAM User Guide, reference_identifiers). */
    static String roleId(String accountId, String roleName) {
        byte[] hash = sha256("aws-role:" + accountId + ":" + roleName);
        StringBuilder out = new StringBuilder("AROA");
        BigInteger value = new BigInteger(1, hash);
        for (int i = 0; i < 17; i++) {
            out.append(BASE32.charAt(value.and(BigInteger.valueOf(31)).intValue()));
            value = value.shiftRight(5);
        }
        return out.toString();
    }

    /** 21 decimal digits starting with 1, the shape of a service account's unique id. */
    static String serviceAccountUniqueId(String projectId, String accountName) {
        BigInteger value = new BigInteger(1, sha256("gcp-sa:" + projectId + ":" + accountName));
        BigInteger twentyDigits = value.mod(BigInteger.TEN.pow(20));
        return "1" + String.format("%020d", twentyDigits);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
