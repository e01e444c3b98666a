package dev.keyless.cli;

import dev.keyless.Keyless;
import dev.keyless.aws.decision.AssumeRoleRequest;
import dev.keyless.explain.AwsExplainer;
import dev.keyless.explain.ExplainRenderer;
import dev.keyless.explain.ExplainReport;
import dev.keyless.explain.GcpExplainer;
import dev.keyless.gcp.sts.ProviderAudience;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Explain offline why a token would be allowed or denied, check by check.",
        description = {
            "Run a whole exchange offline with the server's own code and print every check with the",
            "expected and the actual value: issuer, signature, times, audience, each trust-policy statement",
            "and condition (AWS), or the CEL mapping, the attribute condition and the bindings (GCP).",
            "An expired token is still explained (and denied). Nothing is minted or recorded.",
            "",
            "  keyless explain --token job.jwt --role-arn arn:aws:iam::111122223333:role/gitlab-deployer",
            // The provider's name is one unbroken word: on a line of its own it is not wrapped inside.
            "  keyless explain --token - --service-account deployer@my-project.iam.gserviceaccount.com --audience \\",
            "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/gitlab-pool/providers/gitlab"},
        footer = {"", "Exit codes: 0 allowed, 1 denied, 2 usage or configuration error."})
public final class ExplainCommand implements Callable<Integer> {
    private final CliEnvironment env;

    @Mixin
    ConfigOption config;
    @Option(names = "--token", required = true, paramLabel = "FILE|-", description = "The token, from a file or - for stdin.")
    String token;
    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;
    @Option(names = "--service-account", paramLabel = "EMAIL",
            description = "GCP only: also check the workloadIdentityUser binding for impersonating EMAIL.")
    String serviceAccount;
    @Option(names = "--session-name", defaultValue = "keyless-explain", paramLabel = "NAME",
            description = "AWS only: RoleSessionName (default: ${DEFAULT-VALUE}).")
    String sessionName;
    @Option(names = "--duration-seconds", defaultValue = "3600", paramLabel = "SECONDS",
            description = "AWS only: DurationSeconds (default: ${DEFAULT-VALUE}).")
    int durationSeconds;
    @Option(names = "--policy", paramLabel = "JSON", description = "AWS only: a session policy, as the Policy parameter.")
    String policy;
    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    String format;

    static final class Target {
        @Option(names = "--role-arn", paramLabel = "ARN", description = "AWS: the role to assume.")
        String roleArn;
        @Option(names = "--audience", paramLabel = "//iam.googleapis.com/…", description = "GCP: the provider's full name.")
        String audience;
    }

    public ExplainCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        if (!format.equals("text") && !format.equals("json")) {
            throw new UsageException("--format: expected text or json; got '" + format + "'");
        }
        if (serviceAccount != null && target.roleArn != null) {
            throw new UsageException("--service-account goes with --audience (GCP), not with --role-arn");
        }
        Optional<ProviderAudience> audience = Optional.empty();
        if (target.audience != null) {
            audience = ProviderAudience.parse(target.audience);
            if (audience.isEmpty()) {
                throw new UsageException("--audience: expected //iam.googleapis.com/projects/NUMBER/locations/global/"
                        + "workloadIdentityPools/POOL/providers/PROVIDER; got '" + target.audience + "'");
            }
        }
        String jwt = readToken();
        try (Keyless keyless = new Keyless(config.load(env), env.clock(), env.env())) {
            ExplainRenderer renderer = new ExplainRenderer();
            ExplainReport report;
            String text;
            if (audience.isPresent()) {
                GcpExplainer.Explained gcp = new GcpExplainer(keyless).explain(jwt, audience.get(),
                        Optional.ofNullable(serviceAccount));
                report = gcp.report();
                text = gcp.text();
            } else {
                report = new AwsExplainer(keyless).explain(jwt, AssumeRoleRequest.offline(target.roleArn, sessionName,
                        Optional.of(jwt), durationSeconds, Optional.ofNullable(policy)));
                text = renderer.text(report);
            }
            env.out().print(format.equals("json") ? renderer.json(report).toPrettyString() + "\n" : text);
            return report.allowed() ? ExitCodes.OK : ExitCodes.DENIED;
        }
    }

    private String readToken() throws UsageException {
        try {
            String text = token.equals("-") ? new String(env.in().readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(env.resolve(token));
            if (text.isBlank()) {
                throw new UsageException("--token: " + (token.equals("-") ? "stdin" : token) + " is empty");
            }
            return text.strip();
        } catch (IOException e) {
            throw new UsageException("--token: cannot read " + token + ": " + e.getMessage());
        }
    }
}
