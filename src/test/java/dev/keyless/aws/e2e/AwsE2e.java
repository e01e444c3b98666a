package dev.keyless.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Shared pieces of the AWS end-to-end tests: the example server on a clock the test can shift,
 * a clean client environment (HOME and the AWS config files in a temp folder, us-east-1, no
 * metadata service, never an inherited credential) and the constants of the example keyless.yaml.
 */
final class AwsE2e {
    static final String ROLE_ARN = "arn:aws:iam::111122223333:role/gitlab-deployer";
    static final String AUD = "sts.amazonaws.com";
    static final String PROJECT = "mygroup/myrepo";
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    private AwsE2e() {}

    static KeylessTestServer exampleServer(Path dir, ShiftableClock clock) {
        return KeylessTestServer.start(dir, Repo.exampleYaml(), clock, Map.of());
    }

    /** {@code arn:aws:sts::111122223333:assumed-role/gitlab-deployer/SESSION}: the role path is dropped. */
    static String assumedRoleArn(String session) {
        return "arn:aws:sts::111122223333:assumed-role/gitlab-deployer/" + session;
    }

    /** A clean environment for a real client: nothing from the developer's AWS setup can leak in. */
    static Map<String, String> cleanEnv(Path home) {
        return dev.keyless.testing.AwsClientEnv.clean(home);
    }

    /** The token-file variables of a GitLab job, as the AWS docs and the seed articles set them. */
    static Map<String, String> webIdentityEnv(Path home, KeylessTestServer server, Path tokenFile, String session) {
        Map<String, String> env = cleanEnv(home);
        env.put("AWS_ROLE_ARN", ROLE_ARN);
        env.put("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile.toString());
        env.put("AWS_ROLE_SESSION_NAME", session);
        env.put("AWS_ENDPOINT_URL_STS", server.url());
        return env;
    }

    /** Static credentials in the environment, as after {@code export AWS_ACCESS_KEY_ID=…}. */
    static Map<String, String> credentialsEnv(Path home, KeylessTestServer server, Credentials c) {
        Map<String, String> env = cleanEnv(home);
        env.put("AWS_ACCESS_KEY_ID", c.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", c.secretAccessKey());
        env.put("AWS_SESSION_TOKEN", c.sessionToken());
        env.put("AWS_ENDPOINT_URL_STS", server.url());
        return env;
    }

    /** Written as {@code echo "$TOKEN" > file} would: with the trailing newline. */
    static Path tokenFile(Path dir, String token) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("token.jwt");
            Files.writeString(file, token + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An STS client as the Java SDK's web-identity factory builds one: anonymous (unsigned). */
    static StsClient anonymousSts(KeylessTestServer server) {
        return sts(server, AnonymousCredentialsProvider.create());
    }

    static StsClient sts(KeylessTestServer server, AwsCredentialsProvider credentials) {
        return StsClient.builder().endpointOverride(URI.create(server.url())).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** Credentials for the main branch, obtained with the Java SDK (the negative tests start here). */
    static Credentials assume(KeylessTestServer server, int durationSeconds) {
        try (StsClient sts = anonymousSts(server)) {
            return sts.assumeRoleWithWebIdentity(r -> r.roleArn(ROLE_ARN).roleSessionName("e2e")
                    .durationSeconds(durationSeconds).webIdentityToken(server.mint(AUD, PROJECT, "main"))).credentials();
        }
    }

    static Processes.Result run(List<String> command, Map<String, String> env, Path dir) {
        return Processes.run(command, env, dir, TIMEOUT, null);
    }

    /** Asserts a client run succeeded, showing its output when it did not. */
    static Processes.Result succeeded(Processes.Result result) {
        assertThat(result.exitCode()).as("exit code; output:\n%s", result.all()).isZero();
        return result;
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
