package dev.keyless.aws.iam;

import static dev.keyless.aws.iam.IamE2e.ACCOUNT;
import static dev.keyless.aws.iam.IamE2e.GITLAB_AUD;
import static dev.keyless.aws.iam.IamE2e.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.audit.AuditDecision;
import dev.keyless.audit.AuditEvent;
import dev.keyless.audit.AuditKind;
import dev.keyless.audit.AuditQuery;
import dev.keyless.resources.ResourceSnapshot;
import dev.keyless.testing.AwsClientEnv;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may change trust. boto3 calls CreateRole unsigned, with a wrong secret, with an unknown key,
 * with a deleted administrator key, and with Keyless session credentials of a role whose permission
 * policy lacks {@code iam:CreateRole}: each is refused with AWS's code, and the store reads back
 * unchanged (same revision, same resources). A session whose role's policy allows {@code iam:*}
 * creates the role; an explicit Deny beats that Allow. Every attempt is in the audit log as
 * {@code IAM_CHANGE}.
 */
class IamAuthorizationTest {
    @TempDir
    static Path dir;
    static KeylessTestServer server;
    static Path python;

    /** CreateRole with the credentials the arguments say; prints the code (or OK). */
    private static final String CREATE = """
            import boto3, botocore, botocore.exceptions, json, sys
            from botocore.config import Config
            mode, name = sys.argv[1:3]
            trust = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow',
                'Principal': {'Federated': sys.argv[3]}, 'Action': 'sts:AssumeRoleWithWebIdentity'}]})
            if mode == 'unsigned':
                iam = boto3.client('iam', config=Config(signature_version=botocore.UNSIGNED))
            elif mode == 'session':
                # botocore's web-identity provider assumes the role from the token file, then signs with the session.
                iam = boto3.client('iam')
            else:
                iam = boto3.client('iam', aws_access_key_id=sys.argv[4], aws_secret_access_key=sys.argv[5])
            try:
                iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)
                print('OK')
            except botocore.exceptions.ClientError as e:
                print(e.response['Error']['Code'] + ' ' + str(e.response['ResponseMetadata']['HTTPStatusCode'])
                      + ' ' + e.response['Error']['Message'])
            """;

    /** The server's issuer as a provider of the account (either test may run first). */
    private static final String PROVIDER = """
            import boto3, sys
            iam = boto3.client('iam')
            try:
                iam.create_open_id_connect_provider(Url=sys.argv[1], ClientIDList=[sys.argv[2]])
            except iam.exceptions.EntityAlreadyExistsException:
                pass
            """;

    private static final String SETUP_ROLE = """
            import boto3, json, sys
            name, trust, policy = sys.argv[1:4]
            iam = boto3.client('iam')
            iam.create_role(RoleName=name, AssumeRolePolicyDocument=open(trust).read())
            iam.put_role_policy(RoleName=name, PolicyName='iam', PolicyDocument=policy)
            """;

