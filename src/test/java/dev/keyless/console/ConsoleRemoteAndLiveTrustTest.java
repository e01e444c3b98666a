package dev.keyless.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.Keyless;
import dev.keyless.config.ConfigException;
import dev.keyless.config.ConfigLoader;
import dev.keyless.config.KeylessConfig;
import dev.keyless.http.KeylessHttpServer;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Repo;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over real sockets: the Trust page's GCP section lists what the IAM v1 API created (the live view the
 * STS decides with), and {@code console.allowRemote} opens the console to a client on another address
 * (this machine's own non-loopback address: the server sees a non-loopback source) while sign-in is
 * still required.
 */
class ConsoleRemoteAndLiveTrustTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POOLS = "/v1/projects/my-project/locations/global/workloadIdentityPools";

    @Test
    void trustListsGcpResourcesCreatedThroughTheIamApiWithTheirSource(@TempDir Path dir) throws Exception {
        try (KeylessTestServer server = KeylessTestServer.startExample(dir.resolve("server"));
                HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()) {
            String url = server.url();
            String admin = server.keyless().gcpIam().createAdminToken("my-project", "console trust test");
            String member = createThroughIamApi(http, url, admin);

            String cookie = signIn(http, url, admin).cookie();
            HttpResponse<String> trust = send(http, get(url + "/console/api/trust", cookie));
            assertThat(trust.statusCode()).as(trust.body()).isEqualTo(200);
            JsonNode project = find(JSON.readTree(trust.body()).path("gcpProjects"), "projectId", "my-project");
            JsonNode apiPool = find(project.path("pools"), "id", "api-pool");
            assertThat(apiPool.path("source").asText()).isEqualTo("IAM API");
            JsonNode apiProv = find(apiPool.path("providers"), "id", "api-prov");
            assertThat(apiProv.path("source").asText()).isEqualTo("IAM API");
            assertThat(apiProv.path("attributeCondition").asText()).isEqualTo("attribute.repository == \"mygroup/myrepo\"");
            JsonNode filePool = find(project.path("pools"), "id", "gitlab-pool");
            assertThat(filePool.path("source").asText()).isEqualTo("keyless.yaml");
            assertThat(find(filePool.path("providers"), "id", "gitlab").path("source").asText()).isEqualTo("keyless.yaml");
            assertThat(find(filePool.path("providers"), "id", "api-prov2").path("source").asText()).isEqualTo("IAM API");
            JsonNode apiSa = find(project.path("serviceAccounts"), "email", "api-sa@my-project.iam.gserviceaccount.com");
            assertThat(apiSa.path("source").asText()).isEqualTo("IAM API");
            assertThat(apiSa.path("bindings").path("roles/iam.workloadIdentityUser").get(0).asText()).isEqualTo(member);
            assertThat(find(project.path("serviceAccounts"), "email", "deployer@my-project.iam.gserviceaccount.com")
                    .path("source").asText()).isEqualTo("keyless.yaml");
            System.out.println("ConsoleRemoteAndLiveTrustTest: trust lists " + project.path("pools").size() + " pools, "
                    + project.path("serviceAccounts").size() + " service accounts; api-pool, api-prov, api-prov2, "
                    + "api-sa source \"IAM API\"; gitlab-pool, gitlab, deployer@ source \"keyless.yaml\"");
        }
    }

    @Test
    void allowRemoteOpensTheSignInPageToOtherAddressesAndSignInIsStillRequired(@TempDir Path dir) throws Exception {
        InetAddress lan = nonLoopbackAddress();
        String admin;
        try (Remote closed = Remote.start(dir.resolve("closed"), ""); HttpClient http = client()) {
            HttpResponse<String> refused = send(http, get(closed.url(lan) + "/console/signin", null));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(refused.body()).contains("allowRemote: true");
            assertThat(send(http, get(closed.url(InetAddress.getLoopbackAddress()) + "/console/signin", null)).statusCode())
                    .isEqualTo(200);
            System.out.println("ConsoleRemoteAndLiveTrustTest: default, from " + lan.getHostAddress() + ": "
                    + refused.statusCode() + "; from 127.0.0.1: 200");
        }
        try (Remote open = Remote.start(dir.resolve("open"), "\nconsole:\n  allowRemote: true\n"); HttpClient http = client()) {
            String url = open.url(lan);
            admin = open.keyless().gcpIam().createAdminToken("my-project", "remote console test");
            assertThat(send(http, get(url + "/console/signin", null)).statusCode()).isEqualTo(200);
            assertThat(send(http, get(url + "/console/api/keys", null)).statusCode()).isEqualTo(401);
            HttpResponse<String> page = send(http, get(url + "/console/trust", null));
            assertThat(page.statusCode()).isEqualTo(303);
            assertThat(page.headers().firstValue("Location")).contains("/console/signin");
            assertThat(send(http, post(url + "/console/api/session", "{\"token\":\"keyless-admin.nope\"}")).statusCode())
                    .isEqualTo(401);
            Session s = signIn(http, url, admin);
            // Plain HTTP and an http issuer: a Secure cookie would never be sent back, so none is set.
            assertThat(s.setCookie()).doesNotContain("Secure");
            HttpResponse<String> keys = send(http, get(url + "/console/api/keys", s.cookie()));
            assertThat(keys.statusCode()).as(keys.body()).isEqualTo(200);
            System.out.println("ConsoleRemoteAndLiveTrustTest: allowRemote, from " + lan.getHostAddress()
                    + ": sign-in page 200, API without session 401, page 303, admin sign-in 200 (cookie without Secure"
                    + " over http), keys API 200");
        }
        try (Remote https = Remote.start(dir.resolve("https"), "\nconsole:\n  allowRemote: true\n",
                "url: http://127.0.0.1:8080          # the `iss`", "url: https://keyless.example.test   # the `iss`");
                HttpClient http = client()) {
            String token = https.keyless().gcpIam().createAdminToken("my-project", "remote console test");
            Session s = signIn(http, https.url(lan), token);
            assertThat(s.setCookie()).contains("; Secure").contains("HttpOnly").contains("SameSite=Strict");
            System.out.println("ConsoleRemoteAndLiveTrustTest: issuer https://keyless.example.test: cookie "
                    + s.setCookie().replaceFirst("=[^;]+", "=…"));
        }
    }

    @Test
    void aNonBooleanAllowRemoteIsAConfigErrorWithItsLine() {
        assertThat(Repo.exampleYaml()).contains("  allowRemote: false\n");
        String yaml = Repo.exampleYaml().replace("  allowRemote: false\n", "  allowRemote: sometimes\n");
        int line = yaml.lines().toList().indexOf("  allowRemote: sometimes") + 1;
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "keyless.yaml")).isInstanceOfSatisfying(ConfigException.class,
                e -> {
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().get(0).line()).isEqualTo(line);
                    assertThat(e.problems().get(0).path()).contains("console").contains("allowRemote");
                    System.out.println("ConsoleRemoteAndLiveTrustTest: " + e.problems().get(0));
                });
    }

    /**
     * Over HTTP as gcloud would: a pool {@code api-pool} with a provider {@code api-prov}, a provider
     * {@code api-prov2} in the file's {@code gitlab-pool}, and a service account {@code api-sa@} with a
     * workloadIdentityUser binding, whose member is returned.
     */
    static String createThroughIamApi(HttpClient http, String url, String admin) throws Exception {
        expectOk(http, bearer(url + POOLS + "?workloadIdentityPoolId=api-pool", admin, "POST", "{\"displayName\": \"API pool\"}"));
        expectOk(http, bearer(url + POOLS + "/api-pool/providers?workloadIdentityPoolProviderId=api-prov", admin, "POST",
                provider(url)));
        expectOk(http, bearer(url + POOLS + "/gitlab-pool/providers?workloadIdentityPoolProviderId=api-prov2", admin,
                "POST", provider(url)));
        expectOk(http, bearer(url + "/v1/projects/my-project/serviceAccounts", admin, "POST",
                "{\"accountId\": \"api-sa\", \"serviceAccount\": {\"displayName\": \"API account\"}}"));
        String member = "principalSet://iam.googleapis.com/projects/123456789012/locations/global/"
                + "workloadIdentityPools/api-pool/attribute.repository/mygroup/myrepo";
        expectOk(http, bearer(url + "/v1/projects/-/serviceAccounts/api-sa@my-project.iam.gserviceaccount.com:setIamPolicy",
                admin, "POST", "{\"policy\": {\"bindings\": [{\"role\": \"roles/iam.workloadIdentityUser\", \"members\": [\""
                        + member + "\"]}]}}"));
        return member;
    }

    /** A server bound to every interface, as an operator opening the console would run it. */
    private record Remote(Keyless keyless, KeylessHttpServer server, int port) implements AutoCloseable {
        static Remote start(Path dir, String extraYaml, String... replace) throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            String yaml = Repo.exampleYaml();
            for (int i = 0; i + 1 < replace.length; i += 2) {
                assertThat(yaml).contains(replace[i]);
                yaml = yaml.replace(replace[i], replace[i + 1]);
            }
            yaml = yaml.replace("127.0.0.1:8080", "127.0.0.1:" + port)
                    .replace("jdbc:sqlite:./keyless-data/keyless.db", "jdbc:sqlite:./data/keyless.db")
                    .replace("console:\n  allowRemote: false\n", "") + extraYaml;
            Files.createDirectories(dir);
            Path file = Files.writeString(dir.resolve("keyless.yaml"), yaml);
            KeylessConfig config = ConfigLoader.load(file);
            Keyless keyless = new Keyless(config, Clock.systemUTC(), Map.of());
            return new Remote(keyless, keyless.startServer("0.0.0.0", port), port);
        }

        String url(InetAddress address) {
            return "http://" + address.getHostAddress() + ":" + port;
        }

        @Override
        public void close() {
            server.close();
            keyless.close();
        }
    }

    /** This machine's first non-loopback IPv4 address (what {@code hostname -I} prints first). */
    private static InetAddress nonLoopbackAddress() throws Exception {
        List<InetAddress> found = new ArrayList<>();
        for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
            if (nic.isUp() && !nic.isLoopback()) {
                nic.inetAddresses().filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                        .forEach(found::add);
            }
        }
        Optional<InetAddress> first = found.stream().findFirst();
        if (first.isEmpty()) {
            first = addressOnLoopbackInterface();
        }
        assertThat(first).as("this test needs a non-loopback IPv4 address on this machine (hostname -I shows none):"
                + " a client from it is what the console must tell apart from loopback").isPresent();
        return first.get();
    }

    /**
     * A machine (or container) with only {@code lo}: an address outside 127.0.0.0/8 added to it, from
     * RFC 2544's benchmarking range, is still not a loopback address to the server, which is all the
     * test needs. Needs root (CI runs as root); empty when it cannot be added.
     */
    private static Optional<InetAddress> addressOnLoopbackInterface() throws Exception {
        String address = "198.18.0.7";
        Process ip = new ProcessBuilder("ip", "addr", "add", address + "/32", "dev", "lo").redirectErrorStream(true).start();
        String out = new String(ip.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int exit = ip.waitFor();
        boolean present = exit == 0 || out.contains("File exists");
        return present ? Optional.of(InetAddress.getByName(address)) : Optional.empty();
    }

    private record Session(String cookie, String setCookie) {}

    private static Session signIn(HttpClient http, String url, String token) throws Exception {
        HttpResponse<String> r = send(http, post(url + "/console/api/session", JSON.writeValueAsString(Map.of("token", token))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return new Session(setCookie.substring(0, setCookie.indexOf(';')), setCookie);
    }

    private static String provider(String issuer) {
        return "{\"attributeCondition\": \"attribute.repository == \\\"mygroup/myrepo\\\"\", \"attributeMapping\": {"
                + "\"attribute.repository\": \"assertion.project_path\", \"google.subject\": \"assertion.sub\"},"
                + " \"oidc\": {\"issuerUri\": \"" + issuer + "\"}}";
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (n.path(field).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static void expectOk(HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<String> r = send(http, request);
        assertThat(r.statusCode()).as(request.uri() + ": " + r.body()).isEqualTo(200);
    }

    private static HttpRequest bearer(String url, String token, String method, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpRequest get(String url, String cookie) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return b.GET().build();
    }

    private static HttpRequest post(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
