package dev.keyless.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per class of config error; each asserts file, line, column and key path. */
class ConfigLoaderErrorsTest {

    private static ConfigException failing(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "keyless.yaml"));
    }

    private static ConfigProblem only(ConfigException e) {
        assertThat(e).as("expected a ConfigException").isNotNull();
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0);
    }

    @Test
    void parseWhenUnknownKeyThenNamesLineKeyAndSuggestsClosest() {
        ConfigException e = failing("""
                aws:
                  accounts:
                    "111122223333":
                      roles:
                        gitlab-deployer:
                          maxSesionDuration: 3600
                          assumeRolePolicy: {Version: "2012-10-17", Statement: {Effect: Deny, Principal: "*", Action: "sts:AssumeRoleWithWebIdentity"}}
                """);
        ConfigProblem p = only(e);
        assertThat(p.file()).isEqualTo("keyless.yaml");
        assertThat(p.line()).isEqualTo(6);
        assertThat(p.column()).isEqualTo(11);
        assertThat(p.path()).isEqualTo("aws.accounts.\"111122223333\".roles.gitlab-deployer.maxSesionDuration");
        assertThat(p.message()).isEqualTo("unknown key \"maxSesionDuration\"");
        assertThat(p.hint()).startsWith("did you mean \"maxSessionDuration\"? allowed keys here: path, maxSessionDuration");
        assertThat(e.getMessage()).startsWith(
                "keyless.yaml:6:11: aws.accounts.\"111122223333\".roles.gitlab-deployer.maxSesionDuration: unknown key");
    }

    @Test
    void parseWhenUnknownTopLevelKeyThenSuggestsSection() {
        ConfigProblem p = only(failing("""
                server:
                  listen: 127.0.0.1:8080
                isuer:
                  defaultTtl: 5m
                """));
        assertThat(p.line()).isEqualTo(3);
        assertThat(p.column()).isEqualTo(1);
        assertThat(p.path()).isEqualTo("isuer");
        assertThat(p.hint()).startsWith("did you mean \"issuer\"?");
    }

    @Test
    void parseWhenWrongTypeThenNamesExpectedTypeAndValue() {
        ConfigException e = failing("""
                aws:
                  accounts:
                    "111122223333":
                      roles:
                        x:
                          maxSessionDuration: "1h"
                          assumeRolePolicy: {Statement: {Effect: Deny, Principal: "*", Action: "sts:AssumeRoleWithWebIdentity"}}
                """);
        ConfigProblem p = only(e);
        assertThat(p.line()).isEqualTo(6);
        assertThat(p.column()).isEqualTo(31);
        assertThat(p.path()).isEqualTo("aws.accounts.\"111122223333\".roles.x.maxSessionDuration");
        assertThat(p.message()).isEqualTo("expected an integer, got the string \"1h\"");
        assertThat(p.hint()).isEqualTo("write a whole number without quotes");
        assertThat(e.getMessage()).isEqualTo("keyless.yaml:6:31: aws.accounts.\"111122223333\".roles.x"
                + ".maxSessionDuration: expected an integer, got the string \"1h\". Hint: " + p.hint());
    }

    @Test
    void parseWhenStringFieldGetsBooleanThenWrongType() {
        ConfigProblem p = only(failing("""
                logging:
                  format: true
                """));
        assertThat(p.line()).isEqualTo(2);
        assertThat(p.path()).isEqualTo("logging.format");
        assertThat(p.message()).isEqualTo("expected a string, got the boolean true");
    }

    @Test
    void parseWhenSectionIsNotAMappingThenWrongType() {
        ConfigProblem p = only(failing("""
                audit: yes please
                """));
        assertThat(p.line()).isEqualTo(1);
        assertThat(p.column()).isEqualTo(8);
        assertThat(p.path()).isEqualTo("audit");
        assertThat(p.message()).startsWith("expected a mapping with keys enabled, retention, got the string");
    }

    @Test
    void parseWhenBadDurationThenShowsSyntax() {
        ConfigProblem p = only(failing("""
                issuer:
                  url: http://127.0.0.1:8080
                  defaultTtl: 5 minutes
                """));
        assertThat(p.line()).isEqualTo(3);
        assertThat(p.column()).isEqualTo(15);
        assertThat(p.path()).isEqualTo("issuer.defaultTtl");
        assertThat(p.message()).isEqualTo("expected a duration, got the string \"5 minutes\"");
        assertThat(p.hint()).isEqualTo(Durations.SYNTAX);
    }

    @Test
    void parseWhenDurationIsBareNumberThenAsksForUnit() {
        ConfigProblem p = only(failing("""
                verification:
                  leeway: 60
                """));
        assertThat(p.line()).isEqualTo(2);
        assertThat(p.path()).isEqualTo("verification.leeway");
        assertThat(p.hint()).isEqualTo("a bare number has no unit; write 60s for seconds or 60m for minutes");
    }

    @Test
    void parseWhenDurationOutOfRangeThenNamesRange() {
        ConfigProblem p = only(failing("""
                gcp:
                  projects:
                    my-project:
                      number: "123456789012"
                      workloadIdentityPools:
                        gitlab-pool:
                          sessionDuration: PT1M
                """));
        assertThat(p.line()).isEqualTo(7);
        assertThat(p.path()).isEqualTo("gcp.projects.my-project.workloadIdentityPools.gitlab-pool.sessionDuration");
        assertThat(p.message()).isEqualTo("duration 1m is outside the allowed range 2m..12h");
    }

    @Test
    void parseWhenFederatedPrincipalNamesUnconfiguredProviderThenDanglingReference() {
        ConfigException e = failing("""
                aws:
                  accounts:
                    "111122223333":
                      openIdConnectProviders:
                        - url: http://127.0.0.1:8080
                          clientIds: [sts.amazonaws.com]
                      roles:
                        gitlab-deployer:
                          assumeRolePolicy:
                            Statement:
                              - Effect: Allow
                                Principal:
                                  Federated: arn:aws:iam::111122223333:oidc-provider/gitlab.com
                                Action: sts:AssumeRoleWithWebIdentity
                """);
        ConfigProblem p = only(e);
        assertThat(p.line()).isEqualTo(13);
        assertThat(p.column()).isEqualTo(30);
        assertThat(p.path()).isEqualTo("aws.accounts.\"111122223333\".roles.gitlab-deployer.assumeRolePolicy"
                + ".Statement[0].Principal.Federated");
        assertThat(p.message()).isEqualTo("Federated principal \"arn:aws:iam::111122223333:oidc-provider/gitlab.com\""
                + " is not an OIDC provider of this account");
        assertThat(p.hint()).contains("arn:aws:iam::111122223333:oidc-provider/127.0.0.1:8080");
    }

    @Test
    void parseWhenFederatedPrincipalInJsonStringPolicyIsDanglingThenReportsAtThePolicy() {
        ConfigProblem p = only(failing("""
                aws:
                  accounts:
                    "111122223333":
                      roles:
                        r1:
                          assumeRolePolicy: '{"Statement":{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::999999999999:oidc-provider/x"},"Action":"sts:AssumeRoleWithWebIdentity"}}'
                """));
        assertThat(p.line()).isEqualTo(6);
        assertThat(p.path()).endsWith("r1.assumeRolePolicy.Statement.Principal.Federated");
        assertThat(p.hint()).startsWith("add an openIdConnectProviders entry to account 111122223333");
    }

    @Test
    void parseWhenTrustPolicyJsonHasDuplicateKeyThenConfigErrorNamingTheKey() {
        // Jackson's default would read this Statement as Allow (the last "Effect"); it must not load at all.
        ConfigException e = failing("""
                aws:
                  accounts:
                    "111122223333":
                      roles:
                        r1:
                          assumeRolePolicy: '{"Statement":{"Effect":"Deny","Effect":"Allow","Action":"sts:AssumeRoleWithWebIdentity"}}'
                """);
        ConfigProblem p = only(e);
        assertThat(p.line()).isEqualTo(6);
        assertThat(p.path()).isEqualTo("aws.accounts.\"111122223333\".roles.r1.assumeRolePolicy");
        assertThat(p.message()).startsWith("the trust policy is not valid JSON: duplicate key 'Effect'");
        assertThat(e.getMessage()).startsWith("keyless.yaml:6:");
    }

    @Test
    void parseWhenTrustPolicyJsonHasTrailingContentThenConfigError() {
        ConfigProblem p = only(failing("""
                aws:
                  accounts:
                    "111122223333":
                      roles:
                        r1:
                          assumeRolePolicy: '{"Statement":{"Effect":"Deny","Action":"sts:AssumeRoleWithWebIdentity"}} {"Statement":{}}'
                """));
        assertThat(p.line()).isEqualTo(6);
        assertThat(p.message()).startsWith("the trust policy is not valid JSON: content after the JSON value");
    }

    @Test
    void parseWhenTrustPolicyIsNotIamGrammarThenConfigErrorAtThePolicyWithTheOtherProblems() {
        ConfigException e = failing("""
                aws:
                  accounts:
                    "111122223333":
                      roles:
                        r1:
                          maxSessionDuration: "1h"
                          assumeRolePolicy: {Statement: {Effect: Maybe, Principal: "*", Action: "sts:AssumeRoleWithWebIdentity"}}
                """);
        assertThat(e.problems()).hasSize(2); // reported together with the other problem, not at the first request
        ConfigProblem p = e.problems().get(1);
        assertThat(p.line()).isEqualTo(7);
        assertThat(p.path()).isEqualTo("aws.accounts.\"111122223333\".roles.r1.assumeRolePolicy");
        assertThat(p.message()).startsWith("the trust policy is malformed: ").contains("Effect");
    }

    @Test
    void parseWhenAttributeConditionDoesNotCompileThenConfigErrorAtTheCondition() {
        ConfigException e = failing("""
                gcp:
                  projects:
                    my-project:
                      number: "123456789012"
                      workloadIdentityPools:
                        gitlab-pool:
                          providers:
                            gitlab:
                              issuerUri: http://127.0.0.1:8080
                              attributeMapping: {google.subject: assertion.sub, attribute.ref: "assertion.ref +"}
                              attributeCondition: assertion.namespace_path ==
                """);
        assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly(
                "gcp.projects.my-project.workloadIdentityPools.gitlab-pool.providers.gitlab.attributeMapping.\"attribute.ref\"",
                "gcp.projects.my-project.workloadIdentityPools.gitlab-pool.providers.gitlab.attributeCondition");
        assertThat(e.problems()).extracting(ConfigProblem::line).containsExactly(10, 11);
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.message()).startsWith("CEL: "));
    }

    @Test
    void parseWhenTrustPolicyMappingHasDuplicateKeyThenConfigErrorAtTheSecondKey() {
        ConfigProblem p = only(failing("""
                aws:
                  accounts:
                    "111122223333":
                      roles:
                        r1:
                          assumeRolePolicy:
                            Statement:
                              Effect: Deny
                              Effect: Allow
                              Action: sts:AssumeRoleWithWebIdentity
                """));
        assertThat(p.line()).isEqualTo(9);
        assertThat(p.path()).endsWith("r1.assumeRolePolicy.Statement.Effect");
        assertThat(p.message()).isEqualTo("duplicate key \"Effect\" (first written on line 8)");
    }

    @Test
    void parseWhenProjectIamBindingsNameUnknownRoleOrBadMemberThenNamesTheField() {
        ConfigException e = failing("""
                gcp:
                  projects:
                    my-project:
                      number: "123456789012"
                      iamBindings:
                        roles/iam.workloadIdentityPoolAdmn:
                          - serviceAccount:terraform@my-project.iam.gserviceaccount.com
                        roles/iam.serviceAccountAdmin:
                          - user:alice@example.com
                """);
        assertThat(e).isNotNull();
        assertThat(e.problems()).hasSize(2);
        ConfigProblem role = e.problems().get(0);
        assertThat(role.line()).isEqualTo(6);
        assertThat(role.path()).isEqualTo("gcp.projects.my-project.iamBindings.\"roles/iam.workloadIdentityPoolAdmn\"");
        assertThat(role.message()).isEqualTo("role \"roles/iam.workloadIdentityPoolAdmn\" cannot be granted on a project here");
        assertThat(role.hint()).startsWith("did you mean \"roles/iam.workloadIdentityPoolAdmin\"? allowed roles: roles/owner");
        ConfigProblem member = e.problems().get(1);
        assertThat(member.line()).isEqualTo(9);
        assertThat(member.path()).isEqualTo("gcp.projects.my-project.iamBindings.\"roles/iam.serviceAccountAdmin\"[0]");
        assertThat(member.message()).isEqualTo("\"user:alice@example.com\" cannot hold a project role here");
        System.out.println("iamBindings problems: " + e.getMessage());
    }

    @Test
    void parseWhenProjectIamBindingsAreValidThenTheyGrantTheDocumentedPermissions() throws ConfigException {
        KeylessConfig config = ConfigLoader.parse("""
                gcp:
                  projects:
                    my-project:
                      number: "123456789012"
                      iamBindings:
                        roles/iam.workloadIdentityPoolAdmin:
                          - serviceAccount:terraform@my-project.iam.gserviceaccount.com
                """, "keyless.yaml");
        GcpProject project = config.gcp().projects().get("my-project");
        String sa = "serviceAccount:terraform@my-project.iam.gserviceaccount.com";
        assertThat(grants(project, sa, "iam.workloadIdentityPools.create")).isTrue();
        assertThat(grants(project, sa, "iam.serviceAccounts.create")).isFalse();
        assertThat(grants(project, "serviceAccount:other@my-project.iam.gserviceaccount.com",
                "iam.workloadIdentityPools.create")).isFalse();
    }

    /** The server's check: the service-account policy's member matcher over the roles granting the permission. */
    private static boolean grants(GcpProject project, String member, String permission) {
        return dev.keyless.gcp.iam.BindingEvaluator.firstMatch(project.iamBindings(), project.rolesGranting(permission),
                List.of(member)).isPresent();
    }

    private static final String POOL_PROJECT = """
            gcp:
              projects:
                my-project:
                  number: "123456789012"
                  workloadIdentityPools:
                    gitlab-pool:
                      providers:
                        gitlab:
                          issuerUri: http://127.0.0.1:8080
                          attributeMapping: {google.subject: assertion.sub, google.groups: assertion.groups, attribute.repository: assertion.project_path}
                  iamBindings:
                    roles/iam.workloadIdentityPoolAdmin:
            """;
    private static final String POOL_BASE =
            "iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/";

    @Test
    void parseWhenProjectIamBindingsNamePrincipalSetsThenEachFormHoldsTheRole() throws ConfigException {
        KeylessConfig config = ConfigLoader.parse(POOL_PROJECT
                + "          - principalSet://" + POOL_BASE + "gitlab-pool/attribute.repository/mygroup/myrepo\n"
                + "          - principalSet://" + POOL_BASE + "gitlab-pool/group/admins\n"
                + "          - principal://" + POOL_BASE + "gitlab-pool/subject/alice\n"
                + "        roles/iam.workloadIdentityPoolViewer:\n"
                + "          - principalSet://" + POOL_BASE + "gitlab-pool/*\n", "keyless.yaml");
        GcpProject project = config.gcp().projects().get("my-project");
        assertThat(project.iamBindings().get("roles/iam.workloadIdentityPoolAdmin")).hasSize(3);
        assertThat(project.iamBindings().get("roles/iam.workloadIdentityPoolViewer")).hasSize(1);
        String set = "principalSet://" + POOL_BASE + "gitlab-pool/attribute.repository/mygroup/myrepo";
        assertThat(grants(project, set, "iam.workloadIdentityPools.create")).isTrue();
        assertThat(grants(project, set, "iam.serviceAccounts.create")).isFalse();
        assertThat(grants(project, "principalSet://" + POOL_BASE + "gitlab-pool/*", "iam.workloadIdentityPools.list"))
                .isTrue();
        assertThat(grants(project, "principalSet://" + POOL_BASE + "gitlab-pool/*", "iam.workloadIdentityPools.create"))
                .isFalse();
    }

    @Test
    void parseWhenProjectIamBindingPrincipalSetNamesMissingPoolOrUnmappedAttributeThenFileLine() {
        ConfigException e = failing(POOL_PROJECT
                + "          - principalSet://" + POOL_BASE + "gitlab-pol/attribute.repository/mygroup/myrepo\n"
                + "          - principalSet://" + POOL_BASE + "gitlab-pool/attribute.ref/main\n"
                + "          - principalSet://" + POOL_BASE + "gitlab-pool/attribute/x\n");
        assertThat(e).isNotNull();
        assertThat(e.problems()).extracting(ConfigProblem::line, ConfigProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(13, "pool \"gitlab-pol\" does not exist in this project"),
                org.assertj.core.groups.Tuple.tuple(14, "no provider of pool \"gitlab-pool\" maps attribute.ref"),
                org.assertj.core.groups.Tuple.tuple(15, "\"principalSet://" + POOL_BASE
                        + "gitlab-pool/attribute/x\" cannot hold a project role here"));
        assertThat(e.problems().get(0).path())
                .isEqualTo("gcp.projects.my-project.iamBindings.\"roles/iam.workloadIdentityPoolAdmin\"[0]");
        assertThat(e.getMessage()).contains("keyless.yaml:13:").contains("keyless.yaml:14:").contains("keyless.yaml:15:");
        System.out.println("principalSet iamBindings problems: " + e.getMessage());
    }

    @Test
    void parseWhenBindingNamesMissingPoolThenDanglingReferenceWithSuggestion() {
        ConfigProblem p = only(failing("""
                gcp:
                  projects:
                    my-project:
                      number: "123456789012"
                      workloadIdentityPools:
                        gitlab-pool:
                          providers:
                            gitlab:
                              issuerUri: http://127.0.0.1:8080
                              attributeMapping: {google.subject: assertion.sub}
                      serviceAccounts:
                        deployer:
                          bindings:
                            roles/iam.workloadIdentityUser:
                              - principalSet://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/gitlab-pol/*
                """));
        assertThat(p.line()).isEqualTo(15);
        assertThat(p.column()).isEqualTo(17);
        assertThat(p.path()).isEqualTo(
                "gcp.projects.my-project.serviceAccounts.deployer.bindings.\"roles/iam.workloadIdentityUser\"[0]");
        assertThat(p.message()).isEqualTo("pool \"gitlab-pol\" does not exist in this project");
        assertThat(p.hint()).isEqualTo("did you mean \"gitlab-pool\"? pools here: gitlab-pool");
    }

    @Test
    void parseWhenBindingUsesUnmappedAttributeOrOtherProjectNumberThenReportsBoth() {
        ConfigException e = failing("""
                gcp:
                  projects:
                    my-project:
                      number: 123456789012
                      workloadIdentityPools:
                        gitlab-pool:
                          providers:
                            gitlab:
                              issuerUri: http://127.0.0.1:8080
                              attributeMapping: {google.subject: assertion.sub}
                      serviceAccounts:
                        deployer:
                          bindings:
                            roles/iam.workloadIdentityUser:
                              - principalSet://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/gitlab-pool/attribute.ref/main
                              - principal://iam.googleapis.com/projects/my-project/locations/global/workloadIdentityPools/gitlab-pool/subject/x
                """);
        assertThat(e.problems()).extracting(ConfigProblem::line, ConfigProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(15, "no provider of pool \"gitlab-pool\" maps attribute.ref"),
                org.assertj.core.groups.Tuple.tuple(16,
                        "the member names project my-project but this project's number is 123456789012"));
    }

    @Test
    void parseWhenIssuerClientSecretIsNotSha256ThenNamesTheClientKey() {
        ConfigProblem p = only(failing("""
                issuer:
                  clients:
                    - name: local-runner
                      secretSha256: dev-secret-change-me
                      projects: ["mygroup/*"]
                """));
        assertThat(p.line()).isEqualTo(4);
        assertThat(p.column()).isEqualTo(21);
        assertThat(p.path()).isEqualTo("issuer.clients[0].secretSha256");
        assertThat(p.message()).isEqualTo("secretSha256 must be 64 hexadecimal characters, got 20 characters");
    }

    @Test
    void parseWhenRequiredKeyMissingThenReportsAtTheParentMapping() {
        ConfigProblem p = only(failing("""
                aws:
                  accounts:
                    "111122223333":
                      roles:
                        r1:
                          maxSessionDuration: 7200
                """));
        assertThat(p.line()).isEqualTo(6);
        assertThat(p.path()).isEqualTo("aws.accounts.\"111122223333\".roles.r1");
        assertThat(p.message()).isEqualTo("missing required key \"assumeRolePolicy\"");
    }

    @Test
    void parseWhenSeveralProblemsThenReportsAllInFileOrder() {
        ConfigException e = failing("""
                server:
                  listen: localhost
                  maxBodyBytes: lots
                issuer:
                  subClaimComponents: [ref, project_pth]
                  signingAlgorithm: HS256
                audit:
                  retention: forever
                logging:
                  formt: json
                """);
        assertThat(e.problems()).extracting(ConfigProblem::line, ConfigProblem::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, "server.listen"),
                org.assertj.core.groups.Tuple.tuple(3, "server.maxBodyBytes"),
                org.assertj.core.groups.Tuple.tuple(5, "issuer.subClaimComponents"),
                org.assertj.core.groups.Tuple.tuple(5, "issuer.subClaimComponents[1]"),
                org.assertj.core.groups.Tuple.tuple(6, "issuer.signingAlgorithm"),
                org.assertj.core.groups.Tuple.tuple(8, "audit.retention"),
                org.assertj.core.groups.Tuple.tuple(10, "logging.formt"));
        assertThat(e.getMessage().lines().toList()).hasSize(7).allSatisfy(line -> assertThat(line).startsWith("keyless.yaml:"));
        assertThat(e.problems().get(3).hint()).startsWith("did you mean \"project_path\"?");
        assertThat(e.problems().get(2).message()).isEqualTo("the first sub component must be project_path or project_id");
    }

    @Test
    void parseWhenYamlIsMalformedThenReportsPosition() {
        ConfigProblem p = only(failing("""
                server:
                  listen: "127.0.0.1:8080
                issuer: {}
                """));
        assertThat(p.path()).isEqualTo("(document)");
        assertThat(p.message()).startsWith("not valid YAML");
        assertThat(p.line()).isBetween(2, 4);
    }

    @Test
    void parseWhenDuplicateKeyThenNamesBothLines() {
        ConfigProblem p = only(failing("""
                logging:
                  level: INFO
                  level: DEBUG
                """));
        assertThat(p.line()).isEqualTo(3);
        assertThat(p.message()).isEqualTo("duplicate key \"level\" (first written on line 2)");
    }

    @Test
    void parseWhenIdsBreakGcpRulesThenEachIsReported() {
        ConfigException e = failing("""
                gcp:
                  projects:
                    my-project:
                      number: "123456789012"
                      workloadIdentityPools:
                        gcp-pool:
                          providers:
                            ab:
                              issuerUri: ftp://x
                              attributeMapping: {attribute.Bad: assertion.x}
                """);
        assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly(
                "gcp.projects.my-project.workloadIdentityPools.gcp-pool",
                "gcp.projects.my-project.workloadIdentityPools.gcp-pool.providers.ab",
                "gcp.projects.my-project.workloadIdentityPools.gcp-pool.providers.ab.issuerUri",
                "gcp.projects.my-project.workloadIdentityPools.gcp-pool.providers.ab.attributeMapping",
                "gcp.projects.my-project.workloadIdentityPools.gcp-pool.providers.ab.attributeMapping.\"attribute.Bad\"");
        assertThat(e.problems()).extracting(ConfigProblem::message).contains("google.subject is not mapped");
    }

    @Test
    void parseWhenKeysAndTypesAreWrongInListsAndNamedEntriesThenEachIsReportedAtItsKey() {
        ConfigException e = failing("""
                issuer:
                  clients:
                    - name: local-runner
                      secretSha256: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                      projets: ["mygroup/*"]
                      projects: mygroup/*
                aws:
                  accounts:
                    "111122223333":
                      roles:
                        r1:
                          tags: {team: {name: x}}
                          assumeRolePolicy: {Statement: {Effect: Deny, Principal: "*", Action: "sts:AssumeRoleWithWebIdentity"}}
                      explainDenials: "yes"
                """);
        assertThat(e.problems()).extracting(ConfigProblem::line, ConfigProblem::column, ConfigProblem::path,
                ConfigProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(5, 7, "issuer.clients[0].projets", "unknown key \"projets\""),
                org.assertj.core.groups.Tuple.tuple(6, 17, "issuer.clients[0].projects",
                        "expected a list, got the string \"mygroup/*\""),
                org.assertj.core.groups.Tuple.tuple(12, 24, "aws.accounts.\"111122223333\".roles.r1.tags.team",
                        "expected a string, got a mapping"),
                org.assertj.core.groups.Tuple.tuple(14, 23, "aws.accounts.\"111122223333\".explainDenials",
                        "expected true or false, got the string \"yes\""));
        assertThat(e.problems().get(0).hint()).startsWith("did you mean \"projects\"?");
        assertThat(e.problems().get(1).hint()).isEqualTo("write a list, e.g. [\"mygroup/*\"]");
    }

    @Test
    void parseWhenStoreIsABareUrlOrAMappingThenBothBind() throws ConfigException {
        assertThat(ConfigLoader.parse("store: jdbc:postgresql://db/keyless\n", "keyless.yaml").store().jdbcUrl())
                .isEqualTo("jdbc:postgresql://db/keyless");
        ConfigProblem p = only(failing("store: {url: jdbc:postgresql://db/keyless, usrname: x}\n"));
        assertThat(p.path()).isEqualTo("store.usrname");
        assertThat(p.hint()).startsWith("did you mean \"username\"?");
    }

    @Test
    void parseWhenDocumentIsAListOrANumberIsHugeThenProblemsNotCrashes() {
        ConfigProblem list = only(failing("- server\n"));
        assertThat(list.line()).isEqualTo(1);
        assertThat(list.message()).startsWith("expected a mapping with keys server, store, issuer, aws, gcp");
        ConfigProblem huge = only(failing("server:\n  maxBodyBytes: 99999999999999999999999\n"));
        assertThat(huge.line()).isEqualTo(2);
        assertThat(huge.path()).isEqualTo("server.maxBodyBytes");
        assertThat(huge.message()).isEqualTo("expected an integer, got the number 99999999999999999999999");
        assertThat(huge.hint()).isEqualTo("the number is too large");
    }

    @Test
    void loadWhenFileMissingThenSingleProblemNamingFile() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(java.nio.file.Path.of("does-not-exist.yaml")));
        assertThat(e.problems()).extracting(ConfigProblem::file).isEqualTo(List.of("does-not-exist.yaml"));
        assertThat(e.getMessage()).contains("cannot read the config file");
    }
}
