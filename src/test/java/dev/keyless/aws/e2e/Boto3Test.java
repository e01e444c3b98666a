package dev.keyless.aws.e2e;

import static dev.keyless.aws.e2e.AwsE2e.AUD;
import static dev.keyless.aws.e2e.AwsE2e.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * boto3/botocore as Python programs use them: the web-identity variables plus
 * {@code AWS_ENDPOINT_URL_STS}; a presigned GetCallerIdentity URL (the EKS-token / Vault pattern)
 * accepted by GET until its {@code X-Amz-Expires}; and a request whose body changed after signing.
 */
class Boto3Test {
    @TempDir
    static Path dir;
    static final ShiftableClock clock = new ShiftableClock();
    static KeylessTestServer server;
    static Path python;

    private static final String GET_CALLER_IDENTITY = String.join("\n",
            "import boto3",
            "print(boto3.client('sts').get_caller_identity()['Arn'])", "");

    private static final String PRESIGN = String.join("\n",
            "import boto3",
            "sts = boto3.client('sts')",
            "print(sts.generate_presigned_url('get_caller_identity', Params={}, ExpiresIn=60, HttpMethod='GET'))", "");

    /** Same length, same parameters, different bytes than what botocore signed. */
    private static final String TAMPER = String.join("\n",
            "import boto3, botocore.exceptions",
            "sts = boto3.client('sts')",
            "def swap(request, **kwargs):",
            "    request.body = b'Version=2011-06-15&Action=GetCallerIdentity'",
            "sts.meta.events.register('before-send.sts.GetCallerIdentity', swap)",
            "try:",
            "    sts.get_caller_identity()",
            "    print('accepted')",
            "except botocore.exceptions.ClientError as e:",
            "    print(e.response['Error']['Code'])", "");

    @BeforeAll
    static void start() {
        python = RealClients.python();
        server = AwsE2e.exampleServer(dir.resolve("server"), clock);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void realTime() {
        clock.shift(Duration.ZERO);
    }

    private Processes.Result python(Path home, String script, Map<String, String> env) {
        Path file = AwsE2e.write(home.resolve("script.py"), script);
        return AwsE2e.run(List.of(python.toString(), file.toString()), env, home);
    }

    @Test
    void getCallerIdentityWhenWebIdentityVariablesThenAssumedRole(@TempDir Path home) {
        Path tokenFile = AwsE2e.tokenFile(home, server.mint(AUD, PROJECT, "main"));

        Processes.Result result = AwsE2e.succeeded(python(home, GET_CALLER_IDENTITY,
                AwsE2e.webIdentityEnv(home, server, tokenFile, "boto3-job")));

        assertThat(result.stdout().strip()).isEqualTo(AwsE2e.assumedRoleArn("boto3-job"));
    }

    @Test
    void presignedGetCallerIdentityWhenWithinExpiresThenAcceptedAndAfterThenSignatureDoesNotMatch(@TempDir Path home)
            throws Exception {
        Credentials c = AwsE2e.assume(server, 3600);
        String url = AwsE2e.succeeded(python(home, PRESIGN, AwsE2e.credentialsEnv(home, server, c))).stdout().strip();
        assertThat(url).startsWith(server.url() + "/?").contains("X-Amz-Expires=60");

        HttpResponse<String> fresh = get(url);
        assertThat(fresh.statusCode()).isEqualTo(200);
        assertThat(fresh.body()).contains("<Arn>" + AwsE2e.assumedRoleArn("e2e") + "</Arn>");
        assertThat(fresh.headers().firstValue("x-amzn-RequestId")).isPresent();

        clock.shift(Duration.ofSeconds(61));
        HttpResponse<String> late = get(url);
        assertThat(late.statusCode()).isEqualTo(403);
        assertThat(late.body()).contains("<Code>SignatureDoesNotMatch</Code>").contains("Signature expired: ");
    }

    @Test
    void getCallerIdentityWhenBodyChangedAfterSigningThenSignatureDoesNotMatch(@TempDir Path home) {
        Credentials c = AwsE2e.assume(server, 3600);

        Processes.Result result = AwsE2e.succeeded(python(home, TAMPER, AwsE2e.credentialsEnv(home, server, c)));

        assertThat(result.stdout().strip()).isEqualTo("SignatureDoesNotMatch");
    }

    private static HttpResponse<String> get(String url) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
