package dev.keyless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PolicyCommandTest {
    private static final String ARN = "arn:aws:iam::111122223333:oidc-provider/gitlab.com";
    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"GitLabMain\",\"Effect\":\"Allow\","
            + "\"Principal\":{\"Federated\":\"" + ARN + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\","
            + "\"Condition\":{\"StringEquals\":{\"gitlab.com:aud\":\"sts.amazonaws.com\"},"
            + "\"StringLike\":{\"gitlab.com:sub\":\"project_path:mygroup/myproject:ref_type:branch:ref:main\"}}}]}";

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new PolicyCommand());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static String context(String ref) {
        return "{\"gitlab.com:aud\":\"sts.amazonaws.com\",\"gitlab.com:sub\":\"project_path:mygroup/myproject:ref_type:branch:ref:"
                + ref + "\",\"aws:FederatedProvider\":\"" + ARN + "\"}";
    }

    @Test
    void evalWhenContextMatchesThenExit0AndTextExplanation() throws IOException {
        Run r = run("eval", "--policy", write("p.json", POLICY).toString(), "--context", write("c.json", context("main")).toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Decision: Allow").contains("Statement 'GitLabMain' Allow applies");
    }

    @Test
    void evalWhenRefDiffersThenExit1AndJsonNamesTheFailingCondition() throws IOException {
        Run r = run("eval", "--policy", write("p.json", POLICY).toString(), "--context", write("c.json", context("dev")).toString(),
                "--format", "json");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("\"decision\" : \"ImplicitDeny\"").contains("condition StringLike gitlab.com:sub is false");
    }

    @Test
    void evalWhenNoPolicyThenExit2() {
        Run r = run("eval");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("need --policy FILE and --context FILE");
    }

    @Test
    void evalWhenMalformedPolicyThenExit2WithStatementInMessage() throws IOException {
        Run r = run("eval", "--policy", write("p.json", "{\"Statement\":{\"Sid\":\"X\",\"Effect\":\"Maybe\",\"Action\":\"sts:A\"}}").toString(),
                "--context", write("c.json", context("main")).toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Statement 'X': Effect");
    }

    @Test
    void evalBatchWhen10000LinesThenOneDecisionLinePerCase() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String ref = i % 3 == 0 ? "main" : "feature-" + i;
            lines.add("{\"policy\":" + POLICY + ",\"context\":" + context(ref) + ",\"principal\":\"" + ARN
                    + "\",\"action\":\"sts:AssumeRoleWithWebIdentity\"}");
        }
        Run r = run("eval", "--batch", Files.write(dir.resolve("cases.jsonl"), lines).toString());

        List<String> out = r.out().lines().toList();
        assertThat(r.exit()).isZero();
        assertThat(out).hasSize(10_000).allMatch(l -> l.contains("\"decision\":"));
        assertThat(out.stream().filter(l -> l.contains("\"decision\":\"Allow\""))).hasSize(3334);
        assertThat(out.stream().filter(l -> l.contains("\"decision\":\"ImplicitDeny\""))).hasSize(6666);
    }

    @Test
    void evalBatchWhenBadLineThenErrorLineAndContinues() throws IOException {
        String good = "{\"policy\":" + POLICY + ",\"context\":" + context("main") + "}";
        Path f = Files.write(dir.resolve("b.jsonl"), List.of(good, "{not json", "{\"policy\":{\"Statement\":[]},\"context\":{}}", good));

        List<String> out = run("eval", "--batch", f.toString()).out().lines().toList();

        assertThat(out).hasSize(4);
        assertThat(out.get(0)).contains("\"line\":1").contains("\"decision\":\"Allow\"");
        assertThat(out.get(1)).contains("\"line\":2").contains("\"error\":");
        assertThat(out.get(2)).contains("\"line\":3").contains("Statement must be");
        assertThat(out.get(3)).contains("\"line\":4").contains("\"decision\":\"Allow\"");
    }
}
