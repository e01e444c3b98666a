package dev.keyless.cli;

import dev.keyless.Keyless;
import dev.keyless.issuer.Audience;
import dev.keyless.issuer.RefType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "token", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Mint a GitLab-compatible CI job ID token and print it.",
        description = {
            "Mint a GitLab-compatible CI job ID token with the issuer key from the configured store and",
            "print it. Works with or without a running server. Every claim GitLab always sends is present;",
            "ids you do not give are the placeholder \"0\".",
            "",
            "Example:  keyless token --aud sts.amazonaws.com --project-path mygroup/myrepo --ref main > job.jwt"})
public final class TokenCommand implements Callable<Integer> {
    private final CliEnvironment env;

    @Mixin
    ConfigOption config;

    @Option(names = "--aud", required = true, paramLabel = "AUD",
            description = "Audience. Once: a JSON string, as GitLab for `aud: X`. Repeated: a JSON array, as for `aud: [X, Y]`.")
    List<String> audiences = new ArrayList<>();

    @Option(names = "--aud-array", description = "Emit aud as a JSON array even with one value (GitLab does for a one-element YAML list).")
    boolean audienceArray;

    @Option(names = "--project-path", required = true, paramLabel = "GROUP/PROJECT", description = "project_path, e.g. mygroup/myrepo")
    String projectPath;

    @Option(names = "--ref", required = true, description = "Branch or tag name (ref), e.g. main")
    String ref;

    @Option(names = "--ref-type", defaultValue = "branch", description = "branch or tag (default: ${DEFAULT-VALUE})")
    String refType;

    @Option(names = "--claim", paramLabel = "NAME=VALUE", description = "Set or override any claim; VALUE is parsed as JSON when it is valid JSON, else a string. Repeatable.")
    List<String> claims = new ArrayList<>();

    @Mixin
    JobOptions job;

    public TokenCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        RefType type = RefType.fromWire(refType).orElseThrow(() ->
                new UsageException("--ref-type: expected branch or tag; got '" + refType + "'"));
        var overrides = TokenMinting.parseClaims(claims);
        Audience audience = audiences.size() == 1 && !audienceArray ? Audience.of(audiences.get(0)) : Audience.ofList(audiences);
        try (Keyless keyless = new Keyless(config.load(env), env.clock(), env.env())) {
            job.checkTtl(keyless.issuerSettings().maxTtl());
            env.out().println(TokenMinting.mint(keyless, job.toJob(projectPath, ref, type, null), audience, overrides, "cli:keyless token"));
        }
        return ExitCodes.OK;
    }
}
