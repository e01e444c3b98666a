package dev.keyless.multinode;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.keyless.gcp.http.GcpHttp;
import dev.keyless.keys.MasterKey;
import dev.keyless.keys.Rotation;
import dev.keyless.keys.SigningKeyRing;
import dev.keyless.store.StoreCredentials;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.TestClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key rotation on node A while node B serves. After every step, every token minted so
 * far on either node verifies through the JWKS each node serves over HTTP. The nodes share one
 * clock the test moves; {@code refresh()} on B stands for its 30 s refresh timer firing.
 */
class RotationAcrossNodesTest {
    @TempDir
    Path dir;
    PasswordPostgres postgres;
    TestClock clock;
    KeylessTestServer nodeA;
    KeylessTestServer nodeB;
    final List<String> minted = new ArrayList<>();

    @BeforeEach
    void start() {
        postgres = PasswordPostgres.start();
        clock = new TestClock(Clock.systemUTC().instant());
        String yaml = SharedStore.yaml(postgres.jdbcUrl(), PasswordPostgres.USER);
        Map<String, String> env = Map.of(MasterKey.ENV, SharedStore.newMasterKey(),
                StoreCredentials.PASSWORD_ENV, PasswordPostgres.PASSWORD);
        nodeA = KeylessTestServer.start(dir.resolve("a"), yaml, clock, env);
        nodeB = KeylessTestServer.start(dir.resolve("b"), yaml, clock, env);
    }

    @AfterEach
    void stop() {
        nodeB.close();
        nodeA.close();
        postgres.close();
    }

    @Test
    void rotateWhenPublishFirstOnNodeAThenEveryTokenFromEitherNodeVerifiesThroughBothJwks() throws Exception {
        mintOnBothAndVerifyAll();
        SigningKeyRing ringA = nodeA.keyless().keyRing();

        Rotation rotation = ringA.rotate(Duration.ofHours(24), SigningKeyRing.RotateMode.PUBLISH_FIRST);

        assertThat(rotation).isInstanceOf(Rotation.Scheduled.class);
        Instant activation = ((Rotation.Scheduled) rotation).next().activated();
        mintOnBothAndVerifyAll();                    // published on A only; both still sign with the old key
        clock.advance(Duration.ofSeconds(30));
        nodeB.keyless().keyRing().refresh();         // B's refresh timer: now B publishes the new key too
        mintOnBothAndVerifyAll();
        clock.set(activation);                        // both switch by the clock, with no write
        mintOnBothAndVerifyAll();
        assertThat(kid(minted.getLast())).isEqualTo(((Rotation.Scheduled) rotation).next().kid());
        assertThat(kid(minted.get(minted.size() - 2))).isEqualTo(kid(minted.getLast()));
        clock.advance(Duration.ofMinutes(5));
        mintOnBothAndVerifyAll();
        assertThat(jwks(nodeA)).isEqualTo(jwks(nodeB));
    }

    @Test
    void rotateWhenNowOnNodeAThenTokensVerifyThroughBothJwksOnceNodeBRefreshed() throws Exception {
        mintOnBothAndVerifyAll();

        String oldKid = kid(minted.getLast());
        Rotation rotation = nodeA.keyless().keyRing().rotate(Duration.ofHours(24), SigningKeyRing.RotateMode.NOW);
        String newKid = ((Rotation.Scheduled) rotation).next().kid();
        assertThat(newKid).isNotEqualTo(oldKid);
        // NOW activates at once, but "strictly after" every existing key (SigningKeyRing.rotate). This class's
        // nodes share one store and each test restarts the clock, so move it to the reported activation.
        Instant activation = ((Rotation.Scheduled) rotation).next().activated();
        if (activation.isAfter(clock.instant())) {
            clock.set(activation);
        }

        // Until B refreshes, A already signs with the new key and B still with the old one; the old key
        // stays published on both. (The emergency mode's known gap: A's new tokens verify through B's
        // JWKS only once B has refreshed.)
        minted.add(nodeA.mint(SharedStore.AWS_AUD, SharedStore.PROJECT, "main"));
        assertThat(kid(minted.getLast())).as("A signs with the new key at once").isEqualTo(newKid);
        minted.add(nodeB.mint(SharedStore.AWS_AUD, SharedStore.PROJECT, "main"));
        assertThat(kid(minted.getLast())).as("B, not yet refreshed, still signs with the old key").isEqualTo(oldKid);
        verifyAllThrough(nodeA);                      // A publishes both keys
        nodeB.keyless().keyRing().refresh();          // B's refresh timer (30 s): now B publishes the new key
        verifyAllThrough(nodeB);
        mintOnBothAndVerifyAll();
        assertThat(kid(minted.getLast())).isEqualTo(newKid);
        assertThat(kid(minted.get(minted.size() - 2))).isEqualTo(newKid);
        assertThat(jwks(nodeA)).isEqualTo(jwks(nodeB)).contains(oldKid).contains(newKid);
    }

    private void mintOnBothAndVerifyAll() throws Exception {
        minted.add(nodeA.mint(SharedStore.AWS_AUD, SharedStore.PROJECT, "main"));
        minted.add(nodeB.mint(SharedStore.AWS_AUD, SharedStore.PROJECT, "main"));
        verifyAllThrough(nodeA);
        verifyAllThrough(nodeB);
    }

    private void verifyAllThrough(KeylessTestServer node) throws Exception {
        JWKSet keys = JWKSet.parse(jwks(node));
        for (String token : minted) {
            SignedJWT jwt = SignedJWT.parse(token);
            JWK key = keys.getKeyByKeyId(jwt.getHeader().getKeyID());
            assertThat(key).as("kid %s in the JWKS of %s", jwt.getHeader().getKeyID(), node.url()).isNotNull();
            JWSVerifier verifier = new RSASSAVerifier(key.toRSAKey());
            assertThat(jwt.verify(verifier)).as("signature through %s", node.url()).isTrue();
        }
    }

    private static String kid(String token) throws Exception {
        return SignedJWT.parse(token).getHeader().getKeyID();
    }

    private static String jwks(KeylessTestServer node) {
        HttpResponse<String> r = GcpHttp.get(node.url() + "/oauth/discovery/keys");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
