package dev.keyless.gcp.federation;

import dev.keyless.config.GcpConfig;
import dev.keyless.config.PoolProvider;
import dev.keyless.gcp.decision.ConfiguredGcpDirectory;
import dev.keyless.gcp.decision.GcpDirectory;
import dev.keyless.keys.ActiveSigner;
import dev.keyless.oidc.IssuerLookup;
import dev.keyless.oidc.TokenVerifier;
import dev.keyless.sealing.TokenSealer;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The GCP-compatible services, built once from the configuration: the compiled directory, the
 * STS exchange and introspection, IAM Credentials. The HTTP handlers and {@code keyless explain}
 * both use these, so an explanation runs exactly the server's code.
 */
public final class GcpFederation {

    private final Supplier<GcpDirectory> directory;
    private final FederatedTokens tokens;
    private final TokenExchangeService exchange;
    private final ImpersonationService impersonation;

    /**
     * @param issuerUrl Keyless's issuer URL: {@code iss} of generated ID tokens
     * @param publicUrl Keyless's public URL: {@code iss} reported by introspection
     */
    public GcpFederation(GcpConfig config, Function<PoolProvider, IssuerLookup> issuers, TokenVerifier verifier,
                         TokenSealer sealer, ActiveSigner signer, String issuerUrl, String publicUrl, Clock clock) {
        this(fixed(ConfiguredGcpDirectory.of(config, issuers)), verifier, sealer, signer, issuerUrl, publicUrl, clock);
    }

    /**
     * @param current the directory in force, taken once per request (the live view of keyless.yaml
     *                merged with the resources created through the IAM API)
     */
    public GcpFederation(Supplier<GcpDirectory> current, TokenVerifier verifier, TokenSealer sealer,
                         ActiveSigner signer, String issuerUrl, String publicUrl, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        this.directory = Objects.requireNonNull(current, "current");
        this.tokens = new FederatedTokens(sealer, current, clock);
        this.exchange = new TokenExchangeService(current, verifier, tokens, clock, publicUrl);
        this.impersonation = new ImpersonationService(current, tokens, signer, issuerUrl, clock);
    }

    /** The directory in force now (one consistent snapshot). */
    public GcpDirectory directory() {
        return directory.get();
    }

    private static Supplier<GcpDirectory> fixed(GcpDirectory directory) {
        return () -> directory;
    }

    public FederatedTokens tokens() {
        return tokens;
    }

    public TokenExchangeService exchange() {
        return exchange;
    }

    public ImpersonationService impersonation() {
        return impersonation;
    }
}
