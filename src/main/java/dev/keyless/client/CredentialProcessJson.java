package dev.keyless.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The AWS {@code credential_process} output (AWS SDKs and Tools Reference Guide, botocore {@code ProcessProvider}):
 * {@code Version} must be the integer 1; {@code Expiration} makes the SDK refresh by itself;
 * {@code AccountId} is optional.
 */
public final class CredentialProcessJson {
    private CredentialProcessJson() {}

    public static String render(AwsCredentials c) {
        Objects.requireNonNull(c, "c");
        ObjectNode o = JsonText.object();
        o.put("Version", 1);
        o.put("AccessKeyId", c.accessKeyId());
        o.put("SecretAccessKey", c.secretAccessKey());
        o.put("SessionToken", c.sessionToken());
        // STS's own wire form, yyyy-MM-dd'T'HH:mm:ss'Z' (STS API Reference, Credentials).
        o.put("Expiration", DateTimeFormatter.ISO_INSTANT.format(c.expiration().truncatedTo(ChronoUnit.SECONDS)));
        c.accountId().ifPresent(a -> o.put("AccountId", a));
        return JsonText.write(o);
    }
}
