package dev.keyless.gcp.decision;

import dev.keyless.config.ServiceAccountConfig;
import dev.keyless.decision.Check;
import dev.keyless.gcp.iam.BindingDecision;
import dev.keyless.gcp.iam.FederatedToken;
import dev.keyless.gcp.iam.IamPermission;
import dev.keyless.gcp.mapping.MappingTrace;
import dev.keyless.gcp.sts.GoogleError;
import dev.keyless.gcp.sts.GoogleRpcError;
import dev.keyless.gcp.sts.OAuthError;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A GCP decision: every check in order, the detail behind them, and the outcome. The STS and IAM
 * Credentials handlers, {@code keyless explain} and {@code keyless test} all render this one
 * value, so they cannot disagree.
 */
public record GcpDecision(List<Check<CheckName>> checks, Trace trace, Outcome outcome) {

    public GcpDecision {
        checks = List.copyOf(checks);
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** The detail behind the checks, as far as the decision got: CEL trace, the caller's principals, bindings. */
    public record Trace(Optional<MappingTrace> mapping, List<String> principals, Optional<BindingTrace> bindings) {
        public Trace {
            Objects.requireNonNull(mapping, "mapping");
            principals = List.copyOf(principals);
            Objects.requireNonNull(bindings, "bindings");
        }
    }

    /** The service account asked for and its policy; {@code decision} is empty when no such account is configured. */
    public record BindingTrace(String serviceAccount, IamPermission permission, Map<String, List<String>> policy,
                               Optional<BindingDecision> decision) {
        public BindingTrace {
            Objects.requireNonNull(serviceAccount, "serviceAccount");
            Objects.requireNonNull(permission, "permission");
            policy = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(policy));
            Objects.requireNonNull(decision, "decision");
        }
    }

    public sealed interface Outcome {
    }

    /**
     * Every check passed: the caller's {@code principal://}, for an exchange the federated token to
     * seal, and when a service account was asked for the binding that grants it.
     */
    public record Allowed(String principal, Optional<FederatedToken> federated,
                          Optional<ServiceAccountGrant> impersonation) implements Outcome {
        public Allowed {
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(federated, "federated");
            Objects.requireNonNull(impersonation, "impersonation");
        }
    }

    /** {@code role} on the account names {@code member}, which the caller holds. */
    public record ServiceAccountGrant(ServiceAccountConfig account, String role, String member) {
        public ServiceAccountGrant {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(member, "member");
        }
    }

    /**
     * Refused at the first failed check, with Google's wire error; {@code detail} is for people, and
     * reaches the wire only through {@link GcpDecision#explainedError()}.
     */
    public record Denied(CheckName decisive, GoogleError error, String detail) implements Outcome {
        public Denied {
            Objects.requireNonNull(decisive, "decisive");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Longest explanation appended to a wire error: a principal list can be long, a client's message should not be. */
    private static final int MAX_EXPLANATION = 1024;

    /**
     * For a denial, Google's error with {@code (Keyless: <check>: expected …; actual …)} appended to
     * its message: what a project with the development-only {@code explainDenials} sends, so the
     * client's own error output says which check refused and why. Code, status and shape stay
     * Google's. Empty when allowed.
     */
    public Optional<GoogleError> explainedError() {
        if (!(outcome instanceof Denied d)) {
            return Optional.empty();
        }
        String why = checks.stream().filter(c -> c.name() == d.decisive() && c.failed()).findFirst()
                .map(c -> "expected " + c.expected() + "; actual " + c.actual()
                        + (c.actual().contains(d.detail()) ? "" : " (" + d.detail() + ")"))
                .orElse(d.detail());
        why = d.decisive().label() + ": " + why;
        if (why.length() > MAX_EXPLANATION) {
            why = why.substring(0, MAX_EXPLANATION - 1) + "…";
        }
        String suffix = " (Keyless: " + why + ")";
        return Optional.of(switch (d.error()) {
            case OAuthError o -> new OAuthError(o.code(), o.description() + suffix);
            case GoogleRpcError r -> new GoogleRpcError(r.code(), r.status(), r.message() + suffix, r.deniedPermission());
        });
    }

    public boolean allowed() {
        return outcome instanceof Allowed;
    }

    /** The check that decided a denial. */
    public Optional<CheckName> decisive() {
        return outcome instanceof Denied d ? Optional.of(d.decisive()) : Optional.empty();
    }

    /** One line: why allowed, or which check refused and why. */
    public String summary() {
        return switch (outcome) {
            case Allowed a -> a.impersonation().map(g -> g.role() + " on " + g.account().email() + " granted to "
                    + g.member()).orElse("federated token for " + a.principal());
            case Denied d -> d.decisive().label() + ": " + d.detail();
        };
    }
}
