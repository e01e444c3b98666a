package dev.keyless.oidc;

import com.nimbusds.jose.jwk.JWK;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A keyless.yaml whose AWS account trusts foreign issuers (the {@link FakeIssuer}s of a test), one
 * role per issuer, and AssumeRoleWithWebIdentity sent to a running server as the AWS CLI sends it
 * (an unsigned form POST).
 */
final class ForeignIssuerSts {
    static final String ACCOUNT = "111122223333";
    static final String AUD = "sts.amazonaws.com";

    private ForeignIssuerSts() {}

    /** One provider and role {@code role-N} per issuer; {@code caFiles} pins a CA for https issuers. */
    static String yaml(List<String> issuerUrls, Map<String, String> caFiles, String verification) {
        StringBuilder providers = new StringBuilder();
        StringBuilder roles = new StringBuilder();
        for (int i = 0; i < issuerUrls.size(); i++) {
            String url = issuerUrls.get(i);
            String hostPort = url.replaceFirst("^https?://", "");
            providers.append("        - url: ").append(url).append("\n          clientIds: [").append(AUD).append("]\n");
            if (caFiles.containsKey(url)) {
                providers.append("          caFile: ").append(caFiles.get(url)).append("\n");
            }
            String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":"
                    + "\"arn:aws:iam::" + ACCOUNT + ":oidc-provider/" + hostPort + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\","
                    + "\"Condition\":{\"StringEquals\":{\"" + hostPort + ":aud\":\"" + AUD + "\"}}}]}";
            roles.append("        role-").append(i).append(":\n          assumeRolePolicy: '").append(policy).append("'\n");
        }
        return """
                server:
                  listen: 127.0.0.1:8080
                  publicUrl: http://127.0.0.1:8080
                store: jdbc:sqlite:./keyless-data/keyless.db
                verification:
                %s
                aws:
                  accounts:
                    "%s":
                      openIdConnectProviders:
                %s      roles:
                %s""".formatted(verification.isEmpty() ? "  leeway: 60s" : verification, ACCOUNT, providers, roles);
    }

    static String roleArn(int index) {
        return "arn:aws:iam::" + ACCOUNT + ":role/role-" + index;
    }

    /** An RS256 token of {@code issuer} for {@link #AUD}, issued at {@code now}; no kid when {@code kid} is null. */
    static String token(String issuer, Instant now, JWK key, String kid) {
        Map<String, Object> claims = TestTokens.claims(now.getEpochSecond());
        claims.put("iss", issuer);
        return TestTokens.sign(TestTokens.header("RS256", kid), claims, key);
    }

    static HttpResponse<String> assume(HttpClient http, String serverUrl, String roleArn, String token) throws Exception {
        String form = Map.of("Action", "AssumeRoleWithWebIdentity", "Version", "2011-06-15", "RoleArn", roleArn,
                        "RoleSessionName", "foreign", "WebIdentityToken", token).entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(serverUrl + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code <Code>} of an STS error answer, or "" for a success. */
    static String code(HttpResponse<String> response) {
        var m = java.util.regex.Pattern.compile("<Code>([^<]*)</Code>").matcher(response.body());
        return m.find() ? m.group(1) : "";
    }
}
