package dev.keyless.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request input that reaches the server log (a RoleArn, an unverified token's {@code iss}, a
 * presigned {@code X-Amz-Credential}, a method) cannot forge a log line or reach the terminal:
 * after the injection attempts the {@code keyless serve} log, text and JSON format, holds no C0
 * control character but the line feeds and the tabs of logback's own stack-trace lines, no DEL
 * and no C1 character, and no line starts with the forged text.
 */
class LogInjectionTest {
    private static final String FORGED = "\r\n12:00:00.000 INFO  keyless.access FORGED line\u001b[2J\u0007\u007f\u0085\u009b";

    @TempDir
    Path dir;

    @Test
    void textLogWhenInjectionAttemptsThenNoControlCharacters() throws Exception {
        check("text", y -> y.replace("level: INFO", "level: DEBUG"));
    }

    @Test
    void jsonLogWhenInjectionAttemptsThenNoControlCharacters() throws Exception {
        check("json", y -> y.replace("level: INFO", "level: DEBUG").replace("format: text", "format: json"));
    }

    private void check(String format, java.util.function.UnaryOperator<String> edit) throws Exception {
        String log;
        List<Integer> statuses = new ArrayList<>();
        try (HardeningNode node = HardeningNode.start(dir.resolve(format), edit, "true")) {
            String forgedUrl = HardeningNode.enc(FORGED);
            String now = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                    .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());
            String unsigned = b64("{\"alg\":\"RS256\",\"kid\":\"k" + json(FORGED) + "\"}") + "."
                    + b64("{\"iss\":\"https://evil.example/" + json(FORGED) + "\",\"sub\":\"x" + json(FORGED)
                    + "\",\"aud\":\"sts.amazonaws.com\"}") + ".c2ln";
            List<String> requests = List.of(
                    form("/", "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fx"
                            + forgedUrl + "&RoleSessionName=legit&WebIdentityToken=" + node.ciToken()),
                    form("/", "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=" + HardeningNode.enc(HardeningNode.ROLE_ARN)
                            + "&RoleSessionName=legit&WebIdentityToken=" + unsigned),
                    form("/v1/token", "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&requested_token_type="
                            + "urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3A"
                            + "token-type%3Ajwt&audience=%2F%2Fiam.googleapis.com%2Fprojects%2F123456789012%2Flocations%2Fglobal%2F"
                            + "workloadIdentityPools%2Fgitlab-pool%2Fproviders%2Fgitlab&subject_token=" + unsigned),
                    "GET /?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAXXXX"
                            + forgedUrl + "%2F" + now.substring(0, 8) + "%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=" + now
                            + "&X-Amz-SignedHeaders=host&X-Amz-Signature=00 HTTP/1.1\r\nHost: x\r\n\r\n",
                    "POST /v1/projects/-/serviceAccounts/a" + forgedUrl + "@p.iam.gserviceaccount.com:generateAccessToken HTTP/1.1\r\n"
                            + "Host: x\r\nAuthorization: Bearer " + unsigned + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
                    "GET /nothing" + forgedUrl + " HTTP/1.1\r\nHost: x\r\nUser-Agent: ua\u001b[31m\r\n\r\n");
            for (String request : requests) {
                try (RawHttp http = new RawHttp(node.port(), 10_000)) {
                    RawHttp.Response r = http.exchange(request);
                    statuses.add(r.status());
                    System.out.println("[item 5] answer: " + r.text().replaceAll("\\s+", " "));
                }
            }
            node.process.stop(); // flushes the asynchronous log
            log = node.log();
        }
        List<String> offending = new ArrayList<>();
        log.lines().forEach(line -> {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                boolean frameTab = c == '\t' && line.substring(0, i).isBlank();
                if ((c < 0x20 && !frameTab) || (c >= 0x7f && c <= 0x9f)) {
                    offending.add(String.format("U+%04X in: %s", (int) c, line.replaceAll("\\p{Cntrl}", "?")));
                    break;
                }
            }
        });
        long escaped = log.lines().filter(l -> l.contains("\\u001b") || l.contains("\\u000d")).count();
        System.out.printf("[item 5] %s log: %d attempts answered %s; %d lines, %d show an escaped control character,"
                        + " %d hold a raw C0/C1/DEL, %d start with the forged text%n", format, statuses.size(), statuses,
                log.lines().count(), escaped, offending.size(), log.lines().filter(l -> l.startsWith("12:00:00.000")).count());
        if (escaped == 0 || !offending.isEmpty()) {
            System.out.println(log.replaceAll("[\\p{Cntrl}&&[^\\n]]", "?"));
        }
        assertThat(offending).isEmpty();
        assertThat(log.lines()).noneMatch(l -> l.startsWith("12:00:00.000"));
        assertThat(escaped).as("the attempts did reach the log, escaped").isPositive();
    }

    private static String form(String path, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                + body.getBytes(StandardCharsets.ISO_8859_1).length + "\r\n\r\n" + body;
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c >= 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
