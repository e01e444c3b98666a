package dev.keyless.audit.e2e;

import static dev.keyless.audit.e2e.E2eClients.AUDIENCE;
import static dev.keyless.audit.e2e.E2eClients.SA;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.gcp.http.GcpHttp;
import dev.keyless.testing.KeylessProcess;
import dev.keyless.testing.Repo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * After end-to-end traffic (CI API minting with the right and a wrong
 * secret, AWS AssumeRoleWithWebIdentity by POST and by GET with the token in the query, a signed
 * GetCallerIdentity, a denial, the GCP exchange, generateAccessToken, introspection and tokeninfo
 * with the token in the query) no token, secret access key, session token, access token or CI
 * secret appears in the server's log, in any column of any audit row, or in /metrics.
 */
class SecretGrepTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    /** Secret name → value; every one must be absent everywhere. */
    private final Map<String, String> secrets = new LinkedHashMap<>();

    @TempDir
    Path dir;

    @Test
    void grepWhenEndToEndTrafficDoneThenNoSecretInLogsAuditRowsOrMetrics() throws Exception {
        int port = KeylessProcess.freePort();
        Path config = Files.writeString(Files.createDirectories(dir.resolve("node")).resolve("keyless.yaml"),
                Repo.exampleYaml().replace("127.0.0.1:8080", "127.0.0.1:" + port)
                        .replace("jdbc:sqlite:./keyless-data/keyless.db", "jdbc:sqlite:./data/keyless.db"));
        String metrics;
        String log;
        try (KeylessProcess node = KeylessProcess.start(config, port, Map.of())) {
            traffic(node.url());
            metrics = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            node.stop();
            log = node.logText();
        }
        String audit = auditRows(dir.resolve("node/data/keyless.db"));
        assertThat(audit).as("the audit rows were read").contains("AWS_ASSUME_ROLE_WITH_WEB_IDENTITY", "GCP_TOKEN_EXCHANGE",
                "GCP_GENERATE_ACCESS_TOKEN", "CI_API");
        assertThat(log).as("the log was captured").contains("keyless.access");
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(12);
        secrets.forEach((name, value) -> {
            for (String needle : needles(value)) {
                assertThat(log).as("server log contains %s", name).doesNotContain(needle);
                assertThat(audit).as("audit rows contain %s", name).doesNotContain(needle);
                assertThat(metrics).as("/metrics contains %s", name).doesNotContain(needle);
            }
        });
    }

    private void traffic(String url) throws Exception {
        secrets.put("CI client secret", E2eClients.CI_SECRET);
        String awsToken = keep("AWS job token", E2eClients.ciToken(url, "main", "sts.amazonaws.com"));
        String getToken = keep("AWS job token (GET)", E2eClients.ciToken(url, "main", "sts.amazonaws.com"));
        String featureToken = keep("feature-branch job token", E2eClients.ciToken(url, "feature-x", "sts.amazonaws.com"));
        String gcpToken = keep("GCP job token", E2eClients.ciToken(url, "main", AUDIENCE));
        String wrongSecret = keep("wrong CI secret", "wrong-secret-0123456789abcdef");
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/ci/id_tokens"))
                .header("Authorization", "Bearer " + wrongSecret).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);

        String xml = E2eClients.assumeRole(http, url, awsToken, "grep").body();
        String accessKeyId = xmlValue(xml, "AccessKeyId");
        String secretKey = keep("secret access key", xmlValue(xml, "SecretAccessKey"));
        String sessionToken = keep("session token", xmlValue(xml, "SessionToken"));
        String getXml = http.send(HttpRequest.newBuilder(URI.create(url + "/?" + E2eClients.form(Map.of("Action",
                "AssumeRoleWithWebIdentity", "Version", "2011-06-15", "RoleArn", E2eClients.ROLE_ARN, "RoleSessionName",
                "grep-get", "WebIdentityToken", getToken)))).build(), HttpResponse.BodyHandlers.ofString()).body();
        keep("secret access key (GET)", xmlValue(getXml, "SecretAccessKey"));
        keep("session token (GET)", xmlValue(getXml, "SessionToken"));
        assertThat(E2eClients.assumeRole(http, url, featureToken, "grep-denied").statusCode()).isEqualTo(403);
        try (StsClient sts = StsClient.builder().endpointOverride(URI.create(url)).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create()).credentialsProvider(StaticCredentialsProvider.create(
                        AwsSessionCredentials.create(accessKeyId, secretKey, sessionToken))).build()) {
            assertThat(sts.getCallerIdentity().arn()).endsWith("assumed-role/gitlab-deployer/grep");
        }

        var exchanged = JSON.readTree(GcpHttp.exchange(url, gcpToken, AUDIENCE).body());
        String federated = keep("federated access token", exchanged.get("access_token").asText());
        GcpHttp.postForm(url + "/v1/introspect", Map.of("token", federated));
        var generated = JSON.readTree(GcpHttp.postJson(url + "/v1/projects/-/serviceAccounts/" + SA + ":generateAccessToken",
                federated, "{\"scope\":[\"https://www.googleapis.com/auth/cloud-platform\"]}").body());
        String saToken = keep("service account access token", generated.get("accessToken").asText());
        assertThat(GcpHttp.get(url + "/tokeninfo?access_token=" + GcpHttp.enc(saToken)).statusCode()).isEqualTo(200);
    }

    private String keep(String name, String value) {
        assertThat(value).as(name).isNotBlank();
        secrets.put(name, value);
        return value;
    }

    /** The value, and for JWTs their payload and signature parts (the header is common to all tokens). */
    private static List<String> needles(String value) {
        List<String> needles = new ArrayList<>(List.of(value));
        String[] parts = value.split("\\.");
        if (parts.length == 3) {
            needles.add(parts[1]);
            needles.add(parts[2]);
        }
        if (value.length() > 60) {
            needles.add(value.substring(value.length() / 2 - 20, value.length() / 2 + 20));
        }
        return needles;
    }

    private static String xmlValue(String xml, String element) {
        Matcher m = Pattern.compile("<" + element + ">([^<]+)</" + element + ">").matcher(xml);
        if (!m.find()) {
            throw new AssertionError("no " + element + " in " + xml);
        }
        return m.group(1);
    }

    /** Every column of every audit row, as text. */
    private static String auditRows(Path db) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                ResultSet rs = c.createStatement().executeQuery("SELECT * FROM audit_events")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    out.append(rs.getString(i)).append('\t');
                }
                out.append('\n');
            }
        }
        return out.toString();
    }
}
