package dev.keyless.aws.iam;

import static dev.keyless.aws.iam.IamE2e.GITLAB_AUD;
import static dev.keyless.aws.iam.IamE2e.PROJECT;
import static dev.keyless.aws.iam.IamE2e.THUMBPRINT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.AwsClientEnv;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import dev.keyless.testing.Repo;
import dev.keyless.testing.TestCertificate;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Terraform (the binary on the machine, with the local filesystem mirror of hashicorp/aws, no
 * network: {@code terraform init -plugin-dir}, {@code CHECKPOINT_DISABLE=1}) applies the articles'
 * {@code aws_iam_openid_connect_provider} + {@code aws_iam_role} with a {@code jsonencode} trust
 * policy and an inline policy against Keyless; a second plan shows no changes; the role is then
 * assumable by web identity; destroy removes it and the next AssumeRoleWithWebIdentity is refused.
 * Terraform's AWS provider refuses an {@code http://} provider URL before sending anything, so this
 * Keyless serves TLS and its issuer is {@code https://127.0.0.1:PORT}. Every IAM operation Terraform
 * sent is printed (from its debug log).
 */
class IamTerraformTest {
    @TempDir
    static Path dir;
    static KeylessTestServer server;
    static TestCertificate certificate;
    static Path terraform;
    static Path pluginDir;

    @BeforeAll
    static void start() throws Exception {
        terraform = RealClients.require("terraform", terraformBinary());
        pluginDir = RealClients.requireDir("the hashicorp/aws filesystem mirror", pluginMirror());
        certificate = TestCertificate.create(dir.resolve("tls"));
        String yaml = Repo.exampleYaml().replace("http://127.0.0.1:8080", "https://127.0.0.1:8080").replace(
                "  # tls: {certificate: ./tls/cert.pem, privateKey: ./tls/key.pem}",
                "  tls: {certificate: " + certificate.certificatePem() + ", privateKey: "
                        + certificate.privateKeyPem() + "}");
        assertThat(yaml).contains("  tls: {certificate: /").contains("url: https://127.0.0.1:8080");
        server = KeylessTestServer.start(dir.resolve("server"), yaml, Clock.systemUTC(), Map.of());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static Path terraformBinary() {
        Path onPath = RealClients.onPath("terraform");
        return onPath != null ? onPath : Path.of("/usr/local/bin/terraform");
    }

    /** The machine image's filesystem mirror (a folder holding registry.terraform.io/hashicorp/aws). */
    static Path pluginMirror() {
        for (String candidate : List.of(System.getenv().getOrDefault("KEYLESS_TF_PLUGIN_DIR", ""), "/opt/tf-plugins")) {
            if (!candidate.isEmpty() && Files.isDirectory(Path.of(candidate, "registry.terraform.io", "hashicorp", "aws"))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    private static String url() {
        return "https://127.0.0.1:" + server.port();
    }

    private static String main(String roleName) {
        String host = "127.0.0.1:" + server.port();
        return """
                terraform {
                  required_providers {
                    aws = { source = "hashicorp/aws" }
                  }
                }
                provider "aws" {
                  region                      = "eu-west-1"
                  skip_credentials_validation = true
                  skip_requesting_account_id  = true
                  skip_metadata_api_check     = true
                  endpoints {
                    iam = "URL"
                    sts = "URL"
                  }
                }
                resource "aws_iam_openid_connect_provider" "gitlab" {
                  url             = "URL"
                  client_id_list  = ["AUD"]
                  thumbprint_list = ["THUMBPRINT"]
                }
                resource "aws_iam_role" "deploy" {
                  name                 = "ROLE"
                  max_session_duration = 7200
                  assume_role_policy = jsonencode({
                    Version = "2012-10-17"
                    Statement = [{
                      Effect    = "Allow"
                      Principal = { Federated = aws_iam_openid_connect_provider.gitlab.arn }
                      Action    = "sts:AssumeRoleWithWebIdentity"
                      Condition = {
                        StringEquals = { "HOST:aud" = "AUD" }
                        StringLike   = { "HOST:sub" = "project_path:PROJECT:ref_type:branch:ref:main" }
                      }
                    }]
                  })
                }
                resource "aws_iam_role_policy" "s3" {
                  name = "s3read"
                  role = aws_iam_role.deploy.id
                  policy = jsonencode({
                    Version   = "2012-10-17"
                    Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "*" }]
                  })
                }
                """.replace("URL", url()).replace("HOST", host).replace("AUD", GITLAB_AUD)
                .replace("THUMBPRINT", THUMBPRINT).replace("ROLE", roleName).replace("PROJECT", PROJECT);
    }

    private static Processes.Result tf(Path work, Map<String, String> env, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(terraform.toString());
        command.addAll(List.of(args));
        Map<String, String> e = new java.util.LinkedHashMap<>(env);
        e.put("TF_LOG_PATH", log.toString());
        Processes.Result r = Processes.run(command, e, work, Duration.ofMinutes(5), null);
        return r;
    }

    @Test
    void applyPlanAssumeDestroyWhenSignedWithAdminKeyThenNoDriftAndAssumableUntilDestroyed(@TempDir Path home)
            throws Exception {
        String role = "gitlab-terraform";
        Map<String, String> env = IamE2e.adminEnv(home, server);
        env.put("CHECKPOINT_DISABLE", "1");
        env.put("TF_IN_AUTOMATION", "1");
        env.put("TF_INPUT", "0");
        env.put("TF_LOG", "DEBUG");
        env.put("SSL_CERT_FILE", certificate.certificatePem().toString());
        env.put("TF_CLI_CONFIG_FILE", IamE2e.write(home.resolve("terraformrc"), "").toString());
        env.put("AWS_CA_BUNDLE", certificate.certificatePem().toString());
        Path work = home.resolve("tf");
        IamE2e.write(work.resolve("main.tf"), main(role));

        IamE2e.succeeded(tf(work, env, home.resolve("init.log"), "init", "-plugin-dir=" + pluginDir, "-no-color"));
        Processes.Result apply = IamE2e.succeeded(tf(work, env, home.resolve("apply.log"), "apply", "-auto-approve",
                "-no-color"));
        assertThat(apply.stdout()).contains("Apply complete! Resources: 3 added, 0 changed, 0 destroyed.");
        Processes.Result plan = IamE2e.succeeded(tf(work, env, home.resolve("plan.log"), "plan", "-no-color",
                "-detailed-exitcode"));
        assertThat(plan.stdout()).contains("No changes. Your infrastructure matches the configuration.");

        String roleArn = IamE2e.roleArn(role);
        HttpResponse<String> allowed = assume(roleArn, server.mint(GITLAB_AUD, PROJECT, "main"));
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        assertThat(allowed.body()).contains("<Arn>arn:aws:sts::" + IamE2e.ACCOUNT + ":assumed-role/" + role + "/tf-job</Arn>");

        Processes.Result destroy = IamE2e.succeeded(tf(work, env, home.resolve("destroy.log"), "destroy",
                "-auto-approve", "-no-color"));
        assertThat(destroy.stdout()).contains("Destroy complete! Resources: 3 destroyed.");
        HttpResponse<String> refused = assume(roleArn, server.mint(GITLAB_AUD, PROJECT, "main"));
        assertThat(refused.statusCode()).isIn(400, 403);
        assertThat(refused.body()).contains("<Code>InvalidIdentityToken</Code>");

        for (String phase : List.of("apply", "plan", "destroy")) {
            System.out.println("terraform " + phase + " sent: " + operations(home.resolve(phase + ".log")));
        }
    }

    /**
     * The keyless path for Terraform itself: a CI job assumes a {@code terraform} role by OIDC (its
     * inline policy allows {@code iam:*}), and Terraform applies, plans and destroys IAM changes signed
     * with that Keyless session. The role it manages trusts the provider keyless.yaml declares.
     */
    @Test
    void applyPlanDestroyWhenSignedWithAKeylessSessionOfATerraformRoleThenSucceeds(@TempDir Path home) throws Exception {
        String account = "111122223333";
        String declaredProvider = "arn:aws:iam::" + account + ":oidc-provider/127.0.0.1:" + server.port();
        IamService bootstrap = new IamService(server.keyless().config().aws(), "keyless.yaml",
                server.keyless().resources(), Clock.systemUTC(), new java.security.SecureRandom(),
                server.keyless()::refreshResources);
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\""
                + declaredProvider + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{\"StringEquals\":{\"127.0.0.1:"
                + server.port() + ":sub\":\"" + IamE2e.sub("main") + "\"}}}]}";
        bootstrap.execute("CreateRole", account, new IamParams(Map.of("RoleName", "terraform",
                "AssumeRolePolicyDocument", trust)));
        bootstrap.execute("PutRolePolicy", account, new IamParams(Map.of("RoleName", "terraform", "PolicyName", "iam",
                "PolicyDocument", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:*\",\"Resource\":\"*\"}]}")));
        HttpResponse<String> assumed = assume("arn:aws:iam::" + account + ":role/terraform",
                server.mint("sts.amazonaws.com", PROJECT, "main"));
        assertThat(assumed.statusCode()).as(assumed.body()).isEqualTo(200);

        Map<String, String> env = AwsClientEnv.clean(home);
        env.put("AWS_ACCESS_KEY_ID", xml(assumed.body(), "AccessKeyId"));
        env.put("AWS_SECRET_ACCESS_KEY", xml(assumed.body(), "SecretAccessKey"));
        env.put("AWS_SESSION_TOKEN", xml(assumed.body(), "SessionToken"));
        env.put("CHECKPOINT_DISABLE", "1");
        env.put("TF_IN_AUTOMATION", "1");
        env.put("TF_INPUT", "0");
        env.put("TF_LOG", "DEBUG");
        env.put("SSL_CERT_FILE", certificate.certificatePem().toString());
        env.put("TF_CLI_CONFIG_FILE", IamE2e.write(home.resolve("terraformrc"), "").toString());
        Path work = home.resolve("tf");
        String config = main("unused");
        config = config.substring(0, config.indexOf("resource \"aws_iam_openid_connect_provider\""))
                + config.substring(config.indexOf("resource \"aws_iam_role\""))
                        .replace("aws_iam_openid_connect_provider.gitlab.arn", "\"" + declaredProvider + "\"")
                        .replace("\"unused\"", "\"deploy-by-ci\"").replace(GITLAB_AUD, "sts.amazonaws.com");
        IamE2e.write(work.resolve("main.tf"), config);

        IamE2e.succeeded(tf(work, env, home.resolve("init.log"), "init", "-plugin-dir=" + pluginDir, "-no-color"));
        assertThat(IamE2e.succeeded(tf(work, env, home.resolve("apply.log"), "apply", "-auto-approve", "-no-color"))
                .stdout()).contains("Apply complete! Resources: 2 added, 0 changed, 0 destroyed.");
        assertThat(server.keyless().resources().find(IamKinds.roleKey(account, "deploy-by-ci"))).isPresent();
        assertThat(IamE2e.succeeded(tf(work, env, home.resolve("plan.log"), "plan", "-no-color")).stdout())
                .contains("No changes. Your infrastructure matches the configuration.");
        HttpResponse<String> deployer = assume("arn:aws:iam::" + account + ":role/deploy-by-ci",
                server.mint("sts.amazonaws.com", PROJECT, "main"));
        assertThat(deployer.statusCode()).as(deployer.body()).isEqualTo(200);
        assertThat(IamE2e.succeeded(tf(work, env, home.resolve("destroy.log"), "destroy", "-auto-approve", "-no-color"))
                .stdout()).contains("Destroy complete! Resources: 2 destroyed.");
        assertThat(server.keyless().resources().find(IamKinds.roleKey(account, "deploy-by-ci"))).isEmpty();
    }

    private static String xml(String body, String element) {
        Matcher m = Pattern.compile("<" + element + ">([^<]*)</" + element + ">").matcher(body);
        assertThat(m.find()).as(element + " in " + body).isTrue();
        return m.group(1);
    }

    /** The IAM operations in a Terraform debug log, in order of first appearance. */
    static Set<String> operations(Path log) throws IOException {
        Set<String> ops = new LinkedHashSet<>();
        Matcher m = Pattern.compile("rpc\\.method=(\\w+)[^\\n]*rpc\\.service=IAM|rpc\\.service=IAM[^\\n]*rpc\\.method=(\\w+)")
                .matcher(Files.readString(log));
        while (m.find()) {
            ops.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return ops;
    }

    /** AssumeRoleWithWebIdentity over TLS, unsigned, as the SDKs send it. */
    private static HttpResponse<String> assume(String roleArn, String token) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(certificate.keyStore());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        String body = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleSessionName=tf-job&RoleArn="
                + URLEncoder.encode(roleArn, StandardCharsets.UTF_8) + "&WebIdentityToken=" + token;
        try (HttpClient http = HttpClient.newBuilder().sslContext(ssl).build()) {
            return http.send(HttpRequest.newBuilder(URI.create(url() + "/"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
