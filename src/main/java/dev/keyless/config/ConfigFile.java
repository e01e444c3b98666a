package dev.keyless.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The shape of {@code keyless.yaml} as written, bound by {@link YamlBinding}: every key optional
 * (null when absent or empty), no rule checked yet. The sections turn these into the validated
 * domain records ({@link KeylessConfig} and below); the record component names are the allowed keys.
 */
final class ConfigFile {

    private ConfigFile() {}

    record Root(Server server, Store store, Issuer issuer, Aws aws, Gcp gcp, Audit audit,
            Verification verification, Logging logging, Console console) {}

    record Server(String listen, String publicUrl, Long maxBodyBytes, Tls tls) {}

    record Tls(String certificate, String privateKey) {}

    /** Either a bare JDBC URL or a mapping. */
    record Store(String url, String masterKeyFile, String username, String password) {
        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        Store {}

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Store of(String url) {
            return new Store(url, null, null, null);
        }
    }

    record Issuer(String url, Duration defaultTtl, Duration maxTtl, List<String> subClaimComponents,
            String signingAlgorithm, Duration rotationOverlap, List<Client> clients) {}

    record Client(String name, String secretSha256, List<String> projects) {}

    record Aws(Map<String, Account> accounts) {}

    record Account(String conditionKeys, Boolean explainDenials, List<OidcProvider> openIdConnectProviders,
            Map<String, Role> roles) {}

    record OidcProvider(String url, List<String> clientIds, List<String> thumbprints, Jwks jwks, String caFile) {}

    record Jwks(String file, String url, JsonNode json) {}

    record Role(String path, Long maxSessionDuration, JsonNode assumeRolePolicy, String roleId,
            Map<String, String> tags) {}

    record Gcp(Map<String, Project> projects) {}

    record Project(JsonNode number, Boolean explainDenials, Map<String, Pool> workloadIdentityPools,
            Map<String, ServiceAccount> serviceAccounts, Map<String, List<String>> iamBindings) {}

    record Pool(Boolean disabled, Duration sessionDuration, Map<String, Provider> providers) {}

    record Provider(Boolean disabled, String issuerUri, List<String> allowedAudiences, JsonNode jwksJson,
            Map<String, String> attributeMapping, String attributeCondition) {}

    record ServiceAccount(String uniqueId, Map<String, List<String>> bindings) {}

    record Audit(Boolean enabled, Duration retention) {}

    record Verification(Duration leeway, Duration maxTokenAge, Duration jwksCacheTtl, Duration jwksRefetchCooldown,
            Duration jwksFetchTimeout) {}

    record Logging(String format, String level) {}

    record Console(Boolean allowRemote) {}
}
