package dev.keyless.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.Keyless;
import dev.keyless.http.HttpCall;
import dev.keyless.http.HttpReply;
import dev.keyless.http.RequestContext;
import dev.keyless.testing.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The console's access rules, asked over a real socket with plain HTTP (no browser to be lenient). */
final class ConsoleAccessChecks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PAGES = List.of("/console", "/console/", "/console/decisions", "/console/trust",
            "/console/keys", "/console/playground", "/console/decisions?request=x");
    private static final List<String> GET_APIS = List.of("session", "decisions", "decision?id=abc", "chart", "trust", "keys");
    private static final List<String> POST_APIS = List.of("signout", "keys/rotate", "playground/mint", "playground/explain");

    private ConsoleAccessChecks() {}

    record Session(String cookie, String csrf) {}

    static void run(String url, String adminToken, String viewerToken, String noRoleToken, TestClock clock, Keyless keyless)
            throws Exception {
        try (HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()) {
            int checked = 0;
            for (String cookie : new String[] {null, "keyless_console=" + "A".repeat(43), "keyless_console=" + adminToken}) {
                for (String page : PAGES) {
                    HttpResponse<String> r = send(http, get(url + page, cookie));
                    assertThat(r.statusCode()).as(page + " with cookie " + cookie).isEqualTo(303);
                    assertThat(r.headers().firstValue("Location")).contains("/console/signin");
                    checked++;
                }
                for (String api : GET_APIS) {
                    assertThat(send(http, get(url + "/console/api/" + api, cookie)).statusCode()).as(api).isEqualTo(401);
                    checked++;
                }
                for (String api : POST_APIS) {
                    assertThat(send(http, post(url + "/console/api/" + api, cookie, null, "{}")).statusCode()).as(api)
                            .isEqualTo(401);
                    checked++;
                }
            }
            // Security headers on every answer, the sign-in page included.
            HttpResponse<String> signinPage = send(http, get(url + "/console/signin", null));
            assertThat(signinPage.statusCode()).isEqualTo(200);
            assertThat(signinPage.headers().firstValue("Content-Security-Policy").orElse(""))
                    .contains("default-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
            assertThat(signinPage.headers().firstValue("X-Content-Type-Options")).contains("nosniff");

            // Sign-in: a wrong token, and a cross-site sign-in, are refused.
            assertThat(send(http, post(url + "/console/api/session", null, null, "{\"token\":\"keyless-admin.nope\"}"))
                    .statusCode()).isEqualTo(401);
            HttpRequest crossSiteSignIn = HttpRequest.newBuilder(URI.create(url + "/console/api/session"))
                    .header("Origin", "http://evil.example").header("Sec-Fetch-Site", "cross-site")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("token", adminToken)))).build();
            assertThat(send(http, crossSiteSignIn).statusCode()).isEqualTo(403);
            // A valid Keyless access token whose principal holds no project role: no session at all.
            HttpResponse<String> noRole = send(http, post(url + "/console/api/session", null, null,
                    JSON.writeValueAsString(Map.of("token", noRoleToken))));
            assertThat(noRole.statusCode()).as(noRole.body()).isEqualTo(401);
            assertThat(noRole.headers().firstValue("Set-Cookie")).isEmpty();

            Session admin = signIn(http, url, adminToken);
            Session viewer = signIn(http, url, viewerToken);
            assertThat(admin.cookie()).doesNotContain(adminToken);
            assertThat(send(http, get(url + "/console/api/keys", admin.cookie())).statusCode()).isEqualTo(200);

            // A cross-site POST carries no CSRF token: refused, as is a wrong one.
            HttpRequest crossSite = HttpRequest.newBuilder(URI.create(url + "/console/api/keys/rotate"))
                    .header("Cookie", admin.cookie()).header("Origin", "http://evil.example")
                    .header("Sec-Fetch-Site", "cross-site").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"confirm\":true}")).build();
            assertThat(send(http, crossSite).statusCode()).isEqualTo(403);
            assertThat(send(http, post(url + "/console/api/keys/rotate", admin.cookie(), viewer.csrf(), "{\"confirm\":true}"))
                    .statusCode()).isEqualTo(403);
            // Without the confirmation, an administrator's rotation is not made.
            assertThat(send(http, post(url + "/console/api/keys/rotate", admin.cookie(), admin.csrf(), "{}")).statusCode())
                    .isEqualTo(400);
            // A read-only session may not mint a (real, exchangeable) job token.
            HttpResponse<String> viewerMint = send(http, post(url + "/console/api/playground/mint", viewer.cookie(), viewer.csrf(),
                    "{\"projectPath\":\"mygroup/myrepo\",\"ref\":\"main\",\"audience\":\"sts.amazonaws.com\"}"));
            assertThat(viewerMint.statusCode()).as(viewerMint.body()).isEqualTo(403);
            assertThat(viewerMint.body()).doesNotContain("\"token\"");
            // A read-only session may not rotate, even with its own CSRF token.
            HttpResponse<String> viewerRotate = send(http, post(url + "/console/api/keys/rotate", viewer.cookie(), viewer.csrf(),
                    "{\"confirm\":true}"));
            assertThat(viewerRotate.statusCode()).as(viewerRotate.body()).isEqualTo(403);
            assertThat(send(http, get(url + "/console/api/trust", viewer.cookie())).statusCode()).isEqualTo(200);

            // Off the machine the console is closed, even with a live administrator session.
            ConsoleSessions sessions = new ConsoleSessions(clock, new java.security.SecureRandom());
            ConsoleHandler handler = new ConsoleHandler(keyless, (dev.keyless.aws.iam.AwsLiveView) keyless.awsRoles(),
                    keyless.gcpLive()::get, t -> java.util.Optional.of("my-project"), t -> java.util.Optional.empty(), sessions, clock);
            String live = "keyless_console=" + sessions.create(ConsoleSessions.Role.ADMIN, "test").id();
            for (String address : List.of("192.0.2.10", "10.1.2.3", "2001:db8::1")) {
                HttpReply remote = handler.handle(new HttpCall("GET", "/console/api/keys", "",
                        Map.of("Cookie", List.of(live)), new byte[0], Map.of(),
                        new RequestContext("remote-check", address, "test", false)));
                assertThat(remote.status()).as(address).isEqualTo(403);
            }
            HttpReply local = handler.handle(new HttpCall("GET", "/console/api/keys", "", Map.of("Cookie", List.of(live)),
                    new byte[0], Map.of(), new RequestContext("local-check", "127.0.0.1", "test", false)));
            assertThat(local.status()).isEqualTo(200);

            // Sessions expire by the server's clock.
            clock.advance(ConsoleSessions.LIFETIME.plus(Duration.ofMinutes(1)));
            assertThat(send(http, get(url + "/console/api/keys", admin.cookie())).statusCode()).isEqualTo(401);
            assertThat(send(http, get(url + "/console/keys", admin.cookie())).statusCode()).isEqualTo(303);
            System.out.println("(5) access: " + checked + " page/API requests without a valid session refused"
                    + " (none, forged, the admin token as cookie); wrong sign-in 401, cross-site sign-in 403;"
                    + " cross-site POST without CSRF 403, wrong CSRF 403, viewer rotation 403, off-loopback 403,"
                    + " expired session 401");
        }
    }

    private static Session signIn(HttpClient http, String url, String token) throws Exception {
        HttpResponse<String> r = send(http, post(url + "/console/api/session", null, null,
                JSON.writeValueAsString(Map.of("token", token))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/console");
        return new Session(setCookie.substring(0, setCookie.indexOf(';')), JSON.readTree(r.body()).path("csrf").asText());
    }

    private static HttpRequest get(String url, String cookie) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return b.GET().build();
    }

    private static HttpRequest post(String url, String cookie, String csrf, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (csrf != null) {
            b.header(ConsoleHandler.CSRF_HEADER, csrf);
        }
        return b.POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
