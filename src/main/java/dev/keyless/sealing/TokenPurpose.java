package dev.keyless.sealing;

import java.util.Base64;

/**
 * What a sealed token is for. The purpose is bound into the AES-GCM additional data, so a token
 * sealed for one purpose never opens as another (a GCP access token cannot be replayed as an AWS
 * session token).
 */
public enum TokenPurpose {
    /** AWS session tokens: standard base64 with padding, like real ones (they contain + / =). */
    AWS_SESSION(Base64.getEncoder(), Base64.getDecoder()),
    /** Google federated access tokens (bearer tokens: URL-safe, no padding). */
    GCP_FEDERATED_ACCESS(Base64.getUrlEncoder().withoutPadding(), Base64.getUrlDecoder()),
    /** Google service-account access tokens (bearer tokens: URL-safe, no padding). */
    GCP_SERVICE_ACCOUNT_ACCESS(Base64.getUrlEncoder().withoutPadding(), Base64.getUrlDecoder());

    private final Base64.Encoder encoder;
    private final Base64.Decoder decoder;

    TokenPurpose(Base64.Encoder encoder, Base64.Decoder decoder) {
        this.encoder = encoder;
        this.decoder = decoder;
    }

    Base64.Encoder encoder() {
        return encoder;
    }

    Base64.Decoder decoder() {
        return decoder;
    }
}
