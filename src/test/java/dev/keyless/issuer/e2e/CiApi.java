package dev.keyless.issuer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The CI API of a running server over HTTP, and its minted-token counter from /metrics. */
final class CiApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MINTED = Pattern.compile("(?m)^keyless_issuer_tokens_minted_total (\\d+\\.?\\d*)");

    private final String url;
    private final String secret;
    private final HttpClient http = HttpClient.newHttpClient();

    CiApi(String url, String secret) {
        this.url = url;
        this.secret = secret;
    }

    HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/ci/id_tokens"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + secret)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code {"job": JOB, "id_tokens": {"T": {"aud": "sts.amazonaws.com"}}}}. */
    HttpResponse<String> mint(String job) throws Exception {
        return post("{\"job\": " + job + ", \"id_tokens\": {\"T\": {\"aud\": \"sts.amazonaws.com\"}}}");
    }

    double minted() throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = MINTED.matcher(metrics);
        assertThat(m.find()).as("keyless_issuer_tokens_minted_total on /metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** The claims of token T of a 200 answer. */
    static JsonNode claims(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String token = JSON.readTree(response.body()).get("id_tokens").get("T").textValue();
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    }

    /** A 400 invalid_request naming {@code field}, with no token in it. */
    static void assertInvalid(HttpResponse<String> response, String field) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.has("id_tokens")).isFalse();
        assertThat(body.get("error").asText()).isEqualTo("invalid_request");
        assertThat(body.get("field").asText()).as(response.body()).isEqualTo(field);
    }

    static String quote(String s) throws Exception {
        return JSON.writeValueAsString(s);
    }
}
