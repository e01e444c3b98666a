package dev.keyless.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.testing.AwsClientEnv;
import dev.keyless.testing.InProcessCli;
import dev.keyless.testing.KeylessProcess;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newcomer's first minutes: {@code keyless init --port N}, {@code keyless serve} from that file alone
 * (no --listen), a CI token from the CI API with the secret init printed, and the AWS CLI's
 * AssumeRoleWithWebIdentity against it, in a temporary HOME. The main branch gets credentials; a
 * feature branch is denied.
 */
class InitServeAwsCliTest {
    private static final Pattern SECRET = Pattern.compile("secret \\(shown once[^)]*\\): (\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void initWithNonDefaultPortThenServeAndAwsCliAssumesTheRole() throws Exception {
        Path aws = RealClients.awsCliV1();
        int port = KeylessProcess.freePort();
        Path work = Files.createDirectories(dir.resolve("work"));
        InProcessCli.Result init = InProcessCli.run(work, Clock.systemUTC(), "", "init", "--port", Integer.toString(port));
        assertThat(init.exitCode()).as(init.all()).isZero();
        Matcher m = SECRET.matcher(init.out());
        assertThat(m.find()).as(init.out()).isTrue();
        String secret = m.group(1);
        Path config = work.resolve("keyless.yaml");
        assertThat(Files.readString(config)).doesNotContain(secret);

        try (KeylessProcess node = KeylessProcess.startAsConfigured(config, port, Map.of())) {
            assertThat(node.logText()).contains("keyless: serving http://127.0.0.1:" + port + " on http://127.0.0.1:" + port)
                    .doesNotContain("lint:");
            Map<String, String> env = AwsClientEnv.clean(dir.resolve("home"));
            env.put("AWS_ENDPOINT_URL_STS", node.url());

            Processes.Result allowed = assume(aws, env, mint(node.url(), secret, "main"), "init-main");
            // The role and provider only: the credentials are secrets even in a test log.
            System.out.println("AWS CLI against the init config on port " + port + ": exit " + allowed.exitCode() + ", "
                    + JSON.readTree(allowed.stdout().isBlank() ? "{}" : allowed.stdout()).path("AssumedRoleUser").path("Arn")
                            .asText() + " via " + JSON.readTree(allowed.stdout().isBlank() ? "{}" : allowed.stdout())
                            .path("Provider").asText());
            assertThat(allowed.exitCode()).as(allowed.all()).isZero();
            assertThat(allowed.stdout()).contains("arn:aws:sts::111122223333:assumed-role/gitlab-deployer/init-main")
                    .contains("\"AccessKeyId\"").contains("\"SessionToken\"");

            Processes.Result denied = assume(aws, env, mint(node.url(), secret, "feature-x"), "init-feature");
            assertThat(denied.exitCode()).as(denied.all()).isNotZero();
            assertThat(denied.stderr()).contains("AccessDenied");
        }
    }

    private Processes.Result assume(Path aws, Map<String, String> env, String token, String session) throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token-" + session), token);
        return Processes.run(List.of(aws.toString(), "sts", "assume-role-with-web-identity", "--role-arn",
                "arn:aws:iam::111122223333:role/gitlab-deployer", "--role-session-name", session, "--web-identity-token",
                "file://" + tokenFile, "--output", "json"), env, dir, Duration.ofSeconds(60), null);
    }

    /** A CI job token of mygroup/myrepo on {@code ref}, from the CI API with the client secret init printed. */
    private static String mint(String url, String secret, String ref) throws Exception {
        String body = "{\"job\":{\"project_path\":\"mygroup/myrepo\",\"ref\":\"" + ref
                + "\"},\"id_tokens\":{\"T\":{\"aud\":\"sts.amazonaws.com\"}}}";
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/ci/id_tokens"))
                    .header("Authorization", "Bearer " + secret).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return JSON.readTree(r.body()).get("id_tokens").get("T").textValue();
        }
    }
}
