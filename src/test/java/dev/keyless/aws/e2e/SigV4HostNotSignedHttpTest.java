package dev.keyless.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.LauncherServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * A SigV4 signature that leaves {@code host} out of the signed headers proves nothing about which
 * endpoint it was made for, so STS refuses it whatever the rest says. Each request here is
 * correctly signed with real session credentials (the control with {@code host} signed answers
 * 200 through the same signer), sent over a real socket to {@code keyless serve} in its own
 * process with the launcher's default JVM options; a refused one is audited as a denial, never
 * as an identity answered.
 */
class SigV4HostNotSignedHttpTest {
    private static final String MESSAGE = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";
    private static final String BODY = "Action=GetCallerIdentity&Version=2011-06-15";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @TempDir
    static Path dir;
    static LauncherServer server;
    static Credentials credentials;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = LauncherServer.startExample(dir);
        try (StsClient sts = StsClient.builder().endpointOverride(URI.create(server.url())).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).httpClient(UrlConnectionHttpClient.create()).build()) {
            credentials = sts.assumeRoleWithWebIdentity(r -> r.roleArn(AwsE2e.ROLE_ARN).roleSessionName("e2e").durationSeconds(900)
                    .webIdentityToken(server.mint(AwsE2e.AUD, AwsE2e.PROJECT, "main"))).credentials();
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void headerFormWhenHostSignedThenAnswersIdentity() throws Exception {
        HttpResponse<String> response = headerForm(List.of("content-type", "host", "x-amz-date", "x-amz-security-token"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("<Arn>" + AwsE2e.assumedRoleArn("e2e") + "</Arn>");
    }

    @Test
    void headerFormWhenHostNotSignedThenSignatureDoesNotMatchWithAwsMessage() throws Exception {
        HttpResponse<String> response = headerForm(List.of("content-type", "x-amz-date", "x-amz-security-token"));

        assertRefused(response);
    }

    @Test
    void presignedFormWhenHostSignedThenAnswersIdentity() throws Exception {
        HttpResponse<String> response = presigned(List.of("host"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("<Arn>" + AwsE2e.assumedRoleArn("e2e") + "</Arn>");
    }

    @Test
    void presignedFormWhenHostNotSignedThenSignatureDoesNotMatchWithAwsMessage() throws Exception {
        HttpResponse<String> response = presigned(List.of("x-probe"));

        assertRefused(response);
    }

    private static void assertRefused(HttpResponse<String> response) {
        System.out.println("[item 7] host not signed -> " + response.statusCode() + " " + response.body().replace("\n", ""));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("<Code>SignatureDoesNotMatch</Code>")
                .contains("<Message>" + MESSAGE.replace("'", "&apos;") + "</Message>")
                .doesNotContain("<Arn>");
        String requestId = response.headers().firstValue("x-amzn-RequestId").orElseThrow();
        assertThat(server.auditCount("request_id = '" + requestId + "' AND kind = 'AWS_GET_CALLER_IDENTITY' AND decision = 'DENY'"))
                .as("the refusal in the audit log").isEqualTo(1);
        assertThat(server.auditCount("request_id = '" + requestId + "' AND decision = 'ALLOW'")).isZero();
    }

    private HttpResponse<String> headerForm(List<String> signed) throws Exception {
        String date = AMZ_DATE.format(Instant.now());
        Map<String, String> headers = new TreeMap<>();
        headers.put("content-type", "application/x-www-form-urlencoded; charset=utf-8");
        headers.put("host", server.hostAndPort());
        headers.put("x-amz-date", date);
        headers.put("x-amz-security-token", credentials.sessionToken());
        String signature = sign("POST", "", headers, signed, hex(sha256(BODY)), date);
        String authorization = "AWS4-HMAC-SHA256 Credential=" + credentials.accessKeyId() + "/" + date.substring(0, 8)
                + "/us-east-1/sts/aws4_request, SignedHeaders=" + String.join(";", signed) + ", Signature=" + signature;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).header("Authorization", authorization);
        headers.forEach((name, value) -> {
            if (!name.equals("host")) {
                b.header(name, value);
            }
        });
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> presigned(List<String> signed) throws Exception {
        String date = AMZ_DATE.format(Instant.now());
        Map<String, String> query = new TreeMap<>();
        query.put("Action", "GetCallerIdentity");
        query.put("Version", "2011-06-15");
        query.put("X-Amz-Algorithm", "AWS4-HMAC-SHA256");
        query.put("X-Amz-Credential", credentials.accessKeyId() + "/" + date.substring(0, 8) + "/us-east-1/sts/aws4_request");
        query.put("X-Amz-Date", date);
        query.put("X-Amz-Expires", "300");
        query.put("X-Amz-Security-Token", credentials.sessionToken());
        query.put("X-Amz-SignedHeaders", String.join(";", signed));
        Map<String, String> headers = new TreeMap<>();
        headers.put("host", server.hostAndPort());
        headers.put("x-probe", "1");
        String canonicalQuery = query.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        String signature = sign("GET", canonicalQuery, headers, signed, hex(sha256("")), date);
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/?" + canonicalQuery
                + "&X-Amz-Signature=" + signature)).header("x-probe", "1").GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** SigV4 as the AWS General Reference describes it ("Create a signed AWS API request"). */
    private static String sign(String method, String canonicalQuery, Map<String, String> headers, List<String> signed,
            String payloadHash, String date) throws Exception {
        Map<String, String> chosen = new LinkedHashMap<>();
        signed.forEach(name -> chosen.put(name, headers.get(name)));
        String canonicalHeaders = chosen.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue() + "\n")
                .collect(Collectors.joining());
        String canonical = String.join("\n", method, "/", canonicalQuery, canonicalHeaders, String.join(";", signed),
                payloadHash);
        String scope = date.substring(0, 8) + "/us-east-1/sts/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n" + hex(sha256(canonical));
        byte[] key = hmac(("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), date.substring(0, 8));
        key = hmac(key, "us-east-1");
        key = hmac(key, "sts");
        key = hmac(key, "aws4_request");
        return hex(hmac(key, toSign));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(String s) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
