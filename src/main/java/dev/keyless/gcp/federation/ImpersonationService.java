package dev.keyless.gcp.federation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyless.config.ServiceAccountConfig;
import dev.keyless.gcp.decision.GcpDecider;
import dev.keyless.gcp.decision.GcpDecision;
import dev.keyless.gcp.decision.GcpDirectory;
import dev.keyless.gcp.federation.FederatedTokens.Opened;
import dev.keyless.gcp.iam.FederatedToken;
import dev.keyless.gcp.iam.IamPermission;
import dev.keyless.gcp.iam.ServiceAccountToken;
import dev.keyless.gcp.sts.GenerateAccessTokenRequest;
import dev.keyless.gcp.sts.GenerateAccessTokenRequestParser;
import dev.keyless.gcp.sts.GenerateAccessTokenResponse;
import dev.keyless.gcp.sts.GenerateIdTokenRequest;
import dev.keyless.gcp.sts.GenerateIdTokenRequestParser;
import dev.keyless.gcp.sts.GoogleRpcError;
import dev.keyless.gcp.sts.RpcResult;
import dev.keyless.keys.ActiveSigner;
import dev.keyless.redaction.Fingerprints;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * IAM Credentials without HTTP: {@code generateAccessToken} and {@code generateIdToken} for a
 * federated bearer token (IAM principal identifiers; IAM Credentials API). Order: authenticate the bearer (401),
 * parse the body (400), then authorise against the service account's bindings (403). An unknown
 * service account is also 403: a federated principal can hold no binding on it, and GCP's text
 * says "(or it may not exist)" — so the answer does not reveal which accounts exist.
 */
public final class ImpersonationService {