    @BeforeAll
    static void start() {
        python = RealClients.python();
        server = IamE2e.server(dir.resolve("server"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Processes.Result python(Path home, String script, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(python.toString(), IamE2e.write(home.resolve("script.py"), script)
                .toString()));
        command.addAll(List.of(args));
        return IamE2e.run(command, env, home);
    }

    private static String create(Path home, Map<String, String> env, String mode, String name, String... key) {
        List<String> args = new ArrayList<>(List.of(mode, name, IamE2e.providerArn(server)));
        args.addAll(List.of(key));
        return IamE2e.succeeded(python(home, CREATE, env, args.toArray(String[]::new))).stdout().strip();
    }

    private static Map<String, String> plainEnv(Path home) {
        Map<String, String> env = AwsClientEnv.clean(home);
        env.put("AWS_ENDPOINT_URL_IAM", server.url());
        return env;
    }

    /** Creates {@code name} (trusting main-branch jobs) with one inline permission policy, as the administrator. */
    private static void roleWithPolicy(Path home, Map<String, String> admin, String name, String policy) {
        Path trust = IamE2e.write(home.resolve(name + "-trust.json"),
                IamE2e.trustPolicy(server, "StringEquals", IamE2e.sub("main")));
        IamE2e.succeeded(python(home, SETUP_ROLE, admin, name, trust.toString(), policy));
    }

    private static Map<String, String> sessionEnv(Path home, String role) {
        Map<String, String> env = IamE2e.webIdentityEnv(home, server, IamE2e.roleArn(role),
                server.mint(GITLAB_AUD, PROJECT, "main"));
        env.put("AWS_ENDPOINT_URL_IAM", server.url());
        return env;
    }

    @Test
    void refusedCallersWhenCreatingARoleThenAwsCodeAndStoreUnchanged(@TempDir Path home) throws Exception {
        Map<String, String> admin = IamE2e.adminEnv(home.resolve("admin"), server);
        IamE2e.succeeded(python(home.resolve("admin"), PROVIDER, admin, server.url(), GITLAB_AUD));
        roleWithPolicy(home.resolve("admin"), admin, "reader",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iam:Get*\",\"iam:List*\"],\"Resource\":\"*\"}]}");
        AdminAccessKeys.Created deleted = server.keyless().adminKeys().create(ACCOUNT, "2026-01-01T00:00:00Z");
        assertThat(server.keyless().adminKeys().delete(deleted.key().accessKeyId())).isTrue();
        AdminAccessKeys.Created live = server.keyless().adminKeys().create(ACCOUNT, "2026-01-01T00:00:00Z");
        ResourceSnapshot before = server.keyless().resources().load();

        Path caller = home.resolve("caller");
        assertThat(create(caller, plainEnv(caller), "unsigned", "intruder"))
                .isEqualTo("MissingAuthenticationToken 403 Request is missing Authentication Token");
        assertThat(create(caller, plainEnv(caller), "keys", "intruder", live.key().accessKeyId(),
                "wrong" + live.secret().value().substring(5))).startsWith("SignatureDoesNotMatch 403 ");
        assertThat(create(caller, plainEnv(caller), "keys", "intruder", "AKIAAAAAAAAAAAAAAAAA", live.secret().value()))
                .isEqualTo("InvalidClientTokenId 403 The security token included in the request is invalid.");
        assertThat(create(caller, plainEnv(caller), "keys", "intruder", deleted.key().accessKeyId(),
                deleted.secret().value()))
                .isEqualTo("InvalidClientTokenId 403 The security token included in the request is invalid.");
        Path job = home.resolve("job");
        assertThat(create(job, sessionEnv(job, "reader"), "session", "intruder")).isEqualTo("AccessDenied 403 User: arn:aws:sts::"
                + ACCOUNT + ":assumed-role/reader/gitlab-job is not authorized to perform: iam:CreateRole on resource: "
                + "arn:aws:iam::" + ACCOUNT + ":role/intruder because no identity-based policy allows the iam:CreateRole action");

        ResourceSnapshot after = server.keyless().resources().load();
        assertThat(after.revision()).isEqualTo(before.revision());
        assertThat(after.resources()).isEqualTo(before.resources());
        List<AuditEvent> denied = server.keyless().auditStore().query(AuditQuery.all().withKind(AuditKind.IAM_CHANGE)
                .withDeniedOnly(true));
        assertThat(denied).filteredOn(e -> e.message().startsWith("CreateRole")
                && (e.role() == null || e.role().endsWith(":role/intruder"))).extracting(AuditEvent::reason)
                .containsExactlyInAnyOrder("MissingAuthenticationToken", "SignatureDoesNotMatch", "InvalidClientTokenId",
                        "InvalidClientTokenId", "AccessDenied");
    }

    @Test
    void sessionWhenRolePolicyAllowsIamThenCreatesAndExplicitDenyWins(@TempDir Path home) throws Exception {
        Map<String, String> admin = IamE2e.adminEnv(home.resolve("admin"), server);
        IamE2e.succeeded(python(home.resolve("admin"), PROVIDER, admin, server.url(), GITLAB_AUD));
        roleWithPolicy(home.resolve("admin"), admin, "terraform",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:*\",\"Resource\":\"*\"},"
                        + "{\"Effect\":\"Deny\",\"Action\":\"iam:CreateRole\",\"Resource\":\"arn:aws:iam::*:role/protected-*\"}]}");

        Path job = home.resolve("job");
        assertThat(create(job, sessionEnv(job, "terraform"), "session", "made-by-ci")).isEqualTo("OK");
        assertThat(server.keyless().resources().find(IamKinds.roleKey(ACCOUNT, "made-by-ci"))).isPresent();
        Path job2 = home.resolve("job2");
        assertThat(create(job2, sessionEnv(job2, "terraform"), "session", "protected-x")).isEqualTo("AccessDenied 403 User: "
                + "arn:aws:sts::" + ACCOUNT + ":assumed-role/terraform/gitlab-job is not authorized to perform: "
                + "iam:CreateRole on resource: arn:aws:iam::" + ACCOUNT + ":role/protected-x with an explicit deny in an"
                + " identity-based policy");
        assertThat(server.keyless().resources().find(IamKinds.roleKey(ACCOUNT, "protected-x"))).isEmpty();
        List<AuditEvent> allowed = server.keyless().auditStore().query(AuditQuery.all().withKind(AuditKind.IAM_CHANGE));
        assertThat(allowed).anySatisfy(e -> {
            assertThat(e.decision()).isEqualTo(AuditDecision.ALLOW);
            assertThat(e.subject()).isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/terraform/gitlab-job");
            assertThat(e.role()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/made-by-ci");
            assertThat(e.explanation()).contains("\"after\":\"");
        });
    }

    @Test
    void bodyNotAFormOrUnknownActionThenXmlErrorEnvelope() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("Action=CreateUser&Version=2010-05-08")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).contains("<Code>InvalidAction</Code>")
                    .contains("<Message>Could not find operation CreateUser for version 2010-05-08</Message>");
            HttpResponse<String> notForm = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAAAAAAAAAAAAAAAAA/20260101/us-east-1/iam/aws4_request")
                    .POST(HttpRequest.BodyPublishers.ofString("%zz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(notForm.body()).startsWith("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">")
                    .contains("<Code>MalformedQueryString</Code>");
            assertThat(notForm.headers().firstValue("x-amzn-RequestId")).isPresent();
        }
    }
}
