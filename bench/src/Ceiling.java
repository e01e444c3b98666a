import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The physical limit of a token exchange and of minting: RS256 verifies/s and signs/s with every
 * core busy, through the same Nimbus + JDK crypto the server uses, in a JVM started with the
 * server's flags. Run: java -cp target/keyless.jar bench/src/Ceiling.java SECONDS
 */
public final class Ceiling {
    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        RSAKey key = new RSAKeyGenerator(2048).keyID("bench").generate();
        String payload = "{\"iss\":\"http://127.0.0.1:8080\",\"sub\":\"project_path:mygroup/myrepo:ref_type:branch:ref:main\","
                + "\"aud\":\"sts.amazonaws.com\",\"iat\":1700000000,\"exp\":1700000300,\"jti\":\"x\"}";
        int threads = Runtime.getRuntime().availableProcessors();
        List<String> tokens = new ArrayList<>();
        RSASSASigner signer = new RSASSASigner(key);
        for (int i = 0; i < 256; i++) {
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("bench").build(),
                    new Payload(payload.replace("\"x\"", "\"" + i + "\"")));
            jws.sign(signer);
            tokens.add(jws.serialize());
        }
        double verify = run(threads, seconds, () -> {
            RSASSAVerifier verifier = new RSASSAVerifier(key.toRSAPublicKey());
            return i -> {
                JWSObject jws = JWSObject.parse(tokens.get(i & 255));
                if (!jws.verify(verifier)) {
                    throw new IllegalStateException("verify failed");
                }
            };
        });
        double sign = run(threads, seconds, () -> {
            RSASSASigner s = new RSASSASigner(key);
            return i -> {
                JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("bench").build(), new Payload(payload));
                jws.sign(s);
            };
        });
        System.out.printf(java.util.Locale.ROOT, "{\"threads\":%d,\"verifyPerSecond\":%.0f,\"signPerSecond\":%.0f}%n", threads, verify, sign);
    }

    interface Op {
        void apply(int i) throws Exception;
    }

    interface OpFactory {
        Op create() throws Exception;
    }

    private static double run(int threads, double seconds, OpFactory factory) throws Exception {
        // Warm up the JIT on one thread first, so the measured window is steady state.
        Op warm = factory.create();
        long warmEnd = System.nanoTime() + 2_000_000_000L;
        for (int i = 0; System.nanoTime() < warmEnd; i++) {
            warm.apply(i);
        }
        LongAdder done = new LongAdder();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Op op = factory.create();
            Thread th = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; System.nanoTime() < end; i++) {
                        op.apply(i);
                        done.increment();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            workers.add(th);
        }
        long start = System.nanoTime();
        for (Thread th : workers) {
            th.join();
        }
        return done.sum() / ((System.nanoTime() - start) / 1e9);
    }
}