    /** ID tokens live one hour, like Google's (IAM Credentials API, generateIdToken). */
    static final Duration ID_TOKEN_LIFETIME = Duration.ofHours(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<GcpDirectory> directory; // the current snapshot, taken once per request
    private final FederatedTokens tokens;
    private final ActiveSigner signer;
    private final String issuerUrl;
    private final Clock clock;

    /**
     * @param issuerUrl the {@code iss} of generated ID tokens: Keyless's own issuer, not
     *                  {@code https://accounts.google.com}, because a relying party must verify
     *                  them through Keyless's discovery document and JWKS (it holds the key)
     */
    public ImpersonationService(Supplier<GcpDirectory> directory, FederatedTokens tokens, ActiveSigner signer, String issuerUrl,
                                Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.issuerUrl = Objects.requireNonNull(issuerUrl, "issuerUrl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public IamResult<GenerateAccessTokenResponse> generateAccessToken(Optional<String> authorization,
                                                                       String emailOrUniqueId, byte[] body) {
        return impersonate(GcpOutcome.Endpoint.GENERATE_ACCESS_TOKEN, IamPermission.GET_ACCESS_TOKEN, authorization,
                emailOrUniqueId, new GenerateAccessTokenRequestParser().parse(body), GenerateAccessTokenRequest::delegates,
                (sa, caller, request, outcome) -> {
                    Instant now = clock.instant();
                    ServiceAccountToken minted = new ServiceAccountToken(sa.email(), sa.uniqueId(), request.scopes(),
                            now, now.plus(request.lifetime()), caller.principal());
                    return new IamResult.Ok<>(new GenerateAccessTokenResponse(tokens.seal(minted), minted.expiresAt()),
                            outcome.allow("access token issued for " + sa.email() + " to " + caller.principal()
                                    + " (scopes " + request.scopes() + ", lifetime " + request.lifetime().toSeconds()
                                    + " s)"));
                });
    }

    public IamResult<String> generateIdToken(Optional<String> authorization, String emailOrUniqueId, byte[] body) {
        return impersonate(GcpOutcome.Endpoint.GENERATE_ID_TOKEN, IamPermission.GET_OPEN_ID_TOKEN, authorization,
                emailOrUniqueId, new GenerateIdTokenRequestParser().parse(body), GenerateIdTokenRequest::delegates,
                (sa, caller, request, outcome) -> new IamResult.Ok<>(signer.activeSigner().sign(idTokenClaims(sa, request)),
                        outcome.audience(request.audience())
                                .allow("ID token issued for " + sa.email() + " to " + caller.principal())));
    }

    /** What an endpoint issues once the caller may impersonate {@code sa}. */
    @FunctionalInterface
    private interface Issue<R, T> {
        IamResult<T> issue(ServiceAccountConfig sa, FederatedToken caller, R request, GcpOutcome.Builder outcome);
    }

    /** Authenticate the bearer (401), then the parsed body (400), then the decision on the bindings (403). */
    private <R, T> IamResult<T> impersonate(GcpOutcome.Endpoint endpoint, IamPermission permission,
                                            Optional<String> authorization, String emailOrUniqueId, RpcResult<R> parsed,
                                            Function<R, List<String>> delegates, Issue<R, T> issue) {
        GcpOutcome.Builder outcome = GcpOutcome.builder(endpoint).serviceAccount(emailOrUniqueId);
        Opened<FederatedToken> bearer = authenticate(authorization, outcome);
        if (bearer instanceof Opened.Invalid<FederatedToken> bad) {
            return unauthenticated(bad.reason(), outcome);
        }
        FederatedToken caller = ((Opened.Valid<FederatedToken>) bearer).token();
        if (parsed instanceof RpcResult.Invalid<R> bad) {
            return invalid(bad.error(), outcome);
        }
        R request = ((RpcResult.Valid<R>) parsed).value();
        if (!delegates.apply(request).isEmpty()) {
            return invalid(GoogleRpcError.invalidArgument("Delegation chains are not supported by Keyless."), outcome);
        }
        GcpDirectory snapshot = directory.get();
        GcpDecision decision = GcpDecider.impersonation(snapshot, caller, emailOrUniqueId, permission);
        outcome.principal(caller.principal()).subject(caller.subject()).issuer(caller.originalIssuer())
                .decided(decision);
        decision.trace().bindings().filter(b -> b.decision().isPresent())
                .ifPresent(b -> outcome.serviceAccount(b.serviceAccount()));
        return switch (decision.outcome()) {
            case GcpDecision.Allowed a -> issue.issue(a.impersonation().orElseThrow().account(), caller, request, outcome);
            case GcpDecision.Denied d -> {
                GoogleRpcError e = (GoogleRpcError) d.error(); // the binding check fails with google.rpc errors only
                GoogleRpcError sent = snapshot.explainDenialsForServiceAccount(emailOrUniqueId)
                        ? (GoogleRpcError) decision.explainedError().orElseThrow() : e;
                yield new IamResult.Failed<>(sent, outcome.deny(e.status(), e.message() + " (" + d.detail() + ")"));
            }
        };
    }

    private Opened<FederatedToken> authenticate(Optional<String> authorization, GcpOutcome.Builder outcome) {
        Optional<String> bearer = authorization.map(String::strip)
                .filter(h -> h.length() > 7 && h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer "))
                .map(h -> h.substring(7).strip());
        if (bearer.isEmpty()) {
            return new Opened.Invalid<>("no Authorization: Bearer header");
        }
        outcome.tokenSha256(Fingerprints.sha256Prefix(bearer.get()));
        return tokens.openFederated(bearer.get());
    }

    private byte[] idTokenClaims(ServiceAccountConfig sa, GenerateIdTokenRequest request) {
        long iat = clock.instant().getEpochSecond();
        ObjectNode claims = JSON.createObjectNode().put("iss", issuerUrl).put("aud", request.audience())
                .put("azp", sa.uniqueId()).put("sub", sa.uniqueId()).put("iat", iat)
                .put("exp", iat + ID_TOKEN_LIFETIME.toSeconds());
        if (request.includeEmail()) {
            claims.put("email", sa.email()).put("email_verified", true);
        }
        return claims.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static <T> IamResult<T> unauthenticated(String why, GcpOutcome.Builder outcome) {
        GoogleRpcError e = GoogleRpcError.unauthenticated();
        return new IamResult.Failed<>(e, outcome.deny(e.status(), e.message() + " (" + why + ")"));
    }

    private static <T> IamResult<T> invalid(GoogleRpcError e, GcpOutcome.Builder outcome) {
        return new IamResult.Failed<>(e, outcome.error(e.status(), e.message()));
    }

    /** The service-account token behind a {@code ya29.} value, for {@code /tokeninfo}. */
    public IamResult<TokenInfo> tokenInfo(String accessToken) {
        GcpOutcome.Builder outcome = GcpOutcome.builder(GcpOutcome.Endpoint.TOKENINFO)
                .tokenSha256(Fingerprints.sha256Prefix(accessToken));
        return switch (tokens.openServiceAccount(accessToken)) {
            case Opened.Invalid<ServiceAccountToken> bad -> new IamResult.Failed<>(
                    new GoogleRpcError(400, "invalid_token", "Invalid Value", Optional.empty()),
                    outcome.deny("invalid_token", bad.reason()));
            case Opened.Valid<ServiceAccountToken> ok -> new IamResult.Ok<>(new TokenInfo(ok.token(),
                    Duration.between(clock.instant(), ok.token().expiresAt()).toSeconds()), outcome
                    .serviceAccount(ok.token().email()).principal(ok.token().delegatedFrom())
                    .allow("service account token of " + ok.token().email()));
        };
    }

}
