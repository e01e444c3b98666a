package dev.keyless.gcp.federation;

import dev.keyless.redaction.Fingerprints;
import dev.keyless.gcp.federation.GcpDirectory.ProviderEntry;
import dev.keyless.gcp.iam.FederatedToken;
import dev.keyless.gcp.iam.Principals;
import dev.keyless.gcp.mapping.MappingOutcome;
import dev.keyless.gcp.sts.Audience;
import dev.keyless.gcp.sts.AudienceRules;
import dev.keyless.gcp.sts.ExchangeResponse;
import dev.keyless.gcp.sts.IntrospectResponse;
import dev.keyless.gcp.sts.OAuthError;
import dev.keyless.gcp.sts.OAuthErrorCode;
import dev.keyless.gcp.sts.TokenExchangeRequest;
import dev.keyless.oidc.GcpTokenErrors;
import dev.keyless.oidc.TokenVerifier;
import dev.keyless.oidc.Verification;
import dev.keyless.oidc.VerifiedToken;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The STS token exchange without HTTP, so {@code keyless explain} runs exactly what
 * {@code /v1/token} runs. Checks in this order: the audience names an enabled pool and provider
 * (else {@code invalid_target}), the token verifies against the provider's issuer (signature,
 * times), its {@code aud} fits the provider's rule, the CEL mapping succeeds and the condition
 * holds (Google STS API, token errors; IAM API, workload identity pool providers).
 */
public final class TokenExchangeService {

    private final GcpDirectory directory;
    private final TokenVerifier verifier;
    private final FederatedTokens tokens;
    private final Clock clock;
    private final String stsIssuer;

    /**
     * @param stsIssuer the {@code iss} that introspection reports for the tokens Keyless issues
     *                  (Keyless's public URL, where real STS reports its own)
     */
    public TokenExchangeService(GcpDirectory directory, TokenVerifier verifier, FederatedTokens tokens, Clock clock,
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

    /** Evaluates, then seals an access token on success. */
    public ExchangeResult exchange(TokenExchangeRequest request) {
        Evaluation evaluation = evaluate(request.subjectToken(), request.audience(), request.scopes());
        return switch (evaluation) {
            case Evaluation.Refused refused -> refused;
            case Evaluation.Admitted admitted -> new ExchangeResult.Issued(
                    new ExchangeResponse(tokens.seal(admitted.token()), admitted.expiresIn()), admitted.outcome());
        };
    }

    /** Every check of an exchange, nothing sealed: the decision with its explanation. */
    public Evaluation evaluate(String subjectToken, Audience audience, List<String> scopes) {
        Objects.requireNonNull(subjectToken, "subjectToken");
        Objects.requireNonNull(audience, "audience");
        GcpOutcome.Builder outcome = GcpOutcome.builder(GcpOutcome.Endpoint.TOKEN)
                .audience(audience.fullName()).tokenSha256(Fingerprints.sha256Prefix(subjectToken.strip()));
        Optional<ProviderEntry> found = directory.provider(audience);
        if (found.isEmpty() || found.get().pool().disabled() || found.get().provider().disabled()) {
            String why = found.isEmpty() ? "no provider " + audience.providerResourceName() + " is configured"
                    : found.get().pool().disabled() ? "pool " + found.get().pool().id() + " is disabled"
                    : "provider " + found.get().provider().id() + " is disabled";
            outcome.explain("target", why);
            return refuse(OAuthError.invalidTarget(), why, outcome);
        }
        ProviderEntry entry = found.get();
        outcome.explain("provider", entry.resourceName());
        Verification verification = verifier.verify(subjectToken, entry.issuers());
        if (verification instanceof Verification.Rejected rejected) {
            GcpTokenErrors.GcpError e = GcpTokenErrors.of(rejected, entry.provider().issuerUri());
            outcome.issuer(rejected.facts().issuer()).explain("verification", Map.of(
                    "result", "rejected", "reason", rejected.reason().name(), "detail", rejected.detail(),
                    "expectedIssuer", entry.provider().issuerUri()));
            return refuse(new OAuthError(OAuthErrorCode.fromWire(e.error()), e.description()), rejected.detail(),
                    outcome);
        }
        Verification.Verified verified = (Verification.Verified) verification;
        return afterVerification(verified.token(), verified.keyId(), entry, scopes, outcome);
    }

    private Evaluation afterVerification(VerifiedToken token, String keyId, ProviderEntry entry, List<String> scopes,
                                         GcpOutcome.Builder outcome) {
        outcome.issuer(token.issuer()).subject(token.subject()).jti(token.jti());
        Map<String, Object> verification = new LinkedHashMap<>();
        verification.put("result", "verified");
        verification.put("issuer", token.issuer());
        verification.put("keyId", keyId);
        outcome.explain("verification", verification);
        Optional<OAuthError> audError = AudienceRules.check(token.audiences(), entry.provider().allowedAudiences(),
                entry.resourceName());
        outcome.explain("audience", Map.of("token", token.audiences(), "allowedAudiences",
                entry.provider().allowedAudiences().isEmpty() ? List.of("//iam.googleapis.com/" + entry.resourceName(),
                        "https://iam.googleapis.com/" + entry.resourceName()) : entry.provider().allowedAudiences(),
                "matched", audError.isEmpty()));
        if (audError.isPresent()) {
            return refuse(audError.get(), "token aud " + token.audiences() + " is not an accepted audience", outcome);
        }
        MappingOutcome mapped = entry.mapping().apply(token.claims());
        outcome.explain("mapping", mapped.traceForExplain());
        return switch (mapped) {
            case MappingOutcome.MappingFailed f -> refuse(OAuthError.fromMapping(f), f.detail(), outcome);
            case MappingOutcome.ConditionRejected c -> refuse(OAuthError.conditionRejected(), c.detail(), outcome);
            case MappingOutcome.Mapped m -> admit(token, entry, m, scopes, outcome);
        };
    }

    private Evaluation admit(VerifiedToken token, ProviderEntry entry, MappingOutcome.Mapped mapped,
                             List<String> scopes, GcpOutcome.Builder outcome) {
        Instant now = clock.instant();
        long expiresIn = ExchangeResponse.expiresIn(now, token.expiresAt(), entry.pool().sessionDuration());
        Principals principals = Principals.of(entry.workloadPool(), mapped);
        FederatedToken federated = new FederatedToken(entry.workloadPool().projectNumber(),
                entry.workloadPool().poolId(), entry.provider().id(), mapped.subject(), principals.principal(),
                principals.principalSets(), mapped.attributes(), now, now.plusSeconds(expiresIn), scopes,
                token.issuer(), token.jti() == null ? "" : Fingerprints.sha256Prefix(token.jti()));
        outcome.principal(principals.principal()).explain("principals", principals.all())
                .explain("expiresIn", expiresIn);
        return new Evaluation.Admitted(federated, expiresIn, outcome.allow(
                "federated token issued for " + principals.principal()));
    }

    private static Evaluation.Refused refuse(OAuthError error, String detail, GcpOutcome.Builder outcome) {
        return new Evaluation.Refused(error, outcome.deny(error.code().wire(),
                error.description() + " (" + detail + ")"));
    }
}
