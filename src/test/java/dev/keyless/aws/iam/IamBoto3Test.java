package dev.keyless.aws.iam;

import static dev.keyless.aws.iam.IamE2e.GITLAB_AUD;
import static dev.keyless.aws.iam.IamE2e.PROJECT;
import static dev.keyless.aws.iam.IamE2e.THUMBPRINT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * boto3 against the IAM API: the articles' setup and the token-file flow (as the CLI test, through
 * botocore's web-identity provider), then the validation table — each constraint IAM enforces on
 * the server (botocore checks only minima) violated once, answered with the model's code and a
 * message naming the member — and the read-only file-declared role.
 */
class IamBoto3Test {
    @TempDir
    static Path dir;
    static KeylessTestServer server;
    static Path python;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Creates the provider and role, reads the role back; prints one JSON object. */
    private static final String SETUP = """
            import boto3, json, sys
            url, aud, thumb, role, trust = sys.argv[1:6]
            iam = boto3.client('iam')
            arn = iam.create_open_id_connect_provider(Url=url, ClientIDList=[aud], ThumbprintList=[thumb])['OpenIDConnectProviderArn']
            iam.create_role(RoleName=role, AssumeRolePolicyDocument=open(trust).read(), MaxSessionDuration=7200,
                            Tags=[{'Key': 'team', 'Value': 'platform'}])
            got = iam.get_role(RoleName=role)['Role']
            provider = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
            print(json.dumps({'arn': arn, 'policy': got['AssumeRolePolicyDocument'], 'max': got['MaxSessionDuration'],
                              'created': type(got['CreateDate']).__name__, 'tags': got['Tags'],
                              'providerUrl': provider['Url'], 'clientIds': provider['ClientIDList'],
                              'roles': [r['RoleName'] for p in iam.get_paginator('list_roles').paginate() for r in p['Roles']]}))
            """;

    private static final String UPDATE = """
            import boto3, sys
            boto3.client('iam').update_assume_role_policy(RoleName=sys.argv[1], PolicyDocument=open(sys.argv[2]).read())
            """;

    /** The job's side: botocore's web-identity provider from the token-file variables. */
    private static final String WHOAMI = """
            import boto3, botocore.exceptions
            try:
                print(boto3.client('sts').get_caller_identity()['Arn'])
            except botocore.exceptions.ClientError as e:
                print('ERROR ' + e.response['Error']['Code'])
            """;

