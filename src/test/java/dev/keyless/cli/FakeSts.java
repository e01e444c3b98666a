package dev.keyless.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An STS-shaped peer on 127.0.0.1:0 that answers every POST with a fixed status and body and records
 * each request's form parameters, so a test can fix the STS's answer and inspect the request; the
 * real STS with the real AWS CLI is tested end to end elsewhere (CredentialHelpersTest).
 */
final class FakeSts implements AutoCloseable {
    record Received(String method, String path, String contentType, Map<String, String> form) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String body = "";
    private volatile String contentType = "text/xml";

    FakeSts() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), parseForm(text)));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    FakeSts answer(int status, String contentType, String body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    static Map<String, String> parseForm(String text) {
        Map<String, String> form = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return form;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    static String issued(String accessKeyId, String expiration) {
        return """
                <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <AssumeRoleWithWebIdentityResult>
                    <SubjectFromWebIdentityToken>project_path:mygroup/myrepo:ref_type:branch:ref:main</SubjectFromWebIdentityToken>
                    <Audience>sts.amazonaws.com</Audience>
                    <AssumedRoleUser>
                      <Arn>arn:aws:sts::111122223333:assumed-role/gitlab-deployer/ci-run-42</Arn>
                      <AssumedRoleId>AROAQXYZEXAMPLE7ROLE1:ci-run-42</AssumedRoleId>
                    </AssumedRoleUser>
                    <Credentials>
                      <AccessKeyId>%s</AccessKeyId>
                      <SecretAccessKey>Zm9vYmFyYmF6cXV4ZXhhbXBsZXNlY3JldGtleTEy</SecretAccessKey>
                      <SessionToken>IQoJb3JpZ2luX2VjEXAMPLE+/=</SessionToken>
                      <Expiration>%s</Expiration>
                    </Credentials>
                    <Provider>arn:aws:iam::111122223333:oidc-provider/127.0.0.1:8080</Provider>
                  </AssumeRoleWithWebIdentityResult>
                  <ResponseMetadata><RequestId>5d1c2b3a-0000-4000-8000-000000000001</RequestId></ResponseMetadata>
                </AssumeRoleWithWebIdentityResponse>
                """.formatted(accessKeyId, expiration);
    }

    static String error(String code, String message, String requestId) {
        return """
                <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <Error>
                    <Type>Sender</Type>
                    <Code>%s</Code>
                    <Message>%s</Message>
                  </Error>
                  <RequestId>%s</RequestId>
                </ErrorResponse>
                """.formatted(code, message, requestId);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
