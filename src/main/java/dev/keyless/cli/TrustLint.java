package dev.keyless.cli;

import dev.keyless.config.KeylessConfig;
import dev.keyless.trust.ConfigTrustLinter;
import dev.keyless.trust.TrustFinding;
import java.io.PrintWriter;
import java.util.List;

/** Prints the trust-rule findings over every role and provider in the config, one line each. */
final class TrustLint {
    private TrustLint() {}

    /** What was found: errors fail {@code keyless lint}, warnings are printed only. */
    record Counts(int errors, int warnings) {}

    static Counts print(KeylessConfig config, String file, PrintWriter out) {
        List<TrustFinding> findings = new ConfigTrustLinter().lint(config);
        findings.forEach(f -> out.println(f.render(file)));
        int errors = (int) findings.stream().filter(TrustFinding::error).count();
        return new Counts(errors, findings.size() - errors);
    }
}
