package dev.keyless.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Calls AssumeRoleWithWebIdentity as botocore does (STS API Reference, AssumeRoleWithWebIdentity): an unsigned form POST to the
 * endpoint with {@code Action=AssumeRoleWithWebIdentity&Version=2011-06-15}.
 */
public final class AwsStsClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI endpoint;

    public AwsStsClient(HttpClient http, URI endpoint) {
        this.http = Objects.requireNonNull(http, "http");
        this.endpoint = normalise(Objects.requireNonNull(endpoint, "endpoint"));
    }

    public static AwsStsClient create(URI endpoint) {
        return new AwsStsClient(HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build(), endpoint);
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The request parameters (STS API Reference, AssumeRoleWithWebIdentity). */
    public record AssumeRequest(String roleArn, String sessionName, SubjectToken token, OptionalInt durationSeconds) {
        public AssumeRequest {
            Objects.requireNonNull(roleArn, "roleArn");
            Objects.requireNonNull(sessionName, "sessionName");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(durationSeconds, "durationSeconds");
        }
    }

    /** @throws IOException when the endpoint cannot be reached or the exchange breaks off */
    public StsCredentialsAnswer assumeRoleWithWebIdentity(AssumeRequest request) throws IOException, InterruptedException {
        HttpRequest httpRequest = HttpRequest.newBuilder(endpoint)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("Accept", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(request), StandardCharsets.UTF_8))
                .build();
        HttpResponse<byte[]> response = http.send(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
        return StsXmlParser.parse(response.statusCode(), response.body());
    }

    static String formBody(AssumeRequest r) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Action", "AssumeRoleWithWebIdentity");
        params.put("Version", "2011-06-15");
        params.put("RoleArn", r.roleArn());
        params.put("RoleSessionName", r.sessionName());
        params.put("WebIdentityToken", r.token().value());
        r.durationSeconds().ifPresent(d -> params.put("DurationSeconds", Integer.toString(d)));
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** botocore posts to {@code /} when the configured endpoint has no path. */
    private static URI normalise(URI uri) {
        String path = Optional.ofNullable(uri.getRawPath()).filter(p -> !p.isEmpty()).orElse("/");
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + path);
    }
}
