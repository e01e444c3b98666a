package dev.keyless.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyless.aws.policy.AuthorizationRequest;
import dev.keyless.aws.policy.ConditionContext;
import dev.keyless.aws.policy.ExplanationRenderer;
import dev.keyless.aws.policy.MalformedPolicyException;
import dev.keyless.aws.policy.PolicyDocument;
import dev.keyless.aws.policy.PolicyEvaluation;
import dev.keyless.aws.policy.PolicyEvaluator;
import dev.keyless.aws.policy.PolicyParser;
import dev.keyless.json.UntrustedJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code keyless policy}: offline IAM policy tools. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Evaluate IAM trust policies offline.",
        subcommands = PolicyCommand.Eval.class)
public final class PolicyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    // Without a subcommand there is nothing to do: usage on stderr and exit 2, as for `keyless ci`.
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("keyless policy: name a subcommand.");
        spec.commandLine().usage(err);
        err.flush();
        return ExitCodes.USAGE;
    }

    /** Exit codes: 0 allow, 1 deny, 2 usage or unreadable input. */
    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "Evaluate a trust policy against a context of condition keys (exit 0 allow, 1 deny, 2 usage).")
    public static final class Eval implements Callable<Integer> {
        static final String DEFAULT_ACTION = "sts:AssumeRoleWithWebIdentity";
        private static final ObjectMapper MAPPER = UntrustedJson.mapper(); // policy and context files: strict

        @Spec
        CommandSpec spec;

        @Option(names = "--policy", description = "Policy JSON file.")
        Path policy;

        @Option(names = "--context", description = "JSON object of condition keys to a string or a list of strings.")
        Path context;

        @Option(names = "--principal", description = "Principal ARN (default: the context's aws:FederatedProvider).")
        String principal;

        @Option(names = "--principal-type", defaultValue = "Federated", description = "Principal type (default ${DEFAULT-VALUE}).")
        String principalType;

        @Option(names = "--action", description = "Action(s) that must all be allowed (default " + DEFAULT_ACTION + ").")
        List<String> actions = new ArrayList<>();

        @Option(names = "--format", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--batch", description = "JSONL file: one {policy, context, principal, action} per line.")
        Path batch;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (batch != null) {
                return policy == null && context == null ? runBatch(out, err) : usage(err, "--batch excludes --policy and --context");
            }
            if (policy == null || context == null) {
                err.println("keyless policy eval: need --policy FILE and --context FILE, or --batch FILE");
                spec.commandLine().usage(err);
                err.flush();
                return ExitCodes.USAGE;
            }
            if (!format.equals("text") && !format.equals("json")) {
                return usage(err, "--format must be text or json");
            }
            try {
                PolicyDocument doc = PolicyParser.parse(Files.readString(policy));
                ConditionContext ctx = BatchCase.context(MAPPER.readTree(Files.readString(context)));
                AuthorizationRequest request = BatchCase.request(principal, principalType,
                        actions.isEmpty() ? List.of(DEFAULT_ACTION) : actions, ctx);
                PolicyEvaluation e = new PolicyEvaluator().evaluate(doc, request);
                ExplanationRenderer r = new ExplanationRenderer();
                out.print(format.equals("json") ? r.json(e.explanation()).toPrettyString() + "\n" : r.text(e.explanation()));
                out.flush();
                return e.decision().allowed() ? 0 : 1;
            } catch (IOException | MalformedPolicyException | IllegalArgumentException e) {
                return usage(err, e.getMessage());
            }
        }

        private Integer runBatch(PrintWriter out, PrintWriter err) {
            PolicyEvaluator evaluator = new PolicyEvaluator();
            Map<JsonNode, PolicyDocument> compiled = new HashMap<>(); // parse each distinct policy once
            try (BufferedReader reader = Files.newBufferedReader(batch)) {
                String line;
                int n = 0;
                while ((line = reader.readLine()) != null) {
                    n++;
                    if (line.isBlank()) {
                        continue;
                    }
                    out.println(BatchCase.evaluate(MAPPER, evaluator, compiled, line, n));
                }
                out.flush();
                return 0;
            } catch (IOException e) {
                return usage(err, "cannot read " + batch + ": " + e.getMessage());
            }
        }

        private static Integer usage(PrintWriter err, String message) {
            err.println("keyless policy eval: " + message);
            err.flush();
            return 2;
        }
    }

    /** One batch line → one output line; a bad line gives {@code {"line":n,"error":…}}. */
    static final class BatchCase {
        private BatchCase() {}

        static String evaluate(ObjectMapper mapper, PolicyEvaluator evaluator, Map<JsonNode, PolicyDocument> compiled,
                String line, int n) {
            ObjectNode result = mapper.createObjectNode().put("line", n);
            try {
                JsonNode c = mapper.readTree(line);
                if (c == null || !c.isObject() || !c.has("policy") || !c.has("context")) {
                    throw new IllegalArgumentException("a line needs \"policy\" and \"context\"");
                }
                JsonNode policyNode = c.get("policy").isTextual() ? mapper.readTree(c.get("policy").asText()) : c.get("policy");
                PolicyDocument doc = compiled.get(policyNode);
                if (doc == null) {
                    doc = PolicyParser.parse(policyNode);
                    compiled.put(policyNode, doc);
                }
                List<String> actions = new ArrayList<>();
                JsonNode action = c.get("action");
                if (action == null) {
                    actions.add(Eval.DEFAULT_ACTION);
                } else if (action.isArray()) {
                    action.forEach(a -> actions.add(a.asText()));
                } else {
                    actions.add(action.asText());
                }
                String principal = c.hasNonNull("principal") ? c.get("principal").asText() : null;
                String type = c.hasNonNull("principalType") ? c.get("principalType").asText() : "Federated";
                PolicyEvaluation e = evaluator.evaluate(doc, request(principal, type, actions, context(c.get("context"))));
                result.put("decision", e.decision().name()).put("summary", e.explanation().summary());
            } catch (IOException | MalformedPolicyException | IllegalArgumentException e) {
                result.put("error", String.valueOf(e.getMessage()));
            }
            return result.toString();
        }

        static ConditionContext context(JsonNode node) {
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("context must be a JSON object of condition keys");
            }
            ConditionContext.Builder b = ConditionContext.builder();
            for (var it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                List<String> values = new ArrayList<>();
                if (e.getValue().isArray()) {
                    e.getValue().forEach(v -> values.add(v.asText()));
                } else if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                    values.add(e.getValue().asText());
                } else {
                    throw new IllegalArgumentException("context key " + e.getKey() + " must be a string or a list");
                }
                b.put(e.getKey(), values);
            }
            return b.build();
        }

        static AuthorizationRequest request(String principal, String type, List<String> actions, ConditionContext ctx) {
            String p = principal != null ? principal
                    : ctx.get("aws:FederatedProvider").filter(v -> v.size() == 1).map(v -> v.get(0))
                            .orElseThrow(() -> new IllegalArgumentException(
                                    "no principal: give one, or aws:FederatedProvider in the context"));
            return new AuthorizationRequest(p, type, actions, null, ctx);
        }
    }
}
