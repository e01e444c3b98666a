package dev.keyless.issuer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.cli.CliEnvironment;
import dev.keyless.cli.Main;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import dev.keyless.testing.Repo;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the independent verifiers (npm jose, PyJWT) and Keyless CLI commands in-process. */
final class IssuerClients {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IssuerClients() {}

    record CliRun(int exit, String out, String err) {}

    static CliRun cli(Path workDir, Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment cliEnv = new CliEnvironment(env, workDir, new PrintWriter(out), new PrintWriter(err),
                new ByteArrayInputStream(new byte[0]), Clock.systemUTC());
        int exit = Main.run(cliEnv, args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    /** One JSON result per token from npm jose, given only the discovery URL. */
    static List<JsonNode> verifyWithJose(String baseUrl, String audience, List<String> tokens) throws Exception {
        Path node = RealClients.node();
        RealClients.nodeModules();
        Path script = Repo.root().resolve(".ci/node/scripts/verify-jose.mjs");
        var result = Processes.run(List.of(node.toString(), script.toString(),
                        baseUrl + "/.well-known/openid-configuration", baseUrl, audience),
                Map.of(), Repo.root().resolve(".ci/node"), Duration.ofSeconds(60), String.join("\n", tokens) + "\n");
        return lines(result, tokens.size(), "jose");
    }

    /** One JSON result per token from PyJWT's PyJWKClient (Debian python3-jwt), given only the discovery URL. */
    static List<JsonNode> verifyWithPyJwt(String baseUrl, String audience, List<String> tokens) throws Exception {
        Path python = RealClients.require("Debian python3 with PyJWT", Path.of("/usr/bin/python3"));
        var probe = Processes.run(List.of(python.toString(), "-c", "import jwt, cryptography"), Map.of(), null,
                Duration.ofSeconds(30), null);
        if (probe.exitCode() != 0) {
            RealClients.missing("PyJWT for /usr/bin/python3 (Debian python3-jwt)");
        }
        Path script = Repo.root().resolve("src/test/resources/clients/verify_pyjwt.py");
        var result = Processes.run(List.of(python.toString(), script.toString(),
                        baseUrl + "/.well-known/openid-configuration", baseUrl, audience),
                Map.of(), null, Duration.ofSeconds(60), String.join("\n", tokens) + "\n");
        return lines(result, tokens.size(), "PyJWT");
    }

    private static List<JsonNode> lines(Processes.Result result, int expected, String who) throws Exception {
        assertThat(result.exitCode()).as(who + " exit; stderr: " + result.stderr()).isZero();
        List<JsonNode> out = new ArrayList<>();
        for (String line : result.stdout().split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        assertThat(out).as(who + " output: " + result.all()).hasSize(expected);
        return out;
    }
}
