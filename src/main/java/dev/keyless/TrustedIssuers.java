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
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
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
    // Built once at start (files read once, records validated once): a request only looks up.
    private final Map<String, IssuerLookup> awsByAccount = new HashMap<>();
    private final Map<PoolProvider, IssuerLookup> gcpByProvider = new IdentityHashMap<>();

    TrustedIssuers(KeylessConfig config, Supplier<String> ownJwks) {
        this.config = Objects.requireNonNull(config, "config");
        this.ownJwks = Objects.requireNonNull(ownJwks, "ownJwks");
        config.aws().accounts().forEach((id, account) -> {
            Map<String, TrustedIssuer> byIss = new HashMap<>();
            for (OidcProviderConfig p : account.openIdConnectProviders()) {
                TrustedIssuer trusted = tune(TrustedIssuer.forAws(p.url(), keySource(p.url(), p.jwks(), Optional.empty())));
                byIss.put(p.url(), p.caFile().map(trusted::withPinnedCaFile).orElse(trusted));
            }
            awsByAccount.put(id, iss -> Optional.ofNullable(byIss.get(iss)));
        });
        config.gcp().projects().values().forEach(project -> project.pools().values().forEach(pool ->
                pool.providers().values().forEach(provider -> gcpByProvider.put(provider, gcpLookup(provider)))));
    }

    /** AWS: the provider in the role's account whose URL equals {@code iss} exactly (IAM User Guide, OIDC identity providers). */
    IssuerLookup forAwsAccount(String accountId) {
        return awsByAccount.getOrDefault(accountId, iss -> Optional.empty());
    }

    /** An AWS provider created at run time, trusted as a declared one without a jwks or caFile. */
    TrustedIssuer forAwsProvider(OidcProviderConfig p) {
        return tune(TrustedIssuer.forAws(p.url(), keySource(p.url(), p.jwks(), Optional.empty())));
    }

    /** GCP: exactly the pool provider's issuerUri (IAM API, workload identity pool providers). */
    IssuerLookup forGcpProvider(PoolProvider provider) {
        IssuerLookup lookup = gcpByProvider.get(provider);
        return lookup != null ? lookup : gcpLookup(provider);
    }

    private IssuerLookup gcpLookup(PoolProvider provider) {
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
