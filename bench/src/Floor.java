import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The floor of one exchange and of one minted token, in the unit bench/run reports the server in:
 * CPU microseconds per operation (this thread's user + system time), ONE thread, after a JIT
 * warm-up, through the same Nimbus + JDK crypto the server uses, in a JVM started with the server's
 * flags. Being CPU time, it hardly moves when other processes share the cores.
 * Run: java -cp target/keyless.jar bench/src/Floor.java SECONDS
 */
public final class Floor {
    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        RSAKey key = new RSAKeyGenerator(2048).keyID("bench").generate();
        String payload = "{\"iss\":\"http://127.0.0.1:8080\",\"sub\":\"project_path:mygroup/myrepo:ref_type:branch:ref:main\","
                + "\"aud\":\"sts.amazonaws.com\",\"iat\":1700000000,\"exp\":1700000300,\"jti\":\"x\"}";
        RSASSASigner signer = new RSASSASigner(key);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("bench").build(),
                    new Payload(payload.replace("\"x\"", "\"" + i + "\"")));
            jws.sign(signer);
            tokens.add(jws.serialize());
        }
        RSASSAVerifier verifier = new RSASSAVerifier(key.toRSAPublicKey());
        Op verify = i -> {
            if (!JWSObject.parse(tokens.get(i & 255)).verify(verifier)) {
                throw new IllegalStateException("verify failed");
            }
        };
        Op sign = i -> new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("bench").build(), new Payload(payload))
                .sign(signer);
        double verifyUs = cpuMicrosPerOp(verify, seconds);
        double signUs = cpuMicrosPerOp(sign, seconds);
        System.out.printf(Locale.ROOT, "{\"verifyCpuUs\":%.1f,\"signCpuUs\":%.1f}%n", verifyUs, signUs);
    }

    interface Op {
        void apply(int i) throws Exception;
    }

    private static double cpuMicrosPerOp(Op op, double seconds) throws Exception {
        // Warm-up first (C2 compiles the big-integer intrinsics), then a measured window.
        long warmEnd = System.nanoTime() + 2_000_000_000L;
        for (int i = 0; System.nanoTime() < warmEnd; i++) {
            op.apply(i);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int n = 0;
        while (System.nanoTime() < end) {
            op.apply(n++);
        }
        return (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / n;
    }
}
