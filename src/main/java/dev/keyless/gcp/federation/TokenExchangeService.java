package dev.keyless.gcp.federation;

import dev.keyless.gcp.decision.DecisionRequest;
import dev.keyless.gcp.decision.GcpDecider;
import dev.keyless.gcp.decision.GcpDecision;
import dev.keyless.gcp.decision.GcpDirectory;
import dev.keyless.gcp.decision.GcpDirectory.ProviderEntry;
import dev.keyless.gcp.decision.TokenEvidence;
import dev.keyless.gcp.iam.FederatedToken;
import dev.keyless.gcp.sts.ExchangeResponse;
import dev.keyless.gcp.sts.IntrospectResponse;
import dev.keyless.gcp.sts.OAuthError;
import dev.keyless.gcp.sts.ProviderAudience;
import dev.keyless.gcp.sts.TokenExchangeRequest;
import dev.keyless.oidc.TokenVerifier;
import dev.keyless.redaction.Fingerprints;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The STS token exchange without HTTP: verify the subject token (the only I/O), let
 * {@link GcpDecider} decide, seal the access token it allows. Introspection opens tokens sealed here.
 */
public final class TokenExchangeService {

    private final Supplier<GcpDirectory> directory; // the current snapshot, taken once per request
    private final TokenVerifier verifier;
    private final FederatedTokens tokens;
    private final Clock clock;
    private final String stsIssuer;

    /**
     * @param stsIssuer the {@code iss} that introspection reports for the tokens Keyless issues
     *                  (Keyless's public URL, where real STS reports its own)
     */
    public TokenExchangeService(Supplier<GcpDirectory> directory, TokenVerifier verifier, FederatedTokens tokens, Clock clock,
                                String stsIssuer) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stsIssuer = Objects.requireNonNull(stsIssuer, "stsIssuer");
    }

    /**
     * RFC 7662 introspection of a federated token: active with the {@code principal://} as
     * {@code username} (gcloud's account name), else {@code {"active":false}}.
     */
    public Introspection introspect(Optional<String> token) {
        GcpOutcome.Builder outcome = GcpOutcome.builder(GcpOutcome.Endpoint.INTROSPECT);
        if (token.isEmpty()) {
            return new Introspection(IntrospectResponse.inactive(), outcome.deny("inactive", "no token given"));
        }
        outcome.tokenSha256(Fingerprints.sha256Prefix(token.get()));
        return switch (tokens.openFederated(token.get())) {
            case FederatedTokens.Opened.Invalid<FederatedToken> bad ->
                    new Introspection(IntrospectResponse.inactive(), outcome.deny("inactive", bad.reason()));
            case FederatedTokens.Opened.Valid<FederatedToken> ok -> new Introspection(
                    IntrospectResponse.forFederated(ok.token(), stsIssuer),
                    outcome.principal(ok.token().principal()).subject(ok.token().subject())
                            .issuer(ok.token().originalIssuer()).allow("active federated token"));
        };
    }

    /** Verifies the subject token against the provider's issuer, decides, then seals an access token if allowed. */
    public ExchangeResult exchange(TokenExchangeRequest request) {
        Instant now = clock.instant();
        GcpDirectory snapshot = directory.get();
        TokenEvidence evidence = evidence(snapshot, request.audience(), request.subjectToken());
        GcpDecision decision = GcpDecider.exchange(snapshot,
                new DecisionRequest(request.audience(), request.scopes(), Optional.empty()), evidence, now);
        GcpOutcome.Builder outcome = GcpOutcome.builder(GcpOutcome.Endpoint.TOKEN).decided(decision)
                .audience(request.audience().fullName())
                .tokenSha256(Fingerprints.sha256Prefix(request.subjectToken().strip()));
        switch (evidence) {
            case TokenEvidence.Verified v -> outcome.issuer(v.verification().token().issuer())
                    .subject(v.verification().token().subject()).jti(v.verification().token().jti());
            case TokenEvidence.Rejected r -> outcome.issuer(r.rejection().facts().issuer());
            default -> { }
        }
        return switch (decision.outcome()) {
            case GcpDecision.Allowed a -> {
                FederatedToken token = a.federated().orElseThrow();
                long expiresIn = Duration.between(now, token.expiresAt()).toSeconds();
                yield new ExchangeResult.Issued(new ExchangeResponse(tokens.seal(token), expiresIn),
                        outcome.principal(a.principal()).allow("federated token issued for " + a.principal()));
            }
            case GcpDecision.Denied d -> {
                OAuthError error = (OAuthError) d.error(); // an exchange without impersonation fails with STS errors only
                OAuthError sent = snapshot.explainDenials(request.audience().projectNumber())
                        ? (OAuthError) decision.explainedError().orElseThrow() : error;
                yield new ExchangeResult.Refused(sent, outcome.deny(error.code().wire(),
                        error.description() + " (" + d.detail() + ")"));
            }
        };
    }

    /** The subject token verified against the issuer of the provider the audience names (I/O: the issuer's keys). */
    public TokenEvidence evidence(GcpDirectory snapshot, ProviderAudience audience, String subjectToken) {
        return snapshot.provider(audience).filter(ProviderEntry::enabled)
                .map(e -> TokenEvidence.of(verifier.verify(subjectToken, e.issuers())))
                .orElseGet(TokenEvidence.Unverified::new);
    }
}
