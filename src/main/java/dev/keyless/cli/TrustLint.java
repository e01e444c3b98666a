package dev.keyless.cli;

import dev.keyless.config.KeylessConfig;
import java.io.PrintWriter;

/** Trust-rule findings over every role in the config (the policy linter is wired in when it lands). */
final class TrustLint {
    private TrustLint() {}

    static int print(KeylessConfig config, PrintWriter out) {
        return 0;
    }
}
