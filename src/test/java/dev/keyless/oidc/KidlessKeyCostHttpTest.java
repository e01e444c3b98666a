package dev.keyless.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import dev.keyless.testing.LauncherServer;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Junk tokens without {@code kid} against issuers whose key sets make each candidate key expensive
 * or numerous, sent to {@code keyless serve} in its own process with the launcher's default JVM
 * options, so its CPU time can be read from {@code /proc/PID/stat}. Absurd RSA keys (3071-bit
 * exponents) are dropped when the set is loaded, and a kid-less token is tried against at most
 * three keys, so a junk token costs the server well under 20 ms of CPU, and a legitimate
 * AssumeRole answers within 1 s while two clients send junk tokens back to back, and after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KidlessKeyCostHttpTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int REQUESTS = 40;

    private FakeIssuer absurd;
    private FakeIssuer many;
    private FakeIssuer rotating;
    private LauncherServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final RSAKey current = TestTokens.rsa("current");
    private final RSAKey next = TestTokens.rsa("next");
    private final RSAKey attacker = TestTokens.rsa("attacker");

    @BeforeAll
    void start() throws Exception {
        absurd = new FakeIssuer();
        many = new FakeIssuer();
        rotating = new FakeIssuer();
        List<String> absurdKeys = new ArrayList<>();
        List<String> manyKeys = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            absurdKeys.add(rsaJwk("absurd-" + i, oddNumber(3072), oddNumber(3071)));
            manyKeys.add(rsaJwk("many-" + i, oddNumber(2048), BigInteger.valueOf(65537)));
        }
        absurd.serve("{\"keys\":[" + String.join(",", absurdKeys) + "]}");
        many.serve("{\"keys\":[" + String.join(",", manyKeys) + "]}");
        rotating.serve(TestTokens.jwks(current, next));
        server = LauncherServer.start(Files.createTempDirectory("keyless-kidless"),
                ForeignIssuerSts.yaml(List.of(absurd.url(), many.url(), rotating.url()), Map.of(), ""));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        absurd.close();
        many.close();
        rotating.close();
    }

    private static BigInteger oddNumber(int bits) {
        return new BigInteger(bits, RANDOM).setBit(bits - 1).setBit(0);
    }

    private static String rsaJwk(String kid, BigInteger n, BigInteger e) {
        return "{\"kty\":\"RSA\",\"kid\":\"" + kid + "\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\"" + b64(n) + "\",\"e\":\""
                + b64(e) + "\"}";
    }

    private static String b64(BigInteger v) {
        byte[] bytes = v.toByteArray();
        if (bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** utime + stime of the server process, in ms (/proc/PID/stat fields 14 and 15, in clock ticks). */
    private long serverCpuMillis() throws Exception {
        String stat = Files.readString(Path.of("/proc/" + server.process().pid() + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 1000 / clockTicksPerSecond();
    }

    private static long clockTicksPerSecond() throws Exception {
        Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
        return Long.parseLong(new String(p.getInputStream().readAllBytes()).trim());
    }

    /** Sends {@link #REQUESTS} junk kid-less tokens after a warm-up; the server's CPU ms per request. */
    private double cpuPerJunkToken(FakeIssuer issuer, String roleArn, String expectedCode) throws Exception {
        for (int i = 0; i < 20; i++) { // warm-up: JIT compilation is CPU time of the server too
            assertThat(ForeignIssuerSts.code(junk(issuer, roleArn))).isEqualTo(expectedCode);
        }
        long before = serverCpuMillis();
        for (int i = 0; i < REQUESTS; i++) {
            HttpResponse<String> r = junk(issuer, roleArn);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(ForeignIssuerSts.code(r)).isEqualTo(expectedCode);
            assertThat(r.body()).doesNotContain("<Credentials>");
        }
        return (serverCpuMillis() - before) / (double) REQUESTS;
    }

    private HttpResponse<String> junk(FakeIssuer issuer, String roleArn) throws Exception {
        return ForeignIssuerSts.assume(http, server.url(), roleArn,
                ForeignIssuerSts.token(issuer.url(), Instant.now(), attacker, null));
    }

    @Test
    void assumeWhenKeySetHas45AbsurdExponentKeysThenKeysRefusedAtLoadAndJunkIsCheap() throws Exception {
        double perRequest = cpuPerJunkToken(absurd, ForeignIssuerSts.roleArn(0), "IDPCommunicationError");

        BigInteger n = oddNumber(3072);
        BigInteger e = oddNumber(3071);
        long start = System.nanoTime();
        oddNumber(3071).modPow(e, n);
        double oneKeyMs = (System.nanoTime() - start) / 1e6;
        System.out.printf("[item 9] 45 absurd RSA keys, kid-less junk: server CPU %.1f ms/request (one such key's"
                + " modPow here: %.1f ms, x45 = %.0f ms)%n", perRequest, oneKeyMs, oneKeyMs * 45);
        assertThat(perRequest).isLessThan(20);
    }

    @Test
    void assumeWhenKeySetHas45KeysOfTheAlgAndNoKidThenRefusedWithoutTryingThem() throws Exception {
        double perRequest = cpuPerJunkToken(many, ForeignIssuerSts.roleArn(1), "InvalidIdentityToken");

        System.out.printf("[item 9] 45 RSA-2048 keys, kid-less junk: server CPU %.1f ms/request%n", perRequest);
        assertThat(perRequest).isLessThan(20);
    }

    @Test
    void assumeWhenTwoClientsFloodKidlessJunkThenLegitimateAssumeRoleWithinOneSecondDuringAndAfter() throws Exception {
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger credentials = new AtomicInteger();
        List<LauncherServer.Legit> during = server.duringAttack(ForeignIssuerSts.roleArn(2), this::legitToken, 200, () -> {
            long deadline = System.nanoTime() + 3_000_000_000L;
            List<Thread> flood = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                FakeIssuer target = c == 0 ? absurd : many;
                String role = ForeignIssuerSts.roleArn(c);
                flood.add(Thread.ofPlatform().start(() -> {
                    while (System.nanoTime() < deadline) {
                        try {
                            HttpResponse<String> r = junk(target, role);
                            sent.incrementAndGet();
                            if (r.body().contains("<Credentials>")) {
                                credentials.incrementAndGet();
                            }
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
        LauncherServer.Legit after = server.assumeRoleSettled(ForeignIssuerSts.roleArn(2), this::legitToken);

        System.out.println("[item 9] " + sent + " kid-less junk tokens in 3 s from 2 clients; legit AssumeRole during " + during
                + ", after " + after);
        assertThat(sent.get()).isPositive();
        assertThat(credentials.get()).isZero();
        assertThat(server.auditCount("decision = 'ALLOW' AND role IN ('" + ForeignIssuerSts.roleArn(0) + "', '"
                + ForeignIssuerSts.roleArn(1) + "')")).as("sessions of the attacked roles in the audit log").isZero();
        assertThat(during).allSatisfy(l -> assertThat(l.mintedWithin(1_000)).as("legit during: %s", l).isTrue());
        assertThat(after.mintedWithin(1_000)).as("legit after: %s", after).isTrue();
    }

    /** A legitimate token: the rotating issuer's current key, with its kid. */
    private String legitToken() {
        return ForeignIssuerSts.token(rotating.url(), Instant.now(), current, "current");
    }

    @Test
    void assumeWhenTwoKeysDuringRotationAndNoKidThenTheSecondKeyStillVerifies() throws Exception {
        HttpResponse<String> r = ForeignIssuerSts.assume(http, server.url(), ForeignIssuerSts.roleArn(2),
                ForeignIssuerSts.token(rotating.url(), Instant.now(), next, null));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("<AccessKeyId>");
    }
}
