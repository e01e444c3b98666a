package dev.keyless.aws.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.AwsClientEnv;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Shared pieces of the IAM API tests: the example server (its keyless.yaml declares account
 * 111122223333), an administrator key for a second account whose trust is created only through
 * the API, and the seed articles' trust policy for the server's own issuer.
 */
final class IamE2e {
    static final String ACCOUNT = "444455556666";
    static final String GITLAB_AUD = "https://gitlab.com";
    /** The thumbprint of the articles' CreateOpenIDConnectProvider example. */
    static final String THUMBPRINT = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280";
    static final String PROJECT = "mygroup/myrepo";
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    private IamE2e() {}

    static KeylessTestServer server(Path dir) {
        return KeylessTestServer.start(dir, Repo.exampleYaml(), java.time.Clock.systemUTC(), Map.of());
    }

    static String providerArn(KeylessTestServer server) {
        return "arn:aws:iam::" + ACCOUNT + ":oidc-provider/" + server.hostAndPort();
    }

    static String roleArn(String name) {
        return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
    }

    /** The articles' trust policy: aud and sub compared with {@code operator} ({@code StringEquals} or {@code StringLike}). */
    static String trustPolicy(KeylessTestServer server, String operator, String subject) {
        String host = server.hostAndPort();
        return "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
                + "      \"Principal\": {\"Federated\": \"" + providerArn(server) + "\"},\n"
                + "      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n"
                + "      \"Condition\": {\n" + condition(host, operator, subject) + "      }\n    }\n  ]\n}\n";
    }

    private static String condition(String host, String operator, String subject) {
        String aud = "\"" + host + ":aud\": \"" + GITLAB_AUD + "\"";
        String sub = "\"" + host + ":sub\": \"" + subject + "\"";
        if (operator.equals("StringEquals")) {
            return "        \"StringEquals\": {" + aud + ", " + sub + "}\n";
        }
        return "        \"StringEquals\": {" + aud + "},\n        \"" + operator + "\": {" + sub + "}\n";
    }

    static String sub(String ref) {
        return "project_path:" + PROJECT + ":ref_type:branch:ref:" + ref;
    }

    /** A client signing IAM calls with a fresh administrator key of {@link #ACCOUNT}. */
    static Map<String, String> adminEnv(Path home, KeylessTestServer server) {
        AdminAccessKeys.Created key = server.keyless().adminKeys().create(ACCOUNT, "2026-01-01T00:00:00Z");
        Map<String, String> env = AwsClientEnv.clean(home);
        env.put("AWS_ACCESS_KEY_ID", key.key().accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", key.secret().value());
        env.put("AWS_ENDPOINT_URL_IAM", server.url());
        env.put("AWS_ENDPOINT_URL_STS", server.url());
        return env;
    }

    /** The token-file variables of a GitLab job (no other credential in the environment). */
    static Map<String, String> webIdentityEnv(Path home, KeylessTestServer server, String roleArn, String token) {
        Map<String, String> env = AwsClientEnv.clean(home);
        env.put("AWS_ROLE_ARN", roleArn);
        env.put("AWS_WEB_IDENTITY_TOKEN_FILE", write(home.resolve("token.jwt"), token + "\n").toString());
        env.put("AWS_ROLE_SESSION_NAME", "gitlab-job");
        env.put("AWS_ENDPOINT_URL_STS", server.url());
        return env;
    }

    static Processes.Result run(List<String> command, Map<String, String> env, Path dir) {
        return Processes.run(command, env, dir, TIMEOUT, null);
    }

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
