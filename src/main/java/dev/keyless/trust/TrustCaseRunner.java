package dev.keyless.trust;

import dev.keyless.config.KeylessConfig;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs {@code keyless test} cases against a config. Pure given the config and a clock
 * (the clock only feeds {@code aws:CurrentTime}/{@code aws:EpochTime}).
 */
public final class TrustCaseRunner {
    private final AwsCaseRunner aws;
    private final GcpCaseRunner gcp;

    /** Cases with claims only; a case with a token is not decided. */
    public TrustCaseRunner(KeylessConfig config, Clock clock) {
        this(config, clock, Optional.empty());
    }

    /** {@code tokens} verifies the tokens cases give, with the server's verifier. */
    public TrustCaseRunner(KeylessConfig config, Clock clock, Optional<AwsCaseRunner.Tokens> tokens) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        this.aws = new AwsCaseRunner(config, clock, tokens);
        this.gcp = new GcpCaseRunner(config, clock);
    }

    /** A case's result: passed when it was decided as expected. */
    public record Result(TrustCase trustCase, CaseOutcome outcome) {
        public boolean passed() {
            return outcome instanceof CaseOutcome.Decided d
                    && d.allowed() == (trustCase.expect() == TrustCase.Expect.ALLOW);
        }

        /** {@code PASS name}, or {@code FAIL name: expected allow, got deny}; the explanation follows separately. */
        public String headline() {
            if (passed()) {
                return "PASS " + trustCase.name() + (outcome instanceof CaseOutcome.Decided d
                        && !d.decisiveCheck().isEmpty() && !d.allowed() ? " (" + d.word() + ")" : "");
            }
            String got = switch (outcome) {
                case CaseOutcome.Decided d -> d.word();
                case CaseOutcome.Unresolved u -> "no decision: " + u.message();
            };
            return "FAIL " + trustCase.name() + ": expected " + trustCase.expect().word() + ", got " + got;
        }
    }

    public Result run(TrustCase c) {
        CaseOutcome outcome = switch (c.target()) {
            case TrustCase.AwsRole r -> aws.run(r, c.claims(), c.token());
            case TrustCase.GcpProvider p -> gcp.run(p, c.claims());
        };
        return new Result(c, outcome);
    }

    public List<Result> runAll(List<TrustCase> cases) {
        return cases.stream().map(this::run).toList();
    }
}
