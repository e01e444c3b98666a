package dev.keyless.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/1.1 framing as RFC 9110 and RFC 9112 require it: a HEAD response carries no content
 * (RFC 9110 section 9.3.2), {@code Connection: close} closes the connection after the response
 * (RFC 9112 section 9.6), and a request line whose method is not a token is a client error
 * answered without a stack trace in the server log.
 */
class ProtocolConformanceTest {
    @TempDir
    Path dir;

    @Test
    void headCloseAndInvalidMethodAnsweredAsTheRfcsSay() throws Exception {
        List<String> figures = new ArrayList<>();
        try (HardeningNode node = HardeningNode.start(dir, y -> y, "true")) {
            // HEAD: the GET's status and headers, no content; the next response on the connection is intact.
            try (RawHttp http = new RawHttp(node.port(), 1_000)) {
                RawHttp.Response get = http.exchange("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
                RawHttp.Response head = http.exchange("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
                int stray = http.availableWithin();
                RawHttp.Response after = http.exchange("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
                figures.add("HEAD /healthz " + head.status() + " content-length " + head.header("content-length")
                        + ", stray byte after it: " + (stray == -2 ? "none" : stray) + ", next GET " + after.status());
                assertThat(head.status()).isEqualTo(get.status()).isEqualTo(200);
                assertThat(stray).as("bytes after a HEAD response").isEqualTo(-2);
                assertThat(after.status()).isEqualTo(200);
                assertThat(after.text()).isEqualTo(get.text());
            }
            try (RawHttp http = new RawHttp(node.port(), 1_000)) {
                RawHttp.Response head = http.exchange("HEAD /no/such/path HTTP/1.1\r\nHost: x\r\n\r\n");
                int stray = http.availableWithin();
                figures.add("HEAD /no/such/path " + head.status() + ", stray byte: " + (stray == -2 ? "none" : stray));
                assertThat(head.status()).isEqualTo(404);
                assertThat(stray).isEqualTo(-2);
            }

            // Connection: close, on a GET and on an STS POST.
            for (String request : List.of("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                    "POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                            + "Content-Length: 9\r\n\r\nAction=No")) {
                try (RawHttp http = new RawHttp(node.port(), 5_000)) {
                    long start = System.nanoTime();
                    RawHttp.Response r = http.exchange(request);
                    boolean closed = http.closedByServerWithin(3_000);
                    figures.add(request.substring(0, request.indexOf(' ')) + " with Connection: close -> " + r.status()
                            + ", Connection: " + r.header("connection") + ", closed by server: " + closed + " after "
                            + (System.nanoTime() - start) / 1_000_000 + " ms");
                    assertThat(r.header("connection")).isEqualToIgnoringCase("close");
                    assertThat(closed).as("server closed the connection after Connection: close").isTrue();
                }
            }

            // A method that is not a token (RFC 9110 section 9.1): 400 or 501, never 500 with a stack trace.
            int logBefore = node.log().length();
            for (String method : List.of("GE(T", "G\"ET", "G{T}", "P@ST")) {
                try (RawHttp http = new RawHttp(node.port(), 5_000)) {
                    RawHttp.Response r = http.exchange(method + " / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
                    figures.add("method " + method + " -> " + r.status());
                    assertThat(r.status()).isIn(400, 501);
                } catch (java.io.IOException closedWithoutAnswer) {
                    throw new AssertionError("no answer to method " + method, closedWithoutAnswer);
                }
            }
            HardeningNode.Legit after = node.assumeRoleSettled(node.ciToken());
            figures.add("legit AssumeRole after: " + after);
            assertThat(after.mintedWithin(1_000)).as("legit after: %s", after).isTrue();
            String log = node.log().substring(logBefore);
            figures.add("server log lines for the invalid methods: " + log.lines().count()
                    + ", stack frames: " + log.lines().filter(l -> l.startsWith("\tat ")).count());
            figures.forEach(f -> System.out.println("[item 11] " + f));
            assertThat(log).doesNotContain("\tat ").doesNotContain("Exception");
        }
    }
}
