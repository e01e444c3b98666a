package dev.keyless.explain;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.Keyless;
import dev.keyless.gcp.federation.Evaluation;
import dev.keyless.gcp.federation.GcpDirectory.ProviderEntry;
import dev.keyless.gcp.federation.GcpFederation;
import dev.keyless.gcp.federation.GcpOutcome;
import dev.keyless.gcp.federation.IamResult;
import dev.keyless.gcp.iam.IamPermission;
import dev.keyless.gcp.sts.Audience;
import dev.keyless.gcp.sts.OAuthError;
import dev.keyless.oidc.TokenVerifier;
import dev.keyless.oidc.VerifierMetrics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The GCP exchange offline (gcp-sts.md §1-§3): provider → token (issuer, signature, times) →
 * audience → CEL mapping → attribute condition → (with a service account) the
 * {@code workloadIdentityUser} bindings, through the server's own {@code TokenExchangeService.evaluate}
 * and {@code ImpersonationService.authorize}. Nothing is sealed and nothing is audited.
 */
public final class GcpExplainer {
    private static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/cloud-platform");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Keyless keyless;
    private final TokenStage tokens;

    public GcpExplainer(Keyless keyless) {
        this.keyless = Objects.requireNonNull(keyless, "keyless");
        this.tokens = new TokenStage(keyless.verifier(), keyless.jwksCache(), keyless.clock());
    }

    public ExplainReport explain(String token, Audience audience, Optional<String> serviceAccount) {
        String exchange = "STS token exchange " + audience.fullName()
                + serviceAccount.map(sa -> " then generateAccessToken " + sa).orElse("");
        List<Check> checks = new ArrayList<>();
        Optional<ProviderEntry> entry = keyless.gcp().directory().provider(audience);
        if (entry.isEmpty() || entry.get().pool().disabled() || entry.get().provider().disabled()) {
            checks.add(Check.fail("provider", "an enabled pool and provider " + audience.providerResourceName(),
                    entry.isEmpty() ? "not configured (invalid_target)" : "disabled (invalid_target)"));
            return ExplainReport.decide(exchange, checks, "", Optional.empty(), Optional.empty());
        }
        checks.add(Check.pass("provider", "an enabled pool and provider", entry.get().resourceName()));
        TokenStage.Result verified = tokens.run(token, entry.get().issuers(),
                "issuerUri " + entry.get().provider().issuerUri() + " of the provider");
        checks.addAll(verified.checks());
        if (verified.verified().isEmpty()) {
            return ExplainReport.decide(exchange, checks, "", Optional.empty(), Optional.empty());
        }
        GcpFederation federation = verified.verifiedAt().map(this::federationAt).orElse(keyless.gcp());
        Evaluation evaluation = federation.exchange().evaluate(token, audience, SCOPES);
        Map<String, Object> explanation = new LinkedHashMap<>(evaluation.outcome().explanation());
        checks.addAll(exchangeChecks(evaluation, explanation));
        StringBuilder text = new StringBuilder(GcpTraceText.mapping(explanation));
        if (serviceAccount.isPresent()) {
            if (evaluation instanceof Evaluation.Admitted admitted) {
                IamResult<?> result = federation.impersonation().authorize(admitted.token(), serviceAccount.get(),
                        IamPermission.GET_ACCESS_TOKEN, GcpOutcome.builder(GcpOutcome.Endpoint.GENERATE_ACCESS_TOKEN));
                Object bindings = result.outcome().explanation().get("bindings");
                explanation.put("bindings", bindings);
                checks.add(bindingCheck(result, serviceAccount.get()));
                text.append(GcpTraceText.bindings(bindings));
            } else {
                checks.add(Check.notReached("service account binding", "a binding naming one of the caller's principals"));
            }
        }
        String allowed = "federated principal " + evaluation.outcome().principal().orElse("?")
                + serviceAccount.map(sa -> " may impersonate " + sa).orElse("");
        return ExplainReport.decide(exchange, checks, allowed, Optional.of(text.toString()),
                Optional.of(JSON.valueToTree(explanation)));
    }

    /** The exchange again with a verifier and clock inside the token's validity window (expired tokens). */
    private GcpFederation federationAt(Instant at) {
        Clock fixed = Clock.fixed(at, ZoneOffset.UTC);
        TokenVerifier verifier = new TokenVerifier(keyless.jwksCache(), fixed, VerifierMetrics.unregistered());
        return new GcpFederation(keyless.config().gcp(), keyless::gcpIssuers, verifier, keyless.sealer(),
                keyless.serviceAccountKeys(), keyless.serviceAccountIssuerUrl(), keyless.config().server().publicUrl().toString(),
                fixed);
    }

    private static List<Check> exchangeChecks(Evaluation evaluation, Map<String, Object> explanation) {
        List<Check> checks = new ArrayList<>();
        if (explanation.get("audience") instanceof Map<?, ?> aud) {
            boolean matched = Boolean.TRUE.equals(aud.get("matched"));
            checks.add(new Check("audience", matched ? Check.Status.PASS : Check.Status.FAIL,
                    "one of " + aud.get("allowedAudiences"), "aud " + aud.get("token")));
        }
        Map<?, ?> mapping = explanation.get("mapping") instanceof Map<?, ?> m ? m : Map.of();
        boolean conditionRejected = evaluation instanceof Evaluation.Refused r && r.error().equals(OAuthError.conditionRejected());
        if (!mapping.isEmpty()) {
            boolean mappingFailed = evaluation instanceof Evaluation.Refused && !conditionRejected
                    && checks.stream().noneMatch(Check::failed);
            checks.add(new Check("attribute mapping", mappingFailed ? Check.Status.FAIL : Check.Status.PASS,
                    "every mapping expression evaluates; google.subject set", GcpTraceText.values(mapping)
                            + (mappingFailed ? " (" + evaluation.outcome().description() + ")" : "")));
        }
        if (mapping.get("attributeCondition") instanceof Map<?, ?> condition) {
            checks.add(new Check("attribute condition", conditionRejected ? Check.Status.FAIL : Check.Status.PASS,
                    condition.get("expression") + " is true", condition.containsKey("error")
                            ? "error: " + condition.get("error") : "result " + condition.get("result")));
        }
        if (evaluation instanceof Evaluation.Refused r && checks.stream().noneMatch(Check::failed)) {
            checks.add(Check.fail("exchange", "accepted", r.error().code().wire() + ": " + r.outcome().description()));
        }
        return checks;
    }

    private static Check bindingCheck(IamResult<?> result, String serviceAccount) {
        Map<?, ?> b = result.outcome().explanation().get("bindings") instanceof Map<?, ?> m ? m : Map.of();
        String expected = "a binding on " + serviceAccount + " granting "
                + IamPermission.GET_ACCESS_TOKEN.permissionName() + " to one of the caller's principals";
        return switch (result) {
            case IamResult.Ok<?> ok -> Check.pass("service account binding", expected, "granted: " + b.get("granted"));
            case IamResult.Failed<?> failed -> Check.fail("service account binding", expected,
                    Boolean.FALSE.equals(b.get("found")) ? "no service account " + serviceAccount + " is configured"
                            : "no binding of " + b.get("grantingRoles") + " names one of the caller's "
                                    + (b.get("checkedMembers") instanceof java.util.List<?> l ? l.size() : 0)
                                    + " principals (listed below with the bindings)");
        };
    }
}
