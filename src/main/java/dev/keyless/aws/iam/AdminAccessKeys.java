package dev.keyless.aws.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyless.json.MalformedJsonException;
import dev.keyless.json.UntrustedJson;
import dev.keyless.keys.MasterKey;
import dev.keyless.resources.ResourceKey;
import dev.keyless.resources.ResourceStore;
import dev.keyless.resources.StoredResource;
import dev.keyless.sealing.SecretAccessKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Administrator access keys for the IAM API: long-term {@code AKIA…} keys (IAM User Guide,
 * "Managing access keys") bound to one account, created by {@code keyless admin access-key create}.
 * The secret is shown once and kept only sealed under the master key (AES-GCM, the key id as
 * associated data, so a sealed secret cannot be moved to another key id).
 */
public final class AdminAccessKeys {
    public static final String KIND = "aws.admin-key";
    private static final String SCOPE = "aws";
    private static final Pattern KEY_ID = Pattern.compile("AKIA[A-Z2-7]{16}");
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final ResourceStore store;
    private final MasterKey masterKey;
    private final SecureRandom random;

    /** A key as listed: never its secret. */
    public record AdminKey(String accessKeyId, String accountId, String createDate) {}

    /** What {@link #create} returns, once. */
    public record Created(AdminKey key, SecretAccessKey secret) {}

    /** A key whose secret was opened, for signature verification only. */
    record Opened(AdminKey key, SecretAccessKey secret) {}

    public AdminAccessKeys(ResourceStore store, MasterKey masterKey, SecureRandom random) {
        this.store = Objects.requireNonNull(store, "store");
        this.masterKey = Objects.requireNonNull(masterKey, "masterKey");
        this.random = Objects.requireNonNull(random, "random");
    }

    public Created create(String accountId, String createDate) {
        if (!accountId.matches("[0-9]{12}")) {
            throw new IllegalArgumentException("--account must be a 12-digit AWS account id, got '" + accountId + "'");
        }
        StringBuilder id = new StringBuilder("AKIA");
        for (int i = 0; i < 16; i++) {
            id.append(BASE32[random.nextInt(BASE32.length)]);
        }
        SecretAccessKey secret = SecretAccessKey.generate(random);
        String keyId = id.toString();
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("accountId", accountId);
        doc.put("createDate", createDate);
        doc.put("masterKeyId", masterKey.id());
        doc.put("sealedSecret", Base64.getEncoder().encodeToString(
                masterKey.seal(secret.value().getBytes(StandardCharsets.UTF_8), aad(keyId))));
        store.write(tx -> tx.put(key(keyId), keyId, doc.toString()));
        return new Created(new AdminKey(keyId, accountId, createDate), secret);
    }

    public List<AdminKey> list() {
        return store.load().ofKind(KIND).stream().map(r -> describe(r)).toList();
    }

    public boolean delete(String accessKeyId) {
        return store.write(tx -> tx.delete(key(accessKeyId)));
    }

    /** The key and its opened secret; empty for an unknown or deleted key, or one sealed under another master key. */
    Optional<Opened> open(String accessKeyId) {
        if (!KEY_ID.matcher(accessKeyId).matches()) {
            return Optional.empty();
        }
        return store.find(key(accessKeyId)).flatMap(r -> {
            JsonNode doc = read(r);
            byte[] sealed = Base64.getDecoder().decode(doc.path("sealedSecret").asText());
            return masterKey.open(sealed, aad(accessKeyId)).map(plain -> new Opened(describe(r),
                    new SecretAccessKey(new String(plain, StandardCharsets.UTF_8))));
        });
    }

    private static AdminKey describe(StoredResource r) {
        JsonNode doc = read(r);
        return new AdminKey(r.name(), doc.path("accountId").asText(), doc.path("createDate").asText());
    }

    private static JsonNode read(StoredResource r) {
        try {
            return UntrustedJson.read(r.document());
        } catch (MalformedJsonException e) {
            throw new IllegalStateException("stored admin key " + r.name() + " is not valid JSON", e);
        }
    }

    private static ResourceKey key(String accessKeyId) {
        return new ResourceKey(KIND, SCOPE, accessKeyId);
    }

    private static byte[] aad(String accessKeyId) {
        return ("keyless-admin-access-key:" + accessKeyId).getBytes(StandardCharsets.UTF_8);
    }
}
