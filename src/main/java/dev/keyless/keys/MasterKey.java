package dev.keyless.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The operator's AES-256 key that encrypts private and sealing keys at rest.
 * {@link #seal}/{@link #open} are AES-GCM with a random 96-bit nonce (NIST SP 800-38D §8.2.2)
 * and caller-supplied associated data, so a ciphertext copied to another row fails to open.
 * Prints only its id: the first 8 bytes of SHA-256 over the key, in hex.
 */
public final class MasterKey {
    public static final String ENV = "KEYLESS_MASTER_KEY";
    public static final String FILE_NAME = "master.key";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final String id;
    private final SecureRandom random;

    private MasterKey(byte[] bytes, SecureRandom random) {
        if (bytes.length != 32) {
            throw new IllegalArgumentException("master key: expected 32 bytes (AES-256), got " + bytes.length);
        }
        this.key = new SecretKeySpec(bytes, "AES");
        this.id = fingerprint(bytes);
        this.random = random;
        Arrays.fill(bytes, (byte) 0);
    }

    /** A key from base64 (standard or URL alphabet) text, as in {@code KEYLESS_MASTER_KEY}. */
    public static MasterKey fromBase64(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        byte[] bytes;
        try {
            bytes = trimmed.contains("-") || trimmed.contains("_")
                    ? Base64.getUrlDecoder().decode(trimmed)
                    : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("master key: not valid base64", e);
        }
        return new MasterKey(bytes, new SecureRandom());
    }

    public static MasterKey generate(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return new MasterKey(bytes, random);
    }

    /**
     * Loads the master key: {@code KEYLESS_MASTER_KEY} from {@code env} first; else
     * {@code <dataFolder>/master.key}; else, when {@code dataFolder} is present (the embedded SQLite
     * default), generates that file readable by its owner only (0600). With neither (PostgreSQL and
     * no variable) it fails, saying which variable to set: a node must not invent a key others lack.
     */
    public static MasterKey load(Map<String, String> env, Optional<Path> dataFolder) {
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromBase64(fromEnv);
        }
        if (dataFolder.isEmpty()) {
            throw new IllegalStateException("master key: set " + ENV + " (base64 of 32 random bytes, e.g."
                    + " `openssl rand -base64 32`) or store.masterKeyFile; a shared store needs the same key on"
                    + " every node, so a node on PostgreSQL never generates one");
        }
        Path file = dataFolder.get().resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                createOwnerOnly(file);
            }
            return fromBase64(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("master key: cannot read or create " + file, e);
        }
    }

    private static void createOwnerOnly(Path file) throws IOException {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String text = Base64.getEncoder().encodeToString(bytes) + "\n";
        Arrays.fill(bytes, (byte) 0);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // Created with 0600 in one step: there is no moment when the file is group-readable.
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            return; // another process won the race; use its key
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    /** The key's public identifier, stored next to each ciphertext to explain a mismatch. */
    public String id() {
        return id;
    }

    /** AES-GCM encrypts {@code plaintext}; the result is nonce ‖ ciphertext ‖ tag. */
    public byte[] seal(byte[] plaintext, byte[] associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** Decrypts a {@link #seal} result; empty when the tag does not verify (wrong key or data). */
    public Optional<byte[]> open(byte[] sealed, byte[] associatedData) {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            return Optional.of(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES));
        } catch (javax.crypto.AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private static String fingerprint(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "MasterKey[id=" + id + "]";
    }
}
