package dev.keyless.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.audit.AuditQuery;
import dev.keyless.testing.KeylessTestServer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A malformed percent-escape is the caller's error: a 400, never a 500, and the server keeps serving. */
class MalformedQueryTest {
    @TempDir
    Path dir;
    private KeylessTestServer server;

    @BeforeEach
    void start() {
        server = KeylessTestServer.startExample(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** java.net.URI refuses {@code %zz}, so the request is written by hand, as a hostile client would. */
    private Raw get(String pathAndQuery) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            var in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                head.append((char) c);
            }
            Map<String, String> headers = new HashMap<>();
            for (String line : head.toString().split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
                }
            }
            // Read exactly the declared body: the server may keep the connection open after an error.
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return new Raw(Integer.parseInt(head.toString().split(" ")[1]), headers, body);
        }
    }

    private record Raw(int status, Map<String, String> headers, String body) {}



    @Test
    void getWhenQueryEscapeMalformedThen400BeforeAnyHandlerAndNothingAudited() throws Exception {
        long before = server.keyless().auditStore().query(AuditQuery.all().withLimit(1000)).size();
        for (String target : List.of("/?Action=GetCallerIdentity&%zz=1", "/tokeninfo?access_token=%zz")) {
            Raw response = get(target);
            // Helidon refuses the request line itself: a client error, never a 500 and never a handler call.
            assertThat(response.status()).as(target).isEqualTo(400);
        }
        assertThat(server.keyless().auditStore().query(AuditQuery.all().withLimit(1000))).hasSize((int) before);
        assertThat(get("/healthz").status()).isEqualTo(200);
    }

    @Test
    void queryParamWhenEscapeMalformedThenPairSkippedInsteadOfThrowing() {
        HttpCall call = new HttpCall("GET", "/", "a=%zz&Action=GetCallerIdentity&b=%", Map.of(), new byte[0], Map.of(),
                new RequestContext("r", "", "", false));
        assertThat(call.queryParam("Action")).hasValue("GetCallerIdentity");
        assertThat(call.queryParam("a")).isEmpty();
        assertThat(call.queryParam("b")).isEmpty();
    }
}
