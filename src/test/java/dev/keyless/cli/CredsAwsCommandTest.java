package dev.keyless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredsAwsCommandTest {
    private static final String ROLE = "arn:aws:iam::111122223333:role/gitlab-deployer";
    private static final String TOKEN_A = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnLWE";
    private static final String TOKEN_B = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJiIn0.c2lnLWI";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private FakeSts sts;
    private Path tokenFile;

    @BeforeEach
    void start() throws IOException {
        sts = new FakeSts().answer(200, "text/xml", FakeSts.issued("ASIAQXYZEXAMPLE7KEY1", "2025-03-01T13:00:00Z"));
        tokenFile = Files.writeString(dir.resolve("token"), TOKEN_A + "\n");
    }

    @AfterEach
    void stop() {
        sts.close();
    }

    private CredsCli.Result aws(Map<String, String> env, String... extra) {
        String[] base = {"aws", "--role-arn", ROLE, "--token-file", "token"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CredsCli.run(env, dir, CLOCK, args);
    }

    @Test
    void awsWhenStsIssuesThenPrintsExactCredentialProcessJson() {
        CredsCli.Result r = aws(Map.of(), "--endpoint", sts.url());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).isEqualTo("{\"Version\":1,\"AccessKeyId\":\"ASIAQXYZEXAMPLE7KEY1\","
                + "\"SecretAccessKey\":\"Zm9vYmFyYmF6cXV4ZXhhbXBsZXNlY3JldGtleTEy\","
                + "\"SessionToken\":\"IQoJb3JpZ2luX2VjEXAMPLE+/=\",\"Expiration\":\"2025-03-01T13:00:00Z\","
                + "\"AccountId\":\"111122223333\"}\n");
        assertThat(r.err()).isEmpty();
        assertThat(r.all()).doesNotContain(TOKEN_A);
    }

    @Test
    void awsWhenCalledThenPostsTheQueryProtocolFormWithTheTrimmedToken() {
        aws(Map.of(), "--endpoint", sts.url());

        FakeSts.Received req = sts.received().getFirst();
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.path()).isEqualTo("/");
        assertThat(req.contentType()).isEqualTo("application/x-www-form-urlencoded; charset=utf-8");
        assertThat(req.form()).containsExactly(
                Map.entry("Action", "AssumeRoleWithWebIdentity"),
                Map.entry("Version", "2011-06-15"),
                Map.entry("RoleArn", ROLE),
                Map.entry("RoleSessionName", "keyless-" + CLOCK.instant().getEpochSecond()),
                Map.entry("WebIdentityToken", TOKEN_A));
    }

    @Test
    void awsWhenSessionNameAndDurationGivenThenBothAreSent() {
        aws(Map.of(), "--endpoint", sts.url(), "--session-name", "ci-run-42", "--duration-seconds", "900");

        assertThat(sts.received().getFirst().form())
                .containsEntry("RoleSessionName", "ci-run-42")
                .containsEntry("DurationSeconds", "900");
    }

    @Test
    void awsWhenTokenFileChangesBetweenCallsThenEachCallSendsTheCurrentToken() throws IOException {
        CredsCli.Result first = aws(Map.of(), "--endpoint", sts.url());
        Files.writeString(tokenFile, "  " + TOKEN_B + "\r\n");
        CredsCli.Result second = aws(Map.of(), "--endpoint", sts.url());

        assertThat(first.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(second.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(sts.received()).extracting(q -> q.form().get("WebIdentityToken")).containsExactly(TOKEN_A, TOKEN_B);
        assertThat(first.all() + second.all()).doesNotContain(TOKEN_A, TOKEN_B);
    }

    @Test
    void awsWhenStsAnswersErrorResponseThenPrintsCodeMessageAndRequestIdAndExits1() {
        sts.answer(400, "text/xml", FakeSts.error("InvalidIdentityToken", "Incorrect token audience",
                "5d1c2b3a-0000-4000-8000-000000000002"));

        CredsCli.Result r = aws(Map.of(), "--endpoint", sts.url());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.DENIED);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("keyless creds aws: InvalidIdentityToken: Incorrect token audience "
                + "(request id 5d1c2b3a-0000-4000-8000-000000000002)\n");
    }

    @Test
    void awsWhenStsMessageEchoesTheTokenThenTheTokenIsRedacted() {
        sts.answer(403, "text/xml", FakeSts.error("AccessDenied", "Not authorized for " + TOKEN_A, "r-1"));

        CredsCli.Result r = aws(Map.of(), "--endpoint", sts.url());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.DENIED);
        assertThat(r.err()).startsWith("keyless creds aws: AccessDenied: Not authorized for <token sha256:")
                .doesNotContain(TOKEN_A);
    }

    @Test
    void awsWhenEndpointAnswersHtmlThenExits1SayingItIsNotAnSts() {
        sts.answer(502, "text/html", "<html><body>Bad Gateway</body></html>");

        CredsCli.Result r = aws(Map.of(), "--endpoint", sts.url());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.DENIED);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("keyless creds aws: " + sts.url() + "/ did not answer like an STS (HTTP 502: "
                + "unexpected XML root <html>); check --endpoint / AWS_ENDPOINT_URL_STS\n");
    }

    @Test
    void awsWhenNothingListensThenExits1NamingTheEndpoint() throws IOException {
        String dead = deadUrl();

        CredsCli.Result r = aws(Map.of(), "--endpoint", dead);

        assertThat(r.exitCode()).isEqualTo(ExitCodes.DENIED);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("keyless creds aws: cannot reach the STS at " + dead
                + "/: connection refused or unreachable\n");
    }

    @Test
    void awsWhenTokenFileMissingThenExits1AndSendsNothing() throws IOException {
        Files.delete(tokenFile);

        CredsCli.Result r = aws(Map.of(), "--endpoint", sts.url());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.DENIED);
        assertThat(r.err()).isEqualTo("keyless creds aws: token file " + tokenFile + " does not exist\n");
        assertThat(sts.received()).isEmpty();
    }

    @Test
    void awsWhenTokenFileBlankThenExits1AndSendsNothing() throws IOException {
        Files.writeString(tokenFile, " \n");

        CredsCli.Result r = aws(Map.of(), "--endpoint", sts.url());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.DENIED);
        assertThat(r.err()).isEqualTo("keyless creds aws: token file " + tokenFile + " is empty\n");
        assertThat(sts.received()).isEmpty();
    }

    @Test
    void awsWhenEndpointUrlStsSetThenItOutranksEndpointUrl() throws IOException {
        CredsCli.Result r = aws(Map.of("AWS_ENDPOINT_URL_STS", sts.url(), "AWS_ENDPOINT_URL", deadUrl()));

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(sts.received()).hasSize(1);
    }

    @Test
    void awsWhenOnlyEndpointUrlSetThenItIsUsed() {
        CredsCli.Result r = aws(Map.of("AWS_ENDPOINT_URL", sts.url()));

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(sts.received()).hasSize(1);
    }

    @Test
    void awsWhenEndpointOptionGivenThenItOutranksTheEnvironment() throws IOException {
        CredsCli.Result r = aws(Map.of("AWS_ENDPOINT_URL_STS", deadUrl()), "--endpoint", sts.url());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void awsWhenEndpointIsNotAnHttpUrlThenExits2() {
        CredsCli.Result r = aws(Map.of(), "--endpoint", "127.0.0.1:8080");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("keyless creds aws: the STS endpoint 127.0.0.1:8080 is not an http(s) URL; "
                + "pass --endpoint http://HOST:PORT\n");
    }

    @Test
    void awsWhenRoleArnMissingThenExits2() {
        CredsCli.Result r = CredsCli.run(Map.of(), dir, CLOCK, "aws", "--token-file", "token");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Missing required option: '--role-arn=ARN'");
        assertThat(sts.received()).isEmpty();
    }

    @Test
    void credsWhenNoHelperNamedThenExits2() {
        CredsCli.Result r = CredsCli.run(Map.of(), dir, CLOCK);

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("keyless creds: name a helper, aws or gcp.\n");
    }

    /** A loopback port that was free a moment ago: connecting to it is refused. */
    private static String deadUrl() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }
}
