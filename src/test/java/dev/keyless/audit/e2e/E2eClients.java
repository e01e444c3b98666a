package dev.keyless.audit.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Shared pieces of the audit end-to-end tests: clean client environments, raw STS calls, a CLI wrapper. */
final class E2eClients {
    static final String ROLE_ARN = "arn:aws:iam::111122223333:role/gitlab-deployer";
    static final String AUDIENCE = "//iam.googleapis.com/projects/123456789012/locations/global/"
            + "workloadIdentityPools/gitlab-pool/providers/gitlab";
    static final String SA = "deployer@my-project.iam.gserviceaccount.com";
    static final String CI_SECRET = "dev-secret-change-me";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** botocore --debug logs the response headers and body; the RequestId is in both. */
    private static final Pattern REQUEST_ID = Pattern.compile("<RequestId>([^<]+)</RequestId>");

    private E2eClients() {}

    /** HOME and the AWS files in a temp folder, us-east-1, no metadata service: nothing leaks in. */
    static Map<String, String> awsEnv(Path home) {
        return dev.keyless.testing.AwsClientEnv.clean(home);
    }

    static Map<String, String> gcloudEnv(Path home) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", home.toString());
        env.put("CLOUDSDK_CONFIG", home.resolve("gcloud").toString());
        env.put("CLOUDSDK_CORE_DISABLE_PROMPTS", "1");
        env.put("CLOUDSDK_CORE_DISABLE_USAGE_REPORTING", "true");
        env.put("CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK", "true");
        env.put("CLOUDSDK_CORE_CHECK_GCE_METADATA", "false");
        return env;
    }

    static String requestIdFromDebug(String debugOutput) {
        Matcher m = REQUEST_ID.matcher(debugOutput);
        if (!m.find()) {
            throw new AssertionError("no RequestId in the AWS CLI --debug output:\n" + debugOutput);
        }
        return m.group(1);
    }

    /** An unsigned awsQuery AssumeRoleWithWebIdentity, as the SDKs send it (STS API Reference, AssumeRoleWithWebIdentity). */
    static HttpResponse<String> assumeRole(HttpClient http, String url, String token, String session)
            throws IOException, InterruptedException {
        String body = form(Map.of("Action", "AssumeRoleWithWebIdentity", "Version", "2011-06-15", "RoleArn", ROLE_ARN,
                "RoleSessionName", session, "WebIdentityToken", token));
        return http.send(HttpRequest.newBuilder(URI.create(url + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The CI API: one job token for {@code ref} of mygroup/myrepo with audience {@code aud}. */
    static String ciToken(String url, String ref, String aud) {
        String body = "{\"job\":{\"project_path\":\"mygroup/myrepo\",\"ref\":\"" + ref + "\"},"
                + "\"id_tokens\":{\"T\":{\"aud\":\"" + aud + "\"}}}";
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/ci/id_tokens"))
                    .header("Authorization", "Bearer " + CI_SECRET).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("CI API " + r.statusCode() + ": " + r.body());
            }
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
            String token = json.findValue("T").asText();
            if (token.isEmpty()) {
                throw new AssertionError("no T in " + r.body());
            }
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * {@code DIR/keyless}: runs {@code dev.keyless.cli.Main} on this test JVM's class path, so a real
     * client (AWS CLI {@code credential_process}, google-auth's executable source) can run Keyless.
     */
    static Path keylessWrapper(Path dir) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String script = "#!/bin/sh\nexec '" + java + "' -Xshare:auto -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED"
                + " -cp '" + System.getProperty("java.class.path") + "' dev.keyless.cli.Main \"$@\"\n";
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("keyless");
            Files.writeString(file, script);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(String text) {
        return text.lines().filter(l -> !l.isBlank()).toList();
    }
}
