package dev.keyless.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigLoaderDefaultsTest {

    private static final Path BASE = Path.of("/etc/keyless");

    private static KeylessConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, BASE.resolve("keyless.yaml").toString());
    }

    @Test
    void parseWhenEmptyThenEveryDefault() throws ConfigException {
        KeylessConfig c = parse("");
        assertThat(c.baseDir()).isEqualTo(BASE);
        assertThat(c.server()).isEqualTo(new ServerConfig("127.0.0.1", 8080, URI.create("http://127.0.0.1:8080"),
                65_536, java.util.Optional.empty()));
        assertThat(c.store().jdbcUrl()).isEqualTo("jdbc:sqlite:/etc/keyless/keyless-data/keyless.db");
        assertThat(c.store().isSqlite()).isTrue();
        assertThat(c.issuer().url()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(c.issuer().defaultTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.issuer().maxTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(c.issuer().rotationOverlap()).isEqualTo(Duration.ofHours(24));
        assertThat(c.issuer().subClaimComponents()).containsExactly("project_path", "ref_type", "ref");
        assertThat(c.issuer().signingAlgorithm()).isEqualTo("RS256");
        assertThat(c.issuer().clients()).isEmpty();
        assertThat(c.aws().accounts()).isEmpty();
        assertThat(c.gcp().projects()).isEmpty();
        assertThat(c.audit()).isEqualTo(new AuditConfig(true, Duration.ofDays(90)));
        assertThat(c.verification()).isEqualTo(VerificationConfig.defaults());
        assertThat(c.verification().leeway()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.verification().maxTokenAge()).isEqualTo(Duration.ofHours(24));
        assertThat(c.logging()).isEqualTo(new LoggingConfig("text", "INFO"));
    }

    @Test
    void parseWhenIssuerUrlAbsentThenDefaultsToPublicUrl() throws ConfigException {
        KeylessConfig c = parse("""
                server: {listen: 0.0.0.0:9000, publicUrl: https://keyless.example.com}
                """);
        assertThat(c.server().listenHost()).isEqualTo("0.0.0.0");
        assertThat(c.server().listenPort()).isEqualTo(9000);
        assertThat(c.issuer().url()).isEqualTo(URI.create("https://keyless.example.com"));
    }

    @Test
    void parseWhenStoreIsMappingThenResolvesFilesAndRedactsPassword() throws ConfigException {
        KeylessConfig c = parse("""
                store:
                  url: jdbc:postgresql://db/keyless
                  username: keyless
                  password: hunter2
                  masterKeyFile: secrets/master.key
                """);
        assertThat(c.store().jdbcUrl()).isEqualTo("jdbc:postgresql://db/keyless");
        assertThat(c.store().masterKeyFile()).contains(Path.of("/etc/keyless/secrets/master.key"));
        assertThat(c.store().password()).contains("hunter2");
        assertThat(c.store().toString()).doesNotContain("hunter2").contains("password=(set)");
    }

    @Test
    void parseWhenAwsRoleMinimalThenDerivesIdsArnAndPolicyJson() throws ConfigException {
        KeylessConfig c = parse("""
                aws:
                  accounts:
                    "111122223333":
                      openIdConnectProviders:
                        - url: https://gitlab.example.com/sub/
                          clientIds: [sts.amazonaws.com]
                          jwks: {file: jwks.json}
                      roles:
                        deployer:
                          path: /ci/
                          assumeRolePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/gitlab.example.com/sub/"},"Action":"sts:AssumeRoleWithWebIdentity"}]}'
                """);
        AwsAccount account = c.aws().account("111122223333").orElseThrow();
        assertThat(account.conditionKeys()).isEqualTo(ConditionKeys.AWS);
        assertThat(account.explainDenials()).isFalse();
        OidcProviderConfig provider = account.openIdConnectProviders().get(0);
        assertThat(provider.providerArn()).isEqualTo("arn:aws:iam::111122223333:oidc-provider/gitlab.example.com/sub/");
        assertThat(provider.jwks()).contains(new JwksConfig.FromFile(Path.of("/etc/keyless/jwks.json")));
        RoleConfig role = account.role("deployer").orElseThrow();
        assertThat(role.maxSessionDuration()).isEqualTo(3600);
        assertThat(role.arn()).isEqualTo("arn:aws:iam::111122223333:role/ci/deployer");
        assertThat(role.roleId()).matches("AROA[A-Z2-7]{17}")
                .isEqualTo(StableIds.roleId("111122223333", "deployer"))
                .isNotEqualTo(StableIds.roleId("111122223334", "deployer"));
        assertThat(role.assumeRolePolicyJson()).startsWith("{\"Version\":\"2012-10-17\",\"Statement\":[");
        assertThat(role.tags()).isEmpty();
    }

    @Test
    void parseWhenServiceAccountHasNoSettingsThenDerivesEmailAndUniqueId() throws ConfigException {
        KeylessConfig c = parse("""
                gcp:
                  projects:
                    my-project:
                      number: "123456789012"
                      serviceAccounts:
                        deployer:
                """);
        GcpProject project = c.gcp().projectByNumber("123456789012").orElseThrow();
        ServiceAccountConfig sa = project.serviceAccounts().get("deployer");
        assertThat(sa.email()).isEqualTo("deployer@my-project.iam.gserviceaccount.com");
        assertThat(sa.uniqueId()).matches("1\\d{20}").isEqualTo(StableIds.serviceAccountUniqueId("my-project", "deployer"));
        assertThat(project.serviceAccount(sa.uniqueId())).contains(sa);
        assertThat(sa.bindings()).isEmpty();
    }

    @Test
    void parseWhenJwksJsonIsYamlMappingThenKeptAsCompactJson() throws ConfigException {
        KeylessConfig c = parse("""
                gcp:
                  projects:
                    my-project:
                      number: "1"
                      workloadIdentityPools:
                        pool-one:
                          disabled: true
                          sessionDuration: 30m
                          providers:
                            prov-one:
                              issuerUri: https://issuer.example
                              jwksJson: {keys: [{kty: RSA, kid: k1, n: AQAB, e: AQAB}]}
                              attributeMapping: {google.subject: assertion.sub}
                """);
        WorkloadIdentityPool pool = c.gcp().projects().get("my-project").pools().get("pool-one");
        assertThat(pool.disabled()).isTrue();
        assertThat(pool.sessionDuration()).contains(Duration.ofMinutes(30));
        PoolProvider provider = pool.providers().get("prov-one");
        assertThat(provider.disabled()).isFalse();
        assertThat(provider.allowedAudiences()).isEmpty();
        assertThat(provider.attributeCondition()).isEmpty();
        assertThat(provider.jwksJson()).contains("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}");
    }

    @Test
    void durationsParseWhenShortOrIsoThenSameValue() {
        assertThat(Durations.parse("5m")).contains(Duration.ofMinutes(5));
        assertThat(Durations.parse("PT5M")).contains(Duration.ofMinutes(5));
        assertThat(Durations.parse("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(Durations.parse("90s")).contains(Duration.ofSeconds(90));
        assertThat(Durations.parse("90d")).contains(Duration.ofDays(90));
        assertThat(Durations.parse("250ms")).contains(Duration.ofMillis(250));
        assertThat(Durations.parse("5 m")).isEmpty();
        assertThat(Durations.parse("m")).isEmpty();
        assertThat(Durations.parse("300")).isEmpty();
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    }

    @Test
    void suggestionsClosestWhenFarAwayThenNone() {
        assertThat(Suggestions.closest("defaultTTL", List.of("defaultTtl", "maxTtl"))).contains("defaultTtl");
        assertThat(Suggestions.closest("colour", List.of("defaultTtl", "maxTtl"))).isEmpty();
    }

    /** The address is written once: server.listen gives every URL and condition key that names the built-in issuer. */
    @Test
    void parseWhenProviderUrlIssuerUriAndPlaceholderOmittedThenAllDeriveFromListen() throws ConfigException {
        String yaml = """
                server: {listen: 127.0.0.1:9595}
                aws:
                  accounts:
                    "111122223333":
                      openIdConnectProviders:
                        - clientIds: [sts.amazonaws.com]
                      roles:
                        deployer:
                          assumeRolePolicy:
                            Statement:
                              - Effect: Allow
                                Principal: {Federated: "arn:aws:iam::111122223333:oidc-provider/${keyless:issuer}"}
                                Action: sts:AssumeRoleWithWebIdentity
                                Condition:
                                  StringEquals: {"${keyless:issuer}:sub": "project_path:g/p:ref_type:branch:ref:main"}
                gcp:
                  projects:
                    my-project:
                      number: "123456789012"
                      workloadIdentityPools:
                        pool-one:
                          providers:
                            prov-one:
                              attributeMapping: {google.subject: assertion.sub}
                """;

        KeylessConfig c = parse(yaml);

        assertThat(c.issuer().url()).isEqualTo(URI.create("http://127.0.0.1:9595"));
        AwsAccount account = c.aws().account("111122223333").orElseThrow();
        assertThat(account.openIdConnectProviders().get(0).url()).isEqualTo("http://127.0.0.1:9595");
        assertThat(account.role("deployer").orElseThrow().assumeRolePolicyJson())
                .contains("\"arn:aws:iam::111122223333:oidc-provider/127.0.0.1:9595\"")
                .contains("\"127.0.0.1:9595:sub\"").doesNotContain("keyless:issuer");
        assertThat(c.gcp().projects().get("my-project").pools().get("pool-one").providers().get("prov-one").issuerUri())
                .isEqualTo("http://127.0.0.1:9595");

        // The issuer's URL, when given, is what they derive from (a path kept, as IAM names providers).
        KeylessConfig behindProxy = parse(yaml.replace("server: {listen: 127.0.0.1:9595}",
                "server: {listen: 127.0.0.1:9595, publicUrl: 'https://id.example.com/keyless'}"));
        assertThat(behindProxy.aws().account("111122223333").orElseThrow().role("deployer").orElseThrow()
                .assumeRolePolicyJson()).contains("\"id.example.com/keyless:sub\"");
    }

    @Test
    void parseWhenPlaceholderAndLiteralNameTheSameKeyThenAProblem() {
        String yaml = """
                aws:
                  accounts:
                    "111122223333":
                      openIdConnectProviders:
                        - clientIds: [sts.amazonaws.com]
                      roles:
                        deployer:
                          assumeRolePolicy:
                            Statement:
                              - Effect: Allow
                                Principal: {Federated: "arn:aws:iam::111122223333:oidc-provider/${keyless:issuer}"}
                                Action: sts:AssumeRoleWithWebIdentity
                                Condition:
                                  StringEquals:
                                    "${keyless:issuer}:sub": "project_path:g/p:ref_type:branch:ref:main"
                                    "127.0.0.1:8080:sub": "project_path:g/p:ref_type:branch:ref:dev"
                """;

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("the key 127.0.0.1:8080:sub is written twice once ${keyless:issuer} is replaced");
    }
}
