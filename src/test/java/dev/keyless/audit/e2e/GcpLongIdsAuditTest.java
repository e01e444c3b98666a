package dev.keyless.audit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyless.gcp.http.GcpHttp;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import dev.keyless.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workload identity pool and provider ids may be 32 characters long (Google Cloud IAM, "Manage
 * workload identity pools and providers": pool and provider ids are 4 to 32 lowercase letters,
 * digits or hyphens), so a provider's resource name and a principal run well past 100 characters.
 * The unmodified gcloud exchanges a job token through such a provider and impersonates a service
 * account; the audit rows then hold the full provider name and principal, and no secret the
 * exchange handled (the job tokens, the federated token, the service-account token).
 */
class GcpLongIdsAuditTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 32 characters each: the longest ids Google accepts. */
    private static final String POOL = "gitlab-pool-for-mygroup-prod-0a1";
    private static final String PROVIDER = "gitlab-provider-mygroup-main-9z8";
    private static final String AUDIENCE = "//iam.googleapis.com/projects/123456789012/locations/global/"
            + "workloadIdentityPools/" + POOL + "/providers/" + PROVIDER;
    private static final String SUB = "project_path:mygroup/myrepo:ref_type:branch:ref:main";
    private static final String PRINCIPAL = "principal://iam.googleapis.com/projects/123456789012/locations/global/"
            + "workloadIdentityPools/" + POOL + "/subject/" + SUB;
    private static final String SA = "deployer@my-project.iam.gserviceaccount.com";

    @TempDir
    Path dir;

    @Test
    void gcloudWhenPoolAndProviderIdsAre32CharactersThenAuditKeepsFullNamesAndNoSecret() throws Exception {
        assertThat(POOL).hasSize(32);
        assertThat(PROVIDER).hasSize(32);
        Path gcloud = RealClients.gcloud();
        String yaml = Repo.exampleYaml().replace("gitlab-pool", POOL)
                .replace("/providers/gitlab\n", "/providers/" + PROVIDER + "\n")
                .replace("\n            gitlab:\n", "\n            " + PROVIDER + ":\n");
        assertThat(yaml).contains("            " + PROVIDER + ":\n");
        Map<String, String> secrets = new LinkedHashMap<>();
        Path db;
        try (KeylessTestServer server = KeylessTestServer.start(dir.resolve("server"), yaml, Clock.systemUTC(), Map.of())) {
            db = server.dir().resolve("data/keyless.db");
            String jobToken = server.mint(AUDIENCE, "mygroup/myrepo", "main");
            secrets.put("job token", jobToken);
            Path home = dir.resolve("home");
            Path cred = credentialFile(home, server.url(), jobToken);
            Processes.Result login = gcloud(gcloud, home, "auth", "login", "--cred-file=" + cred);
            assertThat(login.exitCode()).as(login.all()).isZero();
            Processes.Result print = gcloud(gcloud, home, "auth", "print-access-token");
            assertThat(print.exitCode()).as(print.all()).isZero();
            secrets.put("service-account access token (gcloud)", print.stdout().strip());

            // The same exchange over the wire, to hold the federated token the client never shows.
            String rawToken = server.mint(AUDIENCE, "mygroup/myrepo", "main");
            secrets.put("job token (raw)", rawToken);
            var exchanged = JSON.readTree(GcpHttp.exchange(server.url(), rawToken, AUDIENCE).body());
            String federated = exchanged.path("access_token").asText();
            assertThat(federated).startsWith("ya29.");
            secrets.put("federated access token", federated);
            var generated = JSON.readTree(GcpHttp.postJson(server.url() + "/v1/projects/-/serviceAccounts/" + SA
                    + ":generateAccessToken", federated, "{\"scope\":[\"https://www.googleapis.com/auth/cloud-platform\"]}")
                    .body());
            secrets.put("service-account access token", generated.path("accessToken").asText());

            String otherGroup = server.mint(AUDIENCE, "othergroup/myrepo", "main");
            secrets.put("denied job token", otherGroup);
            assertThat(GcpHttp.exchange(server.url(), otherGroup, AUDIENCE).statusCode()).isEqualTo(400);
        }

        List<Map<String, String>> rows = rows(db);
        List<Map<String, String>> exchanges = rows.stream()
                .filter(r -> r.get("kind").equals("GCP_TOKEN_EXCHANGE") && r.get("decision").equals("ALLOW")).toList();
        assertThat(exchanges).as("allowed exchanges (gcloud, raw)").hasSize(2);
        for (Map<String, String> row : exchanges) {
            assertThat(row.get("audience")).isEqualTo(AUDIENCE);
            assertThat(row.get("role")).isEqualTo(PRINCIPAL);
            assertThat(row.get("subject")).isEqualTo(SUB);
        }
        Map<String, String> denied = rows.stream().filter(r -> r.get("decision").equals("DENY")).findFirst().orElseThrow();
        assertThat(denied.get("audience")).isEqualTo(AUDIENCE);
        assertThat(rows.stream().filter(r -> r.get("kind").equals("GCP_GENERATE_ACCESS_TOKEN")
                && r.get("decision").equals("ALLOW"))).hasSize(2).allSatisfy(r -> assertThat(r.get("role")).isEqualTo(SA));

        String all = rows.toString();
        assertThat(all).as("nothing legitimate was mistaken for a credential").doesNotContain("[REDACTED");
        assertThat(all).contains(PROVIDER).contains(POOL);
        assertThat(secrets).hasSize(6);
        secrets.forEach((name, value) -> {
            assertThat(value).as(name).isNotBlank();
            for (String needle : needles(value)) {
                assertThat(all).as("audit rows contain the %s", name).doesNotContain(needle);
            }
        });
    }

    /** An external_account file as {@code gcloud iam workload-identity-pools create-cred-config} writes it. */
    private static Path credentialFile(Path home, String baseUrl, String jobToken) throws Exception {
        Path folder = Files.createDirectories(home.resolve("cred"));
        Path tokenFile = Files.writeString(folder.resolve("job-token.txt"), jobToken + "\n");
        ObjectNode n = JSON.createObjectNode().put("universe_domain", "googleapis.com").put("type", "external_account")
                .put("audience", AUDIENCE).put("subject_token_type", "urn:ietf:params:oauth:token-type:jwt")
                .put("token_url", baseUrl + "/v1/token")
                .put("service_account_impersonation_url", baseUrl + "/v1/projects/-/serviceAccounts/" + SA
                        + ":generateAccessToken");
        n.putObject("credential_source").put("file", tokenFile.toString()).putObject("format").put("type", "text");
        return Files.writeString(folder.resolve("credentials.json"), n.toPrettyString());
    }

    private static Processes.Result gcloud(Path gcloud, Path home, String... args) {
        List<String> command = new ArrayList<>(List.of(gcloud.toString()));
        command.addAll(List.of(args));
        command.add("--verbosity=error");
        return Processes.run(command, E2eClients.gcloudEnv(home), home, Duration.ofSeconds(120), null);
    }

    /** The value, a 40-character middle piece, and for JWTs the payload and the signature. */
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

    /** Every audit row, every column by name. */
    private static List<Map<String, String>> rows(Path db) throws Exception {
        List<Map<String, String>> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                ResultSet rs = c.createStatement().executeQuery("SELECT * FROM audit_events")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns; i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }
}
