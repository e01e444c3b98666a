package dev.keyless.gcp.clients;

import static dev.keyless.gcp.http.GcpHttp.AUDIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP layer's own 404, 405, 413 and 500 on {@code /v1/token}, as npm google-auth-library
 * reads them: its STS client ({@code StsCredentials.exchangeToken}, what external-account
 * credentials call) and its OAuth error parser turn each into {@code Error code <error>:
 * <error_description>} only when the body is Google's OAuth error JSON; and a 404 on an IAM
 * Credentials path through gaxios' google.rpc (AIP-193) extractor.
 */
class GoogleAuthErrorsTest {

    @TempDir
    static Path dir;
    static KeylessTestServer server;
    static KeylessTestServer broken;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT = """
            const {StsCredentials} = require('google-auth-library/build/src/auth/stscredentials');
            const {getErrorFromOAuthErrorResponse} = require('google-auth-library/build/src/auth/oauth2common');
            const {request, GaxiosError} = require('gaxios');
            const [base, mode, audience] = process.argv.slice(2);
            const out = r => console.log(JSON.stringify(r));
            async function exchange(url, token) {
              const sts = new StsCredentials({tokenExchangeEndpoint: url});
              try {
                await sts.exchangeToken({grantType: 'urn:ietf:params:oauth:grant-type:token-exchange', audience,
                  requestedTokenType: 'urn:ietf:params:oauth:token-type:access_token', subjectToken: token,
                  subjectTokenType: 'urn:ietf:params:oauth:token-type:jwt',
                  scope: ['https://www.googleapis.com/auth/cloud-platform']});
                return {status: 200, message: 'no error'};
              } catch (e) { return {status: e.status, message: e.message}; }
            }
            async function raw(opts, parse) {
              try { await request({...opts, responseType: 'json', retry: false}); return {status: 200}; }
              catch (e) { return {status: e.response && e.response.status, message: parse(e)}; }
            }
            (async () => {
              if (mode === 'broken') { out({case: '500', ...await exchange(base + '/v1/token', 'x.y.z')}); return; }
              out({case: '404', ...await exchange(base + '/v1/token/unknown', 'x.y.z')});
              out({case: '405', ...await raw({url: base + '/v1/token', method: 'GET'},
                  e => getErrorFromOAuthErrorResponse(e.response.data, e).message)});
              out({case: '413', ...await exchange(base + '/v1/token', 'x'.repeat(70000))});
              out({case: 'rpc404', ...await raw({url: base + '/v1/projects/-/serviceAccounts/sa@p.iam.gserviceaccount.com:nope',
                  method: 'POST', data: {}}, e => JSON.stringify(GaxiosError.extractAPIErrorFromResponse(e.response)))});
            })();
            """;

    @BeforeAll
    static void start() {
        server = KeylessTestServer.startExample(dir.resolve("server"));
        broken = KeylessTestServer.startExample(dir.resolve("broken"));
        broken.keyless().audit().close(); // every exchange must be recorded first: now it cannot be, so 500
    }

    @AfterAll
    static void stop() {
        server.close();
        broken.close();
    }

    private static Map<String, JsonNode> run(KeylessTestServer target, String mode) throws Exception {
        Path node = RealClients.node();
        Path modules = RealClients.nodeModules();
        Path script = dir.resolve("errors.js");
        Files.writeString(script, SCRIPT);
        Processes.Result r = Processes.run(List.of(node.toString(), script.toString(), target.url(), mode, AUDIENCE),
                Map.of("HOME", dir.toString(), "NODE_PATH", modules.toString()), dir, Duration.ofSeconds(90), null);
        assertThat(r.exitCode()).as(r.all()).isZero();
        Map<String, JsonNode> byCase = new HashMap<>();
        for (String line : r.stdout().strip().split("\n")) {
            JsonNode n = JSON.readTree(line);
            byCase.put(n.get("case").asText(), n);
        }
        return byCase;
    }

    @Test
    void googleAuthWhenServerErrorsOnV1TokenThenParsedAsOAuthErrors() throws Exception {
        Map<String, JsonNode> r = run(server, "errors");

        assertThat(r.get("404").get("status").asInt()).isEqualTo(404);
        assertThat(r.get("404").get("message").asText())
                .isEqualTo("Error code invalid_request: No Keyless endpoint at /v1/token/unknown.");
        assertThat(r.get("405").get("status").asInt()).isEqualTo(405);
        assertThat(r.get("405").get("message").asText())
                .isEqualTo("Error code invalid_request: GET is not supported on /v1/token.");
        assertThat(r.get("413").get("status").asInt()).isEqualTo(413);
        assertThat(r.get("413").get("message").asText())
                .matches("Error code invalid_request: The request body is [0-9]+ bytes; the limit is [0-9]+ bytes"
                        + " \\(server.maxBodyBytes in keyless.yaml\\)\\.");
        JsonNode rpc = JSON.readTree(r.get("rpc404").get("message").asText());
        assertThat(rpc.get("code").asInt()).isEqualTo(404);
        assertThat(rpc.get("status").asText()).isEqualTo("NOT_FOUND");
        assertThat(rpc.get("message").asText()).isEqualTo("Method not found.");
    }

    @Test
    void googleAuthWhenAuditCannotRecordThenServerErrorParsedWithRequestId() throws Exception {
        Map<String, JsonNode> r = run(broken, "broken");

        assertThat(r.get("500").get("status").asInt()).isEqualTo(500);
        assertThat(r.get("500").get("message").asText())
                .matches("Error code server_error: Internal error; request id [0-9a-f-]{36}\\.");
    }
}
