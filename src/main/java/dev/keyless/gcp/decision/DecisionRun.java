package dev.keyless.gcp.decision;

import dev.keyless.decision.Check;
import dev.keyless.decision.CheckStatus;
import dev.keyless.gcp.mapping.MappingTrace;
import dev.keyless.gcp.sts.GoogleError;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The checks of one decision as they are made; the first failure decides. */
final class DecisionRun {
    private final boolean impersonation;
    private final List<Check<CheckName>> checks = new ArrayList<>();
    private GcpDecision.Denied denied;
    Optional<MappingTrace> mapping = Optional.empty();
    List<String> principals = List.of();
    Optional<GcpDecision.BindingTrace> bindings = Optional.empty();

    /** @param impersonation whether the service-account binding is part of this decision */
    DecisionRun(boolean impersonation) {
        this.impersonation = impersonation;
    }

    void pass(CheckName name, String expected, String actual) {
        checks.add(new Check<>(name, CheckStatus.PASS, expected, actual));
    }

    void notChecked(CheckName name, String expected, String actual) {
        checks.add(new Check<>(name, CheckStatus.NOT_CHECKED, expected, actual));
    }

    void fail(CheckName name, String expected, String actual, GoogleError error, String detail) {
        checks.add(new Check<>(name, CheckStatus.FAIL, expected, actual));
        if (denied == null) {
            denied = new GcpDecision.Denied(name, error, detail);
        }
    }

    boolean failed() {
        return denied != null;
    }

    /** Denied by the first failure; every check after the last one made is marked not reached. */
    GcpDecision stop() {
        Objects.requireNonNull(denied, "stop() without a failed check");
        CheckName last = checks.getLast().name();
        for (CheckName n : CheckName.values()) {
            if (n.ordinal() > last.ordinal() && n != CheckName.FORMAT
                    && (n != CheckName.SERVICE_ACCOUNT_BINDING || impersonation)) {
                checks.add(new Check<>(n, CheckStatus.NOT_REACHED, n.expectation(),
                        "not checked: an earlier check failed"));
            }
        }
        return new GcpDecision(checks, trace(), denied);
    }

    GcpDecision allow(GcpDecision.Allowed allowed) {
        if (denied != null) {
            throw new IllegalStateException("allow() after a failed check");
        }
        return new GcpDecision(checks, trace(), allowed);
    }

    private GcpDecision.Trace trace() {
        return new GcpDecision.Trace(mapping, principals, bindings);
    }
}
