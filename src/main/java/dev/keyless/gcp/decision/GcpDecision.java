package dev.keyless.gcp.decision;

import dev.keyless.config.ServiceAccountConfig;
import dev.keyless.decision.Check;
import dev.keyless.gcp.iam.BindingDecision;
import dev.keyless.gcp.iam.FederatedToken;
import dev.keyless.gcp.iam.IamPermission;
import dev.keyless.gcp.mapping.MappingTrace;
import dev.keyless.gcp.sts.GoogleError;
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

    /** Refused at the first failed check, with Google's wire error; {@code detail} is for people, never the wire. */
    public record Denied(CheckName decisive, GoogleError error, String detail) implements Outcome {
        public Denied {
            Objects.requireNonNull(decisive, "decisive");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(detail, "detail");
        }
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
