package dev.keyless.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keyless's credentials work against other AWS services, and a client sent to Keyless for one of them
 * is told so: with {@code AWS_ENDPOINT_URL} at Keyless, each service's call fails with that service's
 * own error shape (the AWS CLI prints the code and message) naming the variable to set; with
 * {@code AWS_ENDPOINT_URL_S3} at a local S3 ({@code moto_server}) the CLI lists a bucket with the
 * credentials Keyless issued for the job's token, and a token the trust policy refuses gets nothing.
 */
class OtherAwsServicesCliTest {

    /** One AWS CLI command per error protocol, and the variable its error must name. */
    record Case(List<String> command, String code, String variable) {}

    static final List<Case> CASES = List.of(
            new Case(List.of("s3", "ls"), "NotImplemented", "AWS_ENDPOINT_URL_S3"),
            new Case(List.of("s3api", "list-buckets"), "NotImplemented", "AWS_ENDPOINT_URL_S3"),
            new Case(List.of("sns", "list-topics"), "InvalidAction", "AWS_ENDPOINT_URL_SNS"),
            new Case(List.of("ec2", "describe-regions"), "InvalidAction", "AWS_ENDPOINT_URL_EC2"),
            new Case(List.of("dynamodb", "list-tables"), "UnknownOperationException", "AWS_ENDPOINT_URL_DYNAMODB"),
            new Case(List.of("lambda", "list-functions"), "UnknownOperationException", "AWS_ENDPOINT_URL_LAMBDA"),
            new Case(List.of("route53", "list-hosted-zones"), "InvalidAction", "AWS_ENDPOINT_URL_ROUTE_53"),
            new Case(List.of("logs", "describe-log-groups"), "UnknownOperationException", "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"));

    @Test
    void everyOtherServiceGetsItsOwnErrorNamingItsEndpointVariable(@TempDir Path dir) {
        Path aws = RealClients.awsCliV1();
        try (KeylessTestServer server = KeylessTestServer.startExample(dir.resolve("server"))) {
            Path token = AwsE2e.tokenFile(dir.resolve("job"), server.mint(AwsE2e.AUD, AwsE2e.PROJECT, "main"));
            Map<String, String> env = AwsE2e.webIdentityEnv(dir.resolve("home"), server, token, "elsewhere");
            env.remove("AWS_ENDPOINT_URL_STS");
            env.put("AWS_ENDPOINT_URL", server.url());
            env.put("AWS_MAX_ATTEMPTS", "1");
            int shown = 0;
            for (Case c : CASES) {
                List<String> command = new ArrayList<>(List.of(aws.toString()));
                command.addAll(c.command());
                Processes.Result r = AwsE2e.run(command, env, dir);
                assertThat(r.exitCode()).as("%s: %s", c.command(), r.all()).isNotZero();
                assertThat(r.stderr()).as("%s", c.command())
                        .contains("(" + c.code() + ")")
                        .contains("Keyless serves identity only")
                        .contains(c.variable());
                if (shown++ == 0) {
                    System.out.println("aws s3 ls with AWS_ENDPOINT_URL at Keyless: " + r.stderr().strip());
                }
            }
            // STS itself still works through the same AWS_ENDPOINT_URL (the credentials above came from it).
            Processes.Result identity = AwsE2e.succeeded(AwsE2e.run(List.of(aws.toString(), "sts", "get-caller-identity",
                    "--query", "Arn", "--output", "text"), env, dir));
            assertThat(identity.stdout().strip()).isEqualTo(AwsE2e.assumedRoleArn("elsewhere"));
            System.out.println(CASES.size() + " other-service calls answered in their own shapes; STS through the same URL: "
                    + identity.stdout().strip());
        }
    }

    /** The seed articles' job, with {@code aws s3 ls s3://my-bucket} against a local S3. */
    @Test
    void s3LsListsTheBucketOfALocalS3WithCredentialsFromKeyless(@TempDir Path dir) throws Exception {
        Path aws = RealClients.awsCliV1();
        Path moto = RealClients.require("moto_server", RealClients.onPath("moto_server"));
        int motoPort = freePort();
        Process motoServer = new ProcessBuilder(moto.toString(), "-H", "127.0.0.1", "-p", Integer.toString(motoPort))
                .redirectErrorStream(true).redirectOutput(dir.resolve("moto.log").toFile()).start();
        try (KeylessTestServer server = KeylessTestServer.startExample(dir.resolve("server"))) {
            awaitPort(motoPort, Duration.ofSeconds(60));
            String s3 = "http://127.0.0.1:" + motoPort;
            // The bucket exists before the job runs (created with the emulator's own test credentials).
            Map<String, String> admin = AwsE2e.cleanEnv(dir.resolve("admin"));
            admin.put("AWS_ACCESS_KEY_ID", "testing");
            admin.put("AWS_SECRET_ACCESS_KEY", "testing");
            admin.put("AWS_ENDPOINT_URL_S3", s3);
            AwsE2e.succeeded(AwsE2e.run(List.of(aws.toString(), "s3", "mb", "s3://my-bucket"), admin, dir));
            AwsE2e.write(dir.resolve("release.txt"), "v1\n");
            AwsE2e.succeeded(AwsE2e.run(List.of(aws.toString(), "s3", "cp", dir.resolve("release.txt").toString(),
                    "s3://my-bucket/release.txt"), admin, dir));

            // The job: its token from Keyless, STS at Keyless, S3 at the emulator.
            Path token = AwsE2e.tokenFile(dir.resolve("job"), server.mint(AwsE2e.AUD, AwsE2e.PROJECT, "main"));
            Map<String, String> job = AwsE2e.webIdentityEnv(dir.resolve("home"), server, token, "s3-job");
            job.put("AWS_ENDPOINT_URL_S3", s3);
            Processes.Result listed = AwsE2e.succeeded(AwsE2e.run(List.of(aws.toString(), "s3", "ls", "s3://my-bucket"), job, dir));
            assertThat(listed.stdout()).contains("release.txt");
            System.out.println("aws s3 ls s3://my-bucket with credentials from Keyless: " + listed.stdout().strip());

            // The credentials do come from Keyless: a token its trust policy refuses lists nothing.
            Path feature = AwsE2e.tokenFile(dir.resolve("feature"), server.mint(AwsE2e.AUD, AwsE2e.PROJECT, "feature-x"));
            Map<String, String> featureJob = AwsE2e.webIdentityEnv(dir.resolve("home-feature"), server, feature, "s3-feature");
            featureJob.put("AWS_ENDPOINT_URL_S3", s3);
            Processes.Result denied = AwsE2e.run(List.of(aws.toString(), "s3", "ls", "s3://my-bucket"), featureJob, dir);
            assertThat(denied.exitCode()).as(denied.all()).isNotZero();
            assertThat(denied.stderr()).contains("AccessDenied").contains("AssumeRoleWithWebIdentity");
            assertThat(denied.stdout()).doesNotContain("release.txt");
        } finally {
            motoServer.destroy();
            motoServer.waitFor();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitPort(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("moto_server did not listen on port " + port + " within " + timeout);
    }
}
