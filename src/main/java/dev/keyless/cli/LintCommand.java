package dev.keyless.cli;

import dev.keyless.config.ConfigException;
import dev.keyless.config.KeylessConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "lint", mixinStandardHelpOptions = true,
        description = {
            "Check keyless.yaml: every configuration error with file:line and a hint (exit 2), then the",
            "trust rules of every role and provider: Allow without a sub condition, audience not checked,",
            "wildcards in project paths, ForAllValues in an Allow, condition keys AWS does not provide (exit 1)."})
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
        int findings = TrustLint.print(cfg, env.out());
        if (findings > 0) {
            env.out().println(findings + " finding(s).");
            return ExitCodes.DENIED;
        }
        env.out().println(config.path(env) + ": OK");
        return ExitCodes.OK;
    }
}
