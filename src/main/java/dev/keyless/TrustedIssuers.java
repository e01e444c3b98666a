package dev.keyless;

import dev.keyless.config.JwksConfig;
import dev.keyless.config.KeylessConfig;
import dev.keyless.config.OidcProviderConfig;
import dev.keyless.config.PoolProvider;
import dev.keyless.oidc.IssuerLookup;
import dev.keyless.oidc.KeySource;
import dev.keyless.oidc.TrustedIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Maps the configured AWS OIDC providers and GCP pool providers onto the verifier's
 * {@link TrustedIssuer}s. The built-in issuer is a provider like any other: only its key source
 * differs (the key ring in this process instead of an HTTP fetch to ourselves).
 */
final class TrustedIssuers {
    private final KeylessConfig config;
    private final Supplier<String> ownJwks;

    TrustedIssuers(KeylessConfig config, Supplier<String> ownJwks) {
        this.config = Objects.requireNonNull(config, "config");
        this.ownJwks = Objects.requireNonNull(ownJwks, "ownJwks");
    }

    /** AWS: the provider in the role's account whose URL equals {@code iss} (aws-sts.md §4 step 2). */
    IssuerLookup forAwsAccount(String accountId) {
        var account = config.aws().accounts().get(accountId);
        return iss -> {
            if (account == null) {
                return Optional.empty();
            }
            for (OidcProviderConfig p : account.openIdConnectProviders()) {
                if (p.url().equals(iss)) {
                    TrustedIssuer trusted = tune(TrustedIssuer.forAws(iss, keySource(p.url(), p.jwks(), Optional.empty())));
                    return Optional.of(p.caFile().map(trusted::withPinnedCaFile).orElse(trusted));
                }
            }
            return Optional.empty();
        };
    }

    /** GCP: exactly the pool provider's issuerUri (gcp-sts.md §2). */
    IssuerLookup forGcpProvider(PoolProvider provider) {
        TrustedIssuer trusted = tune(TrustedIssuer.forGcp(provider.issuerUri(),
                keySource(provider.issuerUri(), Optional.empty(), provider.jwksJson())));
        return iss -> provider.issuerUri().equals(iss) ? Optional.of(trusted) : Optional.empty();
    }

    private TrustedIssuer tune(TrustedIssuer issuer) {
        return issuer.withLeeway(config.verification().leeway()).withMaxTokenAge(config.verification().maxTokenAge());
    }

    private KeySource keySource(String url, Optional<JwksConfig> jwks, Optional<String> inlineJwks) {
        if (inlineJwks.isPresent()) {
            return new KeySource.StaticJwks(inlineJwks.get());
        }
        if (jwks.isPresent()) {
            return switch (jwks.get()) {
                case JwksConfig.FromFile f -> new KeySource.StaticJwks(read(f));
                case JwksConfig.FromUrl u -> new KeySource.JwksUrl(u.url());
                case JwksConfig.Inline i -> new KeySource.StaticJwks(i.json());
            };
        }
        if (sameIssuer(url, config.issuer().url().toString())) {
            return new KeySource.Supplied(ownJwks);
        }
        return new KeySource.Discovery(URI.create(url));
    }

    private static boolean sameIssuer(String a, String b) {
        return strip(a).equals(strip(b));
    }

    private static String strip(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String read(JwksConfig.FromFile f) {
        try {
            return Files.readString(f.file());
        } catch (IOException e) {
            throw new UncheckedIOException("jwks file " + f.file() + " cannot be read", e);
        }
    }
}
