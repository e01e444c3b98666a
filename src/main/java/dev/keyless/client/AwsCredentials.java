package dev.keyless.client;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Temporary credentials from AssumeRoleWithWebIdentity (STS API Reference, AssumeRoleWithWebIdentity, {@code Credentials}).
 * {@link #toString()} shows the access key id only: the secret and session token are bearer secrets.
 */
public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration,
        Optional<String> accountId) {
    public AwsCredentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(sessionToken, "sessionToken");
        Objects.requireNonNull(expiration, "expiration");
        Objects.requireNonNull(accountId, "accountId");
    }

    @Override
    public String toString() {
        return "AwsCredentials[accessKeyId=" + accessKeyId + ", expiration=" + expiration + ", accountId="
                + accountId.orElse("?") + ", secretAccessKey=(redacted), sessionToken=(redacted)]";
    }
}
