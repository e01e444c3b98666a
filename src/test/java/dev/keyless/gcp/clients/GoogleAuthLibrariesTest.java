package dev.keyless.gcp.clients;

import static dev.keyless.gcp.http.GcpHttp.AUDIENCE;
import static dev.keyless.gcp.http.GcpHttp.SA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.ExternalAccountCredentials;
import com.google.auth.oauth2.GoogleCredentials;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import dev.keyless.testing.Repo;
import dev.keyless.testing.TestCertificate;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * google-auth-library-java and npm google-auth-library, each given the same credential file
 * with https URLs at {@code https://localhost:PORT} (google-auth-library-java requires https) and
 * trusting the test certificate: Java through its HTTP transport, Node through NODE_EXTRA_CA_CERTS.
 */
class GoogleAuthLibrariesTest {

    @TempDir
    static Path dir;
    static KeylessTestServer server;
    static TestCertificate certificate;
    static String baseUrl;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NODE_SCRIPT = """
            const fs = require('fs');
            const {ExternalAccountClient} = require('google-auth-library');
            const client = ExternalAccountClient.fromJSON(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')));
            client.getAccessToken().then(
              t => { console.log(t.token); },
              e => { console.error('STATUS ' + (e.response && e.response.status));
                     console.error('BODY ' + JSON.stringify(e.response && e.response.data));
                     console.error('MESSAGE ' + e.message); process.exit(3); });
            """;

    @BeforeAll
    static void start() throws Exception {
        certificate = TestCertificate.create(dir.resolve("tls"));
        String yaml = Repo.exampleYaml().replace(
                "  # tls: {certificate: ./tls/cert.pem, privateKey: ./tls/key.pem}",
                "  tls: {certificate: " + certificate.certificatePem() + ", privateKey: "
                        + certificate.privateKeyPem() + "}");
        assertThat(yaml).contains("  tls: {certificate: /");
        server = KeylessTestServer.start(dir.resolve("server"), yaml, Clock.systemUTC(), Map.of());
        baseUrl = "https://localhost:" + server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void javaExternalAccountCredentialsWhenImpersonatingThenServiceAccountToken(@TempDir Path home) throws Exception {
        Path cred = CredentialFiles.impersonating(home, baseUrl, server.mint(AUDIENCE, "mygroup/myrepo", "main"));

        AccessToken token = javaCredentials(cred).refreshAccessToken();

        assertThat(token.getTokenValue()).startsWith("ya29.");
        assertThat(tokenInfo(token.getTokenValue()).get("email").textValue()).isEqualTo(SA);
    }

    @Test
    void javaExternalAccountCredentialsWhenConditionFalseThenUnauthorizedClient(@TempDir Path home) throws Exception {
        Path cred = CredentialFiles.impersonating(home, baseUrl, server.mint(AUDIENCE, "othergroup/myrepo", "main"));
        GoogleCredentials credentials = javaCredentials(cred);

        // google-auth-library-java parses error and error_description into OAuthException (Google STS API, token)
        assertThatThrownBy(credentials::refreshAccessToken)
                .hasMessage("Unable to refresh sourceCredentials")
                .cause().hasMessage("Error code unauthorized_client: "
                        + "The given credential is rejected by the attribute condition.");
    }

    @Test
    void nodeGoogleAuthLibraryWhenImpersonatingThenServiceAccountToken(@TempDir Path home) throws Exception {
        Path cred = CredentialFiles.impersonating(home, baseUrl, server.mint(AUDIENCE, "mygroup/myrepo", "main"));

        Processes.Result r = node(home, cred);

        assertThat(r.exitCode()).as(r.all()).isZero();
        String token = r.stdout().strip();
        assertThat(token).startsWith("ya29.");
        assertThat(tokenInfo(token).get("email").textValue()).isEqualTo(SA);
    }

    @Test
    void nodeGoogleAuthLibraryWhenPrincipalHasNoBindingThenPermissionDenied(@TempDir Path home) throws Exception {
        Path cred = CredentialFiles.impersonating(home, baseUrl, server.mint(AUDIENCE, "mygroup/otherrepo", "main"));

        Processes.Result r = node(home, cred);

        assertThat(r.exitCode()).as(r.all()).isEqualTo(3);
        assertThat(r.stderr()).contains("STATUS 403").contains("\"status\":\"PERMISSION_DENIED\"")
                .contains("\"reason\":\"IAM_PERMISSION_DENIED\"");
    }

    private static GoogleCredentials javaCredentials(Path cred) throws Exception {
        NetHttpTransport transport = new NetHttpTransport.Builder().trustCertificates(certificate.keyStore()).build();
        try (InputStream in = Files.newInputStream(cred)) {
            return ExternalAccountCredentials.fromStream(in, () -> transport);
        }
    }

    private static Processes.Result node(Path home, Path cred) throws Exception {
        Path node = RealClients.node();
        Path modules = RealClients.nodeModules();
        Path script = home.resolve("get-token.js");
        Files.writeString(script, NODE_SCRIPT);
        return Processes.run(List.of(node.toString(), script.toString(), cred.toString()), Map.of(
                "HOME", home.toString(), "NODE_PATH", modules.toString(),
                "NODE_EXTRA_CA_CERTS", certificate.certificatePem().toString()), home, Duration.ofSeconds(60), null);
    }

    private static JsonNode tokenInfo(String token) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(certificate.keyStore());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(ssl).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/tokeninfo?access_token="
                + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
