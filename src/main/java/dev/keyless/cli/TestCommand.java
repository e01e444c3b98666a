package dev.keyless.cli;

import dev.keyless.Keyless;
import dev.keyless.aws.decision.RoleDirectory;
import dev.keyless.aws.decision.TokenEvidence;
import dev.keyless.config.ConfigException;
import dev.keyless.config.KeylessConfig;
import dev.keyless.oidc.IssuerLookup;
import dev.keyless.trust.AwsCaseRunner;
import dev.keyless.trust.CaseOutcome;
import dev.keyless.trust.TrustCase;
import dev.keyless.trust.TrustCaseRunner;
import dev.keyless.trust.TrustCasesException;
import dev.keyless.trust.TrustCasesParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code keyless test CASES.yaml}: trust decisions as unit tests, run offline against keyless.yaml. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {
            "Run trust-policy test cases offline against the roles and providers of keyless.yaml.",
            "CASES.yaml:  cases: [{name, role: ROLE-ARN | provider: //iam.googleapis.com/projects/N/.../providers/ID",
            "             [, serviceAccount: EMAIL], claims: {sub: ..., aud: ...}, expect: allow|deny}]",
            "Claims are taken as given: no signature, no expiry. AWS: the STS's own decision, check by check;",
            "iss picks the account's OIDC provider (default: its only one). An AWS case may give a token",
            "(verified like the STS does) instead of claims, and sessionName, durationSeconds and policy.",
            "GCP: the server's own decision; iss, aud, exp and nbf are checked when given; then the attribute",
            "mapping and condition, and with serviceAccount its workloadIdentityUser bindings.",
            "Every failing case prints its explanation (every case with --verbose).",
            "Exit 0 when all pass, 1 when any fails, 2 for a bad config or cases file."})
public final class TestCommand implements Callable<Integer> {
    private final CliEnvironment env;

    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "CASES.yaml", description = "The test cases.")
    String casesFile;

    @Option(names = {"-v", "--verbose"}, description = "Print every case's explanation, not only the failing ones'.")
    boolean verbose;

    public TestCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        List<TrustCase> cases;
        Path path = env.resolve(casesFile);
        try {
            cases = TrustCasesParser.parse(Files.readString(path, StandardCharsets.UTF_8), casesFile);
        } catch (IOException e) {
            throw new UsageException("keyless test: cannot read " + path + ": " + e.getMessage());
        } catch (TrustCasesException e) {
            env.err().println(e.getMessage());
            return ExitCodes.USAGE;
        }
        KeylessConfig cfg;
        try {
            cfg = config.load(env);
        } catch (ConfigException e) {
            env.err().println(e.getMessage());
            env.err().println("fix the configuration first (keyless lint)");
            return ExitCodes.USAGE;
        }
        if (cases.stream().noneMatch(c -> c.token().isPresent())) {
            return report(new TrustCaseRunner(cfg, env.clock()).runAll(cases));
        }
        // A case with a token is verified as the STS verifies it: the server's issuers and keys.
        try (Keyless keyless = new Keyless(cfg, env.clock(), env.env())) {
            AwsCaseRunner.Tokens tokens = (token, roleArn) -> {
                IssuerLookup issuers = RoleDirectory.accountOf(roleArn).map(keyless::awsIssuers)
                        .orElse(iss -> Optional.empty());
                return TokenEvidence.of(keyless.verifier().verify(token, issuers), issuers);
            };
            return report(new TrustCaseRunner(cfg, env.clock(), Optional.of(tokens)).runAll(cases));
        }
    }

    private int report(List<TrustCaseRunner.Result> results) {
        int failed = 0;
        for (TrustCaseRunner.Result r : results) {
            env.out().println(r.headline());
            if (!r.passed()) {
                failed++;
            }
            if (!r.passed() || verbose) {
                if (r.outcome() instanceof CaseOutcome.Decided d) {
                    d.explanation().lines().forEach(l -> env.out().println("    " + l));
                }
            }
        }
        env.out().println((results.size() - failed) + " passed, " + failed + " failed");
        return failed == 0 ? ExitCodes.OK : ExitCodes.DENIED;
    }
}
