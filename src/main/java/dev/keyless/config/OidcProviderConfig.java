package dev.keyless.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An IAM OIDC provider (IAM User Guide, OIDC identity providers). {@code thumbprints} are used only
 * when the key endpoint's certificate is not from a trusted CA; {@code jwks} replaces discovery with
 * static keys.
 */
public record OidcProviderConfig(String accountId, String url, List<String> clientIds, List<String> thumbprints,
        Optional<JwksConfig> jwks, Optional<java.nio.file.Path> caFile) {

    public OidcProviderConfig {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(url, "url");
        clientIds = List.copyOf(clientIds);
        thumbprints = List.copyOf(thumbprints);
        Objects.requireNonNull(jwks, "jwks");
        Objects.requireNonNull(caFile, "caFile");
    }

    /** {@code arn:aws:iam::ACCT:oidc-provider/} + the URL minus its scheme, keeping path and trailing slash. */
    public String providerArn() {
        return "arn:aws:iam::" + accountId + ":oidc-provider/" + hostAndPath();
    }

    /** The URL without {@code https://} or {@code http://}: also the prefix of the condition keys ({@code HOST:sub}). */
    public String hostAndPath() {
        return stripScheme(url);
    }

    /** {@code url} without {@code https://} or {@code http://}, as IAM names providers. */
    public static String stripSchemeOf(String url) {
        return stripScheme(url);
    }

    static String stripScheme(String url) {
        int i = url.indexOf("://");
        return i < 0 ? url : url.substring(i + 3);
    }
}
