package dev.keyless.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request body reaches the handler whole however it is framed (RFC 9112 section 6): with a
 * Content-Length, sent in one segment or in two with a pause between them, and chunked. The server
 * reads a body with a declared length into an array of that length and a chunked one up to its
 * limit; all three must give the same answer, and a chunked body over the limit still gets 413.
 */
class RequestBodyFramingTest {
    private static final String BODY = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15"
            + "&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fgitlab-deployer&RoleSessionName=framing"
            + "&WebIdentityToken=not-a-token";
    private static final String HEAD = "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n";

    @TempDir
    Path dir;

    @Test
    void bodyWhenContentLengthSplitOrChunkedThenTheSameAnswer() throws Exception {
        try (HardeningNode node = HardeningNode.start(dir, y -> y, "true")) {
            RawHttp.Response whole;
            RawHttp.Response split;
            RawHttp.Response chunked;
            RawHttp.Response tooLarge;
            try (RawHttp http = new RawHttp(node.port(), 5_000)) {
                whole = http.exchange(HEAD + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY);
                http.send(HEAD + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY.substring(0, 40));
                Thread.sleep(200);
                http.send(BODY.substring(40));
                split = http.read(false);
                chunked = http.exchange(HEAD + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(50) + "\r\n"
                        + BODY.substring(0, 50) + "\r\n" + Integer.toHexString(BODY.length() - 50) + "\r\n"
                        + BODY.substring(50) + "\r\n0\r\n\r\n");
            }
            try (RawHttp http = new RawHttp(node.port(), 5_000)) {
                String big = BODY + "&Padding=" + "x".repeat(70_000);
                tooLarge = http.exchange(HEAD + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(big.length())
                        + "\r\n" + big + "\r\n0\r\n\r\n");
            }
            System.out.println("[item 17] Content-Length " + whole.status() + ", split " + split.status() + ", chunked "
                    + chunked.status() + ", chunked over the limit " + tooLarge.status());
            // The token is refused (it is not a JWS): proof the whole body was decoded, every parameter present.
            assertThat(whole.status()).isEqualTo(400);
            assertThat(whole.text()).contains("<Code>InvalidIdentityToken</Code>");
            assertThat(strip(split.text())).isEqualTo(strip(whole.text()));
            assertThat(strip(chunked.text())).isEqualTo(strip(whole.text()));
            assertThat(split.status()).isEqualTo(chunked.status()).isEqualTo(whole.status());
            assertThat(tooLarge.status()).isEqualTo(413);
        }
    }

    /** The response without its request id, the one part that differs between requests. */
    private static String strip(String xml) {
        return xml.replaceAll("<RequestId>[^<]*</RequestId>", "");
    }
}
