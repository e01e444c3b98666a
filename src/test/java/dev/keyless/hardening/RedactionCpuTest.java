package dev.keyless.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audit redaction costs linear time: requests up to 64 KiB shaped for the old quadratic pattern
 * (dot-less runs of {@code eyJ}, in the user agent and in the form fields that reach the audit
 * row) cost at most 20 ms of server CPU each, measured from the process's /proc stat, and while
 * two clients send them back to back a legitimate AssumeRole answers within 1 s, during and after.
 * And
 * redaction goes by what a secret is, not by length: a verified token's subject with a legal
 * 120-character branch name is stored as it is.
 */
class RedactionCpuTest {
    private static final int SAMPLES = 9;
    private static final int PER_SAMPLE = 5;

    @TempDir
    Path dir;

    @Test
    void worstCaseShapesCostAtMostTwentyMillisecondsOfServerCpuAndLongBranchNamesSurvive() throws Exception {
        long tick = 1000 / Long.parseLong(new String(new ProcessBuilder("getconf", "CLK_TCK").start().getInputStream()
                .readAllBytes()).trim());
        String eyj = "eyJ".repeat(15_000 / 3);
        String branch = "feature/" + "AbCdEfGh12".repeat(11) + "xy";
        try (HardeningNode node = HardeningNode.start(dir, y -> y, "true")) {
            List<String> shapes = List.of(
                    // user agent of eyJ (Helidon's header limit is 16 KiB), junk token
                    stsForm("eyJ" + "x".repeat(100), eyj),
                    // 60 KiB of eyJ in the role ARN, session name and token
                    stsForm("eyJ".repeat(10_000) + "&RoleSessionName=" + "eyJ".repeat(3_000), "curl"),
                    // eyJ runs with one dot each: the most work for a JWT scan that finds no second dot
                    stsForm(("eyJ".repeat(50) + ".").repeat(200), eyj));
            // Warm up: the measurement is of steady-state cost, not of the JIT compiling the handlers.
            for (int i = 0; i < 20; i++) {
                for (String s : shapes) {
                    exchange(node, s);
                }
            }
            List<String> figures = new ArrayList<>();
            double worst = 0;
            for (String shape : shapes) {
                double[] perRequest = new double[SAMPLES];
                for (int s = 0; s < SAMPLES; s++) {
                    long before = node.cpuTicks();
                    for (int i = 0; i < PER_SAMPLE; i++) {
                        exchange(node, shape);
                    }
                    perRequest[s] = (node.cpuTicks() - before) * (double) tick / PER_SAMPLE;
                }
                Arrays.sort(perRequest);
                double median = perRequest[SAMPLES / 2];
                worst = Math.max(worst, median);
                figures.add(String.format("%d-byte request: median %.1f ms CPU (samples %s)", shape.length(), median,
                        Arrays.toString(perRequest)));
            }

            // Two clients sending the worst shapes back to back: legitimate AssumeRoles still answer within 1 s.
            AtomicInteger floodSent = new AtomicInteger();
            List<HardeningNode.Legit> during = node.duringAttack(200, () -> {
                long deadline = System.nanoTime() + 3_000_000_000L;
                List<Thread> flood = new ArrayList<>();
                for (int c = 0; c < 2; c++) {
                    flood.add(Thread.ofPlatform().start(() -> {
                        for (int i = 0; System.nanoTime() < deadline; i++) {
                            try {
                                exchange(node, shapes.get(i % shapes.size()));
                                floodSent.incrementAndGet();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }));
                }
                for (Thread t : flood) {
                    t.join();
                }
            });
            HardeningNode.Legit after = node.assumeRoleSettled(node.ciToken());
            figures.add(floodSent + " worst-shape requests in 3 s from 2 clients; legit AssumeRole during " + during
                    + ", after " + after);

            String token = ciToken(node, branch);
            HardeningNode.Legit denied = node.assumeRole(token);
            String subject;
            dev.keyless.testing.AuditJournalFolder.awaitCommitted(dir.resolve("keyless-data"));
            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("keyless-data/keyless.db"));
                    ResultSet rows = db.createStatement().executeQuery(
                            "SELECT subject FROM audit_events WHERE subject IS NOT NULL ORDER BY occurred_at DESC LIMIT 1")) {
                subject = rows.next() ? rows.getString(1) : null;
            }
            figures.forEach(f -> System.out.println("[item 3] " + f));
            System.out.println("[item 3] AssumeRole with a " + branch.length() + "-character branch: " + denied.status()
                    + ", stored subject: " + subject);
            assertThat(shapes).allSatisfy(r -> assertThat(r.length()).isLessThanOrEqualTo(64 * 1024));
            assertThat(worst).as("median server CPU per request, ms").isLessThanOrEqualTo(20.0);
            assertThat(floodSent.get()).isPositive();
            assertThat(during).allSatisfy(l -> assertThat(l.mintedWithin(1_000)).as("legit during: %s", l).isTrue());
            assertThat(after.mintedWithin(1_000)).as("legit after: %s", after).isTrue();
            assertThat(subject).isEqualTo("project_path:mygroup/myrepo:ref_type:branch:ref:" + branch);
        }
    }

    private static String stsForm(String roleTail, String userAgent) {
        String body = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2F"
                + roleTail + "&WebIdentityToken=" + "eyJ".repeat(Math.max(0, (64 * 1024 - 400 - userAgent.length() - roleTail.length()) / 3));
        return "POST / HTTP/1.1\r\nHost: x\r\nUser-Agent: " + userAgent + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private static void exchange(HardeningNode node, String request) throws Exception {
        try (RawHttp http = new RawHttp(node.port(), 10_000)) {
            RawHttp.Response r = http.exchange(request);
            assertThat(r.status()).isBetween(400, 499);
        }
    }

    private static String ciToken(HardeningNode node, String ref) throws Exception {
        String body = "{\"job\":{\"project_path\":\"mygroup/myrepo\",\"ref\":\"" + ref + "\"},"
                + "\"id_tokens\":{\"T\":{\"aud\":\"sts.amazonaws.com\"}}}";
        try (RawHttp http = new RawHttp(node.port(), 10_000)) {
            RawHttp.Response r = http.exchange("POST /api/v1/ci/id_tokens HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer dev-secret-change-me\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.text()).findValue("T").asText();
        }
    }
}
