package dev.keyless.gcp.http;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** java.net.http helpers for wire-level GCP tests: exact bodies in, exact bodies out. */
public final class GcpHttp {

    public static final String AUDIENCE = "//iam.googleapis.com/projects/123456789012/locations/global/"
            + "workloadIdentityPools/gitlab-pool/providers/gitlab";
    public static final String SA = "deployer@my-project.iam.gserviceaccount.com";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private GcpHttp() {
    }

    public static HttpResponse<String> postForm(String url, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** The form every client sends to {@code /v1/token} (Google STS API, token). */
    public static HttpResponse<String> exchange(String baseUrl, String subjectToken, String audience) {
        return postForm(baseUrl + "/v1/token", Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "audience", audience,
                "scope", "https://www.googleapis.com/auth/cloud-platform",
                "requested_token_type", "urn:ietf:params:oauth:token-type:access_token",
                "subject_token", subjectToken,
                "subject_token_type", "urn:ietf:params:oauth:token-type:jwt"));
    }

    public static HttpResponse<String> postJson(String url, String bearer, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b.build());
    }

    public static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
