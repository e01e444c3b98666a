package dev.keyless.cli;

import dev.keyless.config.ConfigException;
import dev.keyless.config.KeylessConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "lint", mixinStandardHelpOptions = true,
        header = "Check keyless.yaml: configuration errors and unsafe trust rules.",
        description = {
            "Check keyless.yaml: every configuration error with file:line and a hint (exit 2), then the",
            "trust rules of every AWS role and GCP provider, one finding per line:",
            "  FILE:LINE: KEY.PATH: ERROR|WARNING rule-id: message",
            "AWS: no-sub-condition, no-aud-condition (warning), wildcard-project-in-sub, for-all-values-in-allow,",
            "key-not-provided-by-aws, wildcard-in-string-equals (warning), action-not-assume-role-with-web-identity",
            "(e.g. sts:AssumeRole, never usable with OIDC), extended-key-denied-by-aws (warning: with conditionKeys:",
            "extended, a condition real AWS would always deny).",
            "GCP: no-attribute-condition (warning), whole-pool-binding (error when a provider of the pool has no",
            "condition, else warning), claim-not-sent-by-gitlab (warning: a mapping or condition reads a claim",
            "GitLab never sends).",
            "Both: disagrees-with-issuer (warning: server.publicUrl, issuer.url, a provider URL or ARN, a condition",
            "key or an issuerUri names this machine but not the issuer's URL, e.g. the old port after server.listen",
            "changed; one line per value, naming both).",
            "Exit 1 when any ERROR is found; warnings are printed but alone exit 0."})
public final class LintCommand implements Callable<Integer> {
    private final CliEnvironment env;

    @Mixin
    ConfigOption config;

    public LintCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        KeylessConfig cfg;
        try {
            cfg = config.load(env);
        } catch (ConfigException e) {
            env.err().println(e.getMessage());
            env.err().println(e.problems().size() + " configuration error(s) in " + config.path(env));
            return ExitCodes.USAGE;
        }
        String file = display(config.path(env));
        TrustLint.Counts counts = TrustLint.print(cfg, file, config.path(env), env.out());
        if (counts.errors() > 0) {
            env.out().println(counts.errors() + " error(s), " + counts.warnings() + " warning(s).");
            return ExitCodes.DENIED;
        }
        env.out().println(file + ": OK" + (counts.warnings() > 0 ? " (" + counts.warnings() + " warning(s))" : ""));
        return ExitCodes.OK;
    }

    /** The config path as people gave it: relative to the working folder when it is inside it. */
    private String display(Path path) {
        return path.startsWith(env.workDir()) ? env.workDir().relativize(path).toString() : path.toString();
    }
}
