package dev.keyless.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unauthenticated request stores at most 2 KiB in the audit log, however large its user agent,
 * role ARN, session name, audience or unverified token claims: each request-derived field is cut
 * with a visible marker. The rows are read from the store itself (the SQLite file). A legitimate
 * AssumeRole still answers within 1 s afterwards.
 */
class AuditRowSizeTest {
    @TempDir
    Path dir;

    @Test
    void unauthenticatedJunkRequestsThenEveryStoredRowAtMostTwoKib() throws Exception {
        String ua = "Mozilla/5.0 (X11; junk " + "words and more words ".repeat(550) + ")";
        String bigIss = "https://" + "i".repeat(20_000) + ".example";
        String unverified = b64("{\"alg\":\"RS256\",\"kid\":\"" + "k".repeat(2_000) + "\"}") + "."
                + b64("{\"iss\":\"" + bigIss + "\",\"sub\":\"" + "s".repeat(5_000) + "\",\"aud\":\"sts.amazonaws.com\"}") + ".c2ln";
        List<String> requests = new ArrayList<>();
        requests.add(form("Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2F"
                + "role-name-".repeat(1_500) + "&RoleSessionName=" + "session-".repeat(600) + "&WebIdentityToken=" + unverified, "/", ua));
        requests.add(form("Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fgitlab-deployer"
                + "&RoleSessionName=s&WebIdentityToken=" + "x".repeat(30_000), "/", ua));
        requests.add(form("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&requested_token_type="
                + "urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3A"
                + "token-type%3Ajwt&audience=%2F%2Fiam.googleapis.com%2Fprojects%2F123456789012%2Flocations%2Fglobal%2F"
                + "workloadIdentityPools%2F" + "pool-".repeat(3_000) + "%2Fproviders%2Fgitlab&subject_token=" + unverified, "/v1/token", ua));
        requests.add(form("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&requested_token_type="
                + "urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3A"
                + "token-type%3Ajwt&audience=%2F%2Fiam.googleapis.com%2Fprojects%2F123456789012%2Flocations%2Fglobal%2F"
                + "workloadIdentityPools%2Fgitlab-pool%2Fproviders%2Fgitlab&subject_token=" + unverified, "/v1/token", ua));
        requests.add("POST /v1/projects/-/serviceAccounts/" + "e".repeat(3_000) + "@my-project.iam.gserviceaccount.com:generateAccessToken"
                + " HTTP/1.1\r\nHost: x\r\nUser-Agent: " + ua + "\r\nAuthorization: Bearer " + "y".repeat(3_000)
                + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
        requests.add("POST /api/v1/ci/id_tokens HTTP/1.1\r\nHost: x\r\nUser-Agent: " + ua + "\r\nAuthorization: Bearer "
                + "z".repeat(3_000) + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");

        List<Integer> sizes = new ArrayList<>();
        List<String> markers = new ArrayList<>();
        int biggestRequest = 0;
        HardeningNode.Legit after;
        try (HardeningNode node = HardeningNode.start(dir, y -> y, "true")) {
            for (String request : requests) {
                biggestRequest = Math.max(biggestRequest, request.length());
                try (RawHttp http = new RawHttp(node.port(), 10_000)) {
                    RawHttp.Response r = http.exchange(request);
                    assertThat(r.status()).as("junk request answered %s", r.text()).isBetween(400, 499);
                }
            }
            dev.keyless.testing.AuditJournalFolder.awaitCommitted(dir.resolve("keyless-data"));
            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("keyless-data/keyless.db"));
                    ResultSet rows = db.createStatement().executeQuery("SELECT * FROM audit_events")) {
                ResultSetMetaData meta = rows.getMetaData();
                while (rows.next()) {
                    int size = 0;
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        String v = rows.getString(c);
                        size += v == null ? 0 : v.getBytes(StandardCharsets.UTF_8).length;
                        if (v != null && v.contains("[truncated, ")) {
                            markers.add(meta.getColumnName(c));
                        }
                    }
                    sizes.add(size);
                }
            }
            after = node.assumeRoleSettled(node.ciToken());
        }
        System.out.printf("[item 6] %d junk requests (largest %d bytes) -> %d audit rows of %s bytes; cut fields: %s;"
                + " legit AssumeRole after: %s%n", requests.size(), biggestRequest, sizes.size(), sizes, markers, after);
        assertThat(after.mintedWithin(1_000)).as("legit after: %s", after).isTrue();
        assertThat(sizes).hasSizeGreaterThanOrEqualTo(requests.size() - 1).allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(2048));
        assertThat(markers).contains("user_agent", "role");
    }

    private static String form(String body, String path, String ua) {
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\nUser-Agent: " + ua + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