    /**
     * name, operation, parameters, expected code, text the message must contain. Runs in order;
     * the first rows prepare what later rows collide with.
     */
    private static final String TABLE = """
            import boto3, botocore.exceptions, json, sys
            provider, deployer_key, deployer_secret = sys.argv[1:4]
            iam = boto3.client('iam')
            F = provider.split('oidc-provider/')[1]
            def trust(**extra):
                s = {'Effect': 'Allow', 'Principal': {'Federated': provider}, 'Action': 'sts:AssumeRoleWithWebIdentity'}
                s.update(extra)
                return json.dumps({'Version': '2012-10-17', 'Statement': [s]})
            GOOD = trust()
            PERM = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': '*'}]})
            iam.create_role(RoleName='CaseRole', AssumeRolePolicyDocument=GOOD)
            iam.put_role_policy(RoleName='CaseRole', PolicyName='inline', PolicyDocument=PERM)
            rows = [
              ('role name pattern', 'create_role', dict(RoleName='bad name!', AssumeRolePolicyDocument=GOOD), 'ValidationError', "'roleName'"),
              ('role name length', 'create_role', dict(RoleName='r' * 65, AssumeRolePolicyDocument=GOOD), 'ValidationError', "'roleName'"),
              ('role name unique regardless of case', 'create_role', dict(RoleName='caserole', AssumeRolePolicyDocument=GOOD), 'EntityAlreadyExists', 'CaseRole'),
              ('path pattern', 'create_role', dict(RoleName='p1', Path='ci', AssumeRolePolicyDocument=GOOD), 'ValidationError', "'path'"),
              ('max session above 12 h', 'create_role', dict(RoleName='m1', MaxSessionDuration=50000, AssumeRolePolicyDocument=GOOD), 'ValidationError', "'maxSessionDuration'"),
              ('description length', 'create_role', dict(RoleName='d1', Description='x' * 1001, AssumeRolePolicyDocument=GOOD), 'ValidationError', "'description'"),
              ('policy not JSON', 'create_role', dict(RoleName='j1', AssumeRolePolicyDocument='{not json'), 'MalformedPolicyDocument', 'Syntax errors'),
              ('policy duplicate key', 'create_role', dict(RoleName='j2', AssumeRolePolicyDocument='{"Version":"2012-10-17","Version":"2012-10-17","Statement":[]}'), 'MalformedPolicyDocument', "duplicate key 'Version'"),
              ('trust policy without principal', 'create_role', dict(RoleName='j3', AssumeRolePolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'sts:AssumeRoleWithWebIdentity'}]})), 'MalformedPolicyDocument', 'Principal'),
              ('trust policy unknown provider', 'create_role', dict(RoleName='j4', AssumeRolePolicyDocument=GOOD.replace(F, 'nowhere.example.com')), 'MalformedPolicyDocument', 'Invalid principal in policy'),
              ('trust policy unknown operator', 'create_role', dict(RoleName='j5', AssumeRolePolicyDocument=trust(Condition={'StringEqualz': {F + ':aud': 'x'}})), 'MalformedPolicyDocument', 'StringEqualz'),
              ('trust policy too large', 'create_role', dict(RoleName='j6', AssumeRolePolicyDocument=trust(Sid='s' * 9000)), 'LimitExceeded', 'ACLSizePerRole'),
              ('tag key pattern', 'create_role', dict(RoleName='t1', AssumeRolePolicyDocument=GOOD, Tags=[{'Key': 'bad#key', 'Value': 'v'}]), 'ValidationError', "'tags.member.1.Key'"),
              ('more than 50 tags', 'create_role', dict(RoleName='t2', AssumeRolePolicyDocument=GOOD, Tags=[{'Key': 'k%d' % i, 'Value': 'v'} for i in range(51)]), 'LimitExceeded', 'maximum limit of 50'),
              ('thumbprint length', 'create_open_id_connect_provider', dict(Url='https://a.example.com', ClientIDList=['a'], ThumbprintList=['a' * 41]), 'ValidationError', "'thumbprintList.member.1'"),
              ('thumbprint not hex', 'create_open_id_connect_provider', dict(Url='https://a.example.com', ClientIDList=['a'], ThumbprintList=['z' * 40]), 'InvalidInput', 'ThumbprintList.member.1'),
              ('more than 5 thumbprints', 'create_open_id_connect_provider', dict(Url='https://a.example.com', ThumbprintList=['%040d' % i for i in range(6)]), 'InvalidInput', 'ThumbprintList'),
              ('url not https', 'create_open_id_connect_provider', dict(Url='http://a.example.com', ClientIDList=['a']), 'InvalidInput', 'https://'),
              ('url with a query', 'create_open_id_connect_provider', dict(Url='https://a.example.com/?x=1', ClientIDList=['a']), 'InvalidInput', 'query'),
              ('url length', 'create_open_id_connect_provider', dict(Url='https://' + 'a' * 250 + '.com'), 'ValidationError', "'url'"),
              ('client id length', 'create_open_id_connect_provider', dict(Url='https://b.example.com', ClientIDList=['c' * 256]), 'ValidationError', "'clientIDList.member.1'"),
              ('provider twice', 'create_open_id_connect_provider', dict(Url='https://' + F, ClientIDList=['a']), 'EntityAlreadyExists', F),
              ('update role above 12 h', 'update_role', dict(RoleName='CaseRole', MaxSessionDuration=43201), 'ValidationError', "'maxSessionDuration'"),
              ('update role unknown', 'update_role', dict(RoleName='nobody', MaxSessionDuration=3600), 'NoSuchEntity', 'nobody'),
              ('permission policy with principal', 'put_role_policy', dict(RoleName='CaseRole', PolicyName='p', PolicyDocument=GOOD), 'MalformedPolicyDocument', 'principal'),
              ('policy name pattern', 'put_role_policy', dict(RoleName='CaseRole', PolicyName='bad name', PolicyDocument=PERM), 'ValidationError', "'policyName'"),
              ('get unknown role', 'get_role', dict(RoleName='nobody'), 'NoSuchEntity', 'nobody'),
              ('get unknown inline policy', 'get_role_policy', dict(RoleName='CaseRole', PolicyName='nope'), 'NoSuchEntity', 'nope'),
              ('delete role with inline policy', 'delete_role', dict(RoleName='CaseRole'), 'DeleteConflict', 'inline'),
              ('attach a non-policy ARN', 'attach_role_policy', dict(RoleName='CaseRole', PolicyArn='arn:aws:iam::aws:role/NotAPolicy'), 'InvalidInput', 'PolicyArn'),
              ('get unknown provider', 'get_open_id_connect_provider', dict(OpenIDConnectProviderArn=provider + 'x'), 'NoSuchEntity', provider + 'x'),
            ]
            for name, op, params, code, text in rows:
                try:
                    getattr(iam, op)(**params)
                    print(json.dumps({'name': name, 'expected': code, 'text': text, 'code': 'OK', 'status': 200, 'message': ''}))
                except botocore.exceptions.ClientError as e:
                    err = e.response['Error']
                    print(json.dumps({'name': name, 'expected': code, 'text': text, 'code': err['Code'],
                                      'status': e.response['ResponseMetadata']['HTTPStatusCode'], 'message': err['Message']}))
            # The file-declared role, with a key of the file's account.
            declared = boto3.client('iam', aws_access_key_id=deployer_key, aws_secret_access_key=deployer_secret)
            for op, params in [('update_assume_role_policy', dict(RoleName='gitlab-deployer', PolicyDocument=PERM)),
                               ('delete_role', dict(RoleName='gitlab-deployer')),
                               ('put_role_policy', dict(RoleName='gitlab-deployer', PolicyName='p', PolicyDocument=PERM))]:
                try:
                    getattr(declared, op)(**params)
                    print(json.dumps({'name': 'declared ' + op, 'code': 'OK'}))
                except botocore.exceptions.ClientError as e:
                    print(json.dumps({'name': 'declared ' + op, 'expected': 'UnmodifiableEntity',
                                      'text': 'keyless.yaml at aws.accounts.111122223333.roles.gitlab-deployer',
                                      'code': e.response['Error']['Code'], 'status': e.response['ResponseMetadata']['HTTPStatusCode'],
                                      'message': e.response['Error']['Message']}))
            print(json.dumps({'name': 'declared role readable', 'expected': 'OK', 'text': '', 'status': 200, 'message': '',
                              'code': 'OK' if declared.get_role(RoleName='gitlab-deployer')['Role']['AssumeRolePolicyDocument']['Version'] == '2012-10-17' else 'unreadable'}))
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

    private static String whoami(Path home, String roleArn, String ref) {
        return python(home, WHOAMI, IamE2e.webIdentityEnv(home, server, roleArn, server.mint(GITLAB_AUD, PROJECT, ref)))
                .stdout().strip();
    }

    @Test
    void articlesSetupWhenCreatedWithBoto3ThenPolicyIsADictAndTrustDecidesEachRequest(@TempDir Path home)
            throws Exception {
        Map<String, String> admin = IamE2e.adminEnv(home.resolve("admin"), server);
        String role = "gitlab-boto3";
        Path trust = IamE2e.write(home.resolve("trust.json"), IamE2e.trustPolicy(server, "StringEquals", IamE2e.sub("main")));
        JsonNode setup = JSON.readTree(IamE2e.succeeded(python(home.resolve("admin"), SETUP, admin, server.url(), GITLAB_AUD,
                THUMBPRINT, role, trust.toString())).stdout());
        assertThat(setup.path("arn").asText()).isEqualTo(IamE2e.providerArn(server));
        assertThat(setup.path("policy")).isEqualTo(JSON.readTree(trust.toFile()));
        assertThat(setup.path("max").asInt()).isEqualTo(7200);
        assertThat(setup.path("created").asText()).isEqualTo("datetime");
        assertThat(setup.path("tags").toString()).isEqualTo("[{\"Key\":\"team\",\"Value\":\"platform\"}]");
        // With a port, the URL keeps its scheme (Terraform round-trips that form).
        assertThat(setup.path("providerUrl").asText()).isEqualTo(server.url());
        assertThat(setup.path("clientIds").toString()).isEqualTo("[\"" + GITLAB_AUD + "\"]");
        assertThat(setup.path("roles").toString()).contains("\"" + role + "\"");

        String roleArn = IamE2e.roleArn(role);
        assertThat(whoami(home.resolve("main"), roleArn, "main")).isEqualTo("arn:aws:sts::" + IamE2e.ACCOUNT
                + ":assumed-role/" + role + "/gitlab-job");
        assertThat(whoami(home.resolve("feature"), roleArn, "feature/login")).isEqualTo("ERROR AccessDenied");

        Path wildcard = IamE2e.write(home.resolve("wildcard.json"),
                IamE2e.trustPolicy(server, "StringLike", "project_path:" + PROJECT + ":ref_type:branch:ref:*"));
        IamE2e.succeeded(python(home.resolve("admin"), UPDATE, admin, role, wildcard.toString()));
        assertThat(whoami(home.resolve("feature2"), roleArn, "feature/login")).endsWith("/" + role + "/gitlab-job");
    }

    @Test
    void validationTableWhenEachConstraintViolatedOnceThenModelCodeAndMessageNamingTheField(@TempDir Path home)
            throws Exception {
        Map<String, String> admin = IamE2e.adminEnv(home, server);
        // The provider the table's trust policies name (any account-local https provider will do).
        IamE2e.succeeded(python(home, """
                import boto3
                boto3.client('iam').create_open_id_connect_provider(Url='https://gitlab.example.com', ClientIDList=['sts.amazonaws.com'])
                """, admin));
        AdminAccessKeys.Created declaredAccountKey = server.keyless().adminKeys().create("111122223333",
                "2026-01-01T00:00:00Z");
        long revision = server.keyless().resources().revision();
        Processes.Result table = IamE2e.succeeded(python(home, TABLE, admin,
                "arn:aws:iam::" + IamE2e.ACCOUNT + ":oidc-provider/gitlab.example.com",
                declaredAccountKey.key().accessKeyId(), declaredAccountKey.secret().value()));
        List<JsonNode> rows = new ArrayList<>();
        for (String line : table.stdout().strip().split("\n")) {
            rows.add(JSON.readTree(line));
        }
        assertThat(rows).hasSize(35);
        for (JsonNode row : rows) {
            assertThat(row.path("code").asText()).as(row.toString()).isEqualTo(row.path("expected").asText());
            assertThat(row.path("message").asText()).as(row.toString()).contains(row.path("text").asText());
            int expectedStatus = switch (row.path("expected").asText()) {
                case "OK" -> 200;
                case "NoSuchEntity" -> 404;
                case "EntityAlreadyExists", "LimitExceeded", "DeleteConflict" -> 409;
                default -> 400;
            };
            assertThat(row.path("status").asInt()).as(row.toString()).isEqualTo(expectedStatus);
        }
        // The setup rows (CaseRole and its inline policy) are the only writes the table made.
        assertThat(server.keyless().resources().revision()).isEqualTo(revision + 2);
    }
}
