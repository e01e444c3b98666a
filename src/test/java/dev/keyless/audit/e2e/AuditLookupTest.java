package dev.keyless.audit.e2e;

import static dev.keyless.audit.e2e.E2eClients.AUDIENCE;
import static dev.keyless.audit.e2e.E2eClients.ROLE_ARN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.gcp.http.GcpHttp;
import dev.keyless.testing.InProcessCli;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From what a client printed to the audit record: the AWS CLI v1 prints no request id on a
 * denial, so {@code keyless audit --last} finds the newest event; a request id copied in part
 * finds its request; a part shared by several requests is refused with the candidates listed.
 */
class AuditLookupTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FEATURE_SUB = "project_path:mygroup/myrepo:ref_type:branch:ref:feature-x";

    @TempDir
    static Path dir;
    static KeylessTestServer server;

    @BeforeAll
    static void start() {
        server = KeylessTestServer.startExample(dir.resolve("server"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static InProcessCli.Result audit(String... args) {
        List<String> all = new ArrayList<>(List.of("audit", "--config", server.configFile().toString()));
        all.addAll(List.of(args));
        return InProcessCli.run(dir, Clock.systemUTC(), "", all.toArray(String[]::new));
    }

    @Test
    void auditLastWhenAwsCliV1PrintedNoRequestIdThenNewestDenialWithExplanation(@TempDir Path home) {
        Path aws = RealClients.awsCliV1();
        Map<String, String> env = E2eClients.awsEnv(home);
        env.put("AWS_ENDPOINT_URL_STS", server.url());
        Processes.Result r = Processes.run(List.of(aws.toString(), "sts", "assume-role-with-web-identity",
                "--role-arn", ROLE_ARN, "--role-session-name", "lookup-last",
                "--web-identity-token", server.mint("sts.amazonaws.com", "mygroup/myrepo", "feature-x"),
                "--output", "json"), env, home, Duration.ofSeconds(90), null);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.all()).contains("AccessDenied").doesNotContainIgnoringCase("request id");

        InProcessCli.Result last = audit("--last", "--denied");

        assertThat(last.exitCode()).as(last.all()).isZero();
        assertThat(last.out()).contains("AWS_ASSUME_ROLE_WITH_WEB_IDENTITY").contains("DENY")
                .contains("lookup-last").contains(FEATURE_SUB).contains("explanation:")
                .contains("\"key\" : \"" + server.hostAndPort() + ":sub\"");
        assertThat(last.out().split("\nrequestId:", -1)).as("exactly one event").hasSize(2);
    }

    @Test
    void auditLastWhenGcloudLoginRefusedThenNewestDenialIsTheExchangeWithItsCondition(@TempDir Path home)
            throws Exception {
        Path gcloud = RealClients.gcloud();
        Path tokenFile = java.nio.file.Files.writeString(home.resolve("job.jwt"),
                server.mint(AUDIENCE, "othergroup/myrepo", "main") + "\n");
        Path cred = java.nio.file.Files.writeString(home.resolve("cred.json"), JSON.createObjectNode()
                .put("universe_domain", "googleapis.com").put("type", "external_account").put("audience", AUDIENCE)
                .put("subject_token_type", "urn:ietf:params:oauth:token-type:jwt")
                .put("token_url", server.url() + "/v1/token").put("token_info_url", server.url() + "/v1/introspect")
                .set("credential_source", JSON.createObjectNode().put("file", tokenFile.toString())
                        .set("format", JSON.createObjectNode().put("type", "text"))).toPrettyString());
        Processes.Result login = Processes.run(List.of(gcloud.toString(), "auth", "login", "--cred-file=" + cred,
                "--verbosity=error"), E2eClients.gcloudEnv(home), home, Duration.ofSeconds(120), null);
        assertThat(login.exitCode()).isNotZero();
        assertThat(login.all()).contains("unauthorized_client").doesNotContainIgnoringCase("request id");

        InProcessCli.Result last = audit("--last", "--denied", "--kind", "GCP_TOKEN_EXCHANGE");

        assertThat(last.exitCode()).as(last.all()).isZero();
        assertThat(last.out()).contains("GCP_TOKEN_EXCHANGE").contains("unauthorized_client")
                .contains("project_path:mygroup/myrepo".replace("mygroup", "othergroup"))
                .contains("\"decisiveCheck\" : \"attribute condition\"");
        assertThat(last.out().split("\nrequestId:", -1)).hasSize(2);
    }

    @Test
    void auditRequestIdWhenUniquePartThenThatRequestWhenAmbiguousThenCandidatesAndExit2() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            String project = i % 2 == 0 ? "mygroup/myrepo" : "othergroup/myrepo";
            ids.add(GcpHttp.exchange(server.url(), server.mint(AUDIENCE, project, "main"), AUDIENCE)
                    .headers().firstValue("X-Request-Id").orElseThrow());
        }
        // Time-ordered (RFC 9562 version 7): ids of requests a moment apart share their start.
        assertThat(ids).allSatisfy(id -> assertThat(UUID.fromString(id).version()).isEqualTo(7));
        String sharedStart = commonStart(ids);
        assertThat(sharedStart).hasSizeGreaterThanOrEqualTo(8);
        String target = ids.get(3);
        // Its last 8 hex digits: random bits, contained in no other id of this server with overwhelming odds.
        String unique = target.substring(target.length() - 8);

        InProcessCli.Result one = audit("--request-id", unique);
        assertThat(one.exitCode()).as(one.all()).isZero();
        assertThat(one.out()).contains("requestId:     " + target).contains("GCP_TOKEN_EXCHANGE")
                .contains("explanation:");
        assertThat(one.out().split("\nrequestId:", -1)).hasSize(2);
        InProcessCli.Result json = audit("--request-id", unique, "--format", "json");
        assertThat(JSON.readTree(json.out()).get("requestId").asText()).isEqualTo(target);

        InProcessCli.Result ambiguous = audit("--request-id", sharedStart);
        assertThat(ambiguous.exitCode()).as(ambiguous.all()).isEqualTo(2);
        assertThat(ambiguous.err()).contains("--request-id: '" + sharedStart + "' is part of")
                .contains("give more characters").contains(ids.get(16)).contains(ids.get(15)).contains(" more");
        assertThat(ambiguous.out()).isEmpty();

        InProcessCli.Result none = audit("--request-id", "zz-no-such-request");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.out()).contains("no audit event with request id zz-no-such-request");
    }

    private static String commonStart(List<String> all) {
        String start = all.get(0);
        for (String id : all) {
            int n = 0;
            while (n < Math.min(start.length(), id.length()) && start.charAt(n) == id.charAt(n)) {
                n++;
            }
            start = start.substring(0, n);
        }
        return start;
    }
}
