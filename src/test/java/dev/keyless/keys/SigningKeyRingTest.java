package dev.keyless.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.keyless.store.Database;
import dev.keyless.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyRingTest {
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final Duration DELAY = Duration.ofMinutes(10);
    private static final Duration REFRESH = Duration.ofSeconds(30);
    private static final byte[] PAYLOAD = "{\"sub\":\"x\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));
    private Database db;
    private MasterKey master;

    @BeforeEach
    void open() {
        db = Database.open("jdbc:sqlite:" + tmp.resolve("keyless.db"), clock);
        master = MasterKey.load(Map.of(), db.dataFolder());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private SigningKeyRing ring(KeyAlgorithm alg, Duration delay) {
        return SigningKeyRing.open(db, master, clock, new KeyRingSettings(alg, delay, REFRESH));
    }

    @Test
    void openWhenEmptyThenOneActiveRs256KeyWithThumbprintKid() throws Exception {
        SigningKeyRing ring = ring(KeyAlgorithm.RS256, DELAY);
        List<KeyInfo> keys = ring.list();
        assertThat(keys).singleElement().satisfies(k -> {
            assertThat(k.state()).isEqualTo(KeyState.ACTIVE);
            assertThat(k.alg()).isEqualTo(KeyAlgorithm.RS256);
            assertThat(k.retireAfter()).isEmpty();
        });
        RSAKey published = (RSAKey) JWKSet.parse(ring.publicJwksJson()).getKeys().getFirst();
        assertThat(published.computeThumbprint().toString()).isEqualTo(keys.getFirst().kid()).hasSize(43);
        assertThat(published.toRSAPublicKey().getModulus().bitLength()).isEqualTo(2048);
        assertThat(published.isPrivate()).isFalse();
        assertThat(published.toJSONObject().keySet()).containsExactlyInAnyOrder("kty", "kid", "e", "n", "use", "alg");
        assertThat(ring.activeSigner().kid()).isEqualTo(keys.getFirst().kid());
    }

    @Test
    void openWhenEs256SelectedThenSignsVerifiableEs256() throws Exception {
        SigningKeyRing ring = ring(KeyAlgorithm.ES256, DELAY);
        String jws = ring.activeSigner().sign(PAYLOAD);
        JWSObject parsed = JWSObject.parse(jws);
        assertThat(parsed.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        ECKey key = (ECKey) JWKSet.parse(ring.publicJwksJson()).getKeyByKeyId(parsed.getHeader().getKeyID());
        assertThat(parsed.verify(new ECDSAVerifier(key))).isTrue();
        assertThat(key.computeThumbprint().toString()).isEqualTo(parsed.getHeader().getKeyID());
    }

    @Test
    void signWhenCalledThenHeaderHasAlgKidTypAndPayloadBytesAreKept() throws Exception {
        SigningKey signer = ring(KeyAlgorithm.RS256, DELAY).activeSigner();
        JWSObject parsed = JWSObject.parse(signer.sign(PAYLOAD));
        assertThat(parsed.getHeader().toJSONObject()).containsOnlyKeys("alg", "kid", "typ").containsEntry("typ", "JWT");
        assertThat(parsed.getPayload().toBytes()).isEqualTo(PAYLOAD);
        assertThat(signer.toString()).isEqualTo("SigningKey[kid=" + signer.kid() + ", alg=RS256]");
    }

    @Test
    void storeWhenReadDirectlyThenPrivateKeyIsNotAReadableJwk() throws Exception {
        ring(KeyAlgorithm.RS256, DELAY);
        try (Connection c = db.dataSource().getConnection();
                var rows = c.createStatement().executeQuery("SELECT private_jwk_sealed, public_jwk FROM issuer_keys")) {
            rows.next();
            String sealed = rows.getString(1);
            assertThat(sealed).doesNotContain("\"d\"").doesNotContain("\"p\"");
            assertThat(new String(java.util.Base64.getDecoder().decode(sealed), StandardCharsets.ISO_8859_1))
                    .doesNotContain("\"d\"");
            assertThat(rows.getString(2)).doesNotContain("\"d\"");
        }
    }

    @Test
    void openWhenAnotherMasterKeyThenRefusesNamingBothIds() {
        ring(KeyAlgorithm.RS256, DELAY);
        MasterKey other = MasterKey.generate(new SecureRandom());
        assertThatThrownBy(() -> SigningKeyRing.open(db, other, clock, new KeyRingSettings(KeyAlgorithm.RS256, DELAY, REFRESH)))
                .hasMessageContaining(master.id()).hasMessageContaining(other.id()).hasMessageContaining(MasterKey.ENV);
    }

    @Test
    void rotateWhenPublishFirstThenNewKeyPublishedBeforeItSigns() throws Exception {
        SigningKeyRing ring = ring(KeyAlgorithm.RS256, DELAY);
        String oldKid = ring.activeSigner().kid();
        String before = ring.activeSigner().sign(PAYLOAD);

        Rotation rotation = ring.rotate(TTL, SigningKeyRing.RotateMode.PUBLISH_FIRST);

        String newKid = ((Rotation.Scheduled) rotation).next().kid();
        assertThat(kids(ring)).containsExactlyInAnyOrder(oldKid, newKid);
        assertThat(ring.activeSigner().kid()).isEqualTo(oldKid);
        clock.advance(DELAY.minusMillis(1));
        assertThat(ring.activeSigner().kid()).isEqualTo(oldKid);
        clock.advance(Duration.ofMillis(1));
        assertThat(ring.activeSigner().kid()).isEqualTo(newKid);
        assertThat(verifies(before, ring.publicJwksJson())).isTrue();
    }

    @Test
    void rotateWhenOldTokensExpireThenOldKeyLeavesJwksOnlyAfterwards() throws Exception {
        SigningKeyRing ring = ring(KeyAlgorithm.RS256, Duration.ZERO);
        String oldKid = ring.activeSigner().kid();
        clock.advance(Duration.ofHours(1));
        ring.rotate(TTL, SigningKeyRing.RotateMode.PUBLISH_FIRST);
        // retire_after also covers a node that has not refreshed yet (one refresh interval).
        KeyInfo old = ring.list().stream().filter(k -> k.kid().equals(oldKid)).findFirst().orElseThrow();
        assertThat(old.state()).isEqualTo(KeyState.RETIRED);
        assertThat(old.retireAfter()).contains(clock.instant().plus(TTL).plus(REFRESH));

        clock.advance(TTL.plus(REFRESH).minusMillis(1));
        assertThat(kids(ring)).contains(oldKid);
        clock.advance(Duration.ofMillis(1));
        assertThat(kids(ring)).doesNotContain(oldKid);
        assertThat(ring.list()).filteredOn(k -> k.kid().equals(oldKid)).extracting(KeyInfo::state)
                .containsExactly(KeyState.EXPIRED);
    }

    @Test
    void rotateWhenTokensMintedWithOldKeyThenTheyVerifyUntilTheyExpire() throws Exception {
        SigningKeyRing ring = ring(KeyAlgorithm.RS256, DELAY);
        String first = ring.activeSigner().sign(PAYLOAD); // expires at t0 + TTL
        ring.rotate(TTL, SigningKeyRing.RotateMode.PUBLISH_FIRST);
        clock.advance(TTL);
        ring.refresh();
        assertThat(verifies(first, ring.publicJwksJson())).isTrue();

        clock.advance(DELAY.minus(TTL).minusSeconds(1));
        String last = ring.activeSigner().sign(PAYLOAD); // the old key's last token, expires 1 s + TTL later
        clock.advance(Duration.ofSeconds(1).plus(TTL));
        ring.refresh();
        assertThat(verifies(last, ring.publicJwksJson())).isTrue();

        String after = ring.activeSigner().sign(PAYLOAD);
        assertThat(JWSObject.parse(after).getHeader().getKeyID()).isNotEqualTo(JWSObject.parse(last).getHeader().getKeyID());
        assertThat(verifies(after, ring.publicJwksJson())).isTrue();
    }

    @Test
    void rotateWhenAKeyIsPendingThenAlreadyPending() {
        SigningKeyRing ring = ring(KeyAlgorithm.RS256, DELAY);
        Rotation first = ring.rotate(TTL, SigningKeyRing.RotateMode.PUBLISH_FIRST);
        Rotation second = ring.rotate(TTL, SigningKeyRing.RotateMode.PUBLISH_FIRST);
        assertThat(second).isEqualTo(new Rotation.AlreadyPending(((Rotation.Scheduled) first).next()));
        assertThat(ring.list()).hasSize(2);
    }

    @Test
    void rotateWhenNowThenNewKeySignsAtOnceAndPendingKeyIsDropped() {
        SigningKeyRing ring = ring(KeyAlgorithm.RS256, DELAY);
        String pending = ((Rotation.Scheduled) ring.rotate(TTL, SigningKeyRing.RotateMode.PUBLISH_FIRST)).next().kid();
        clock.advance(Duration.ofMinutes(1));
        Rotation now = ring.rotate(TTL, SigningKeyRing.RotateMode.NOW);
        String emergency = ((Rotation.Scheduled) now).next().kid();
        assertThat(ring.activeSigner().kid()).isEqualTo(emergency);
        assertThat(ring.list()).extracting(KeyInfo::kid).doesNotContain(pending).hasSize(2);
    }

    @Test
    void rotateWhenNowWithinTheSameMillisecondAsTheLastKeyThenActivatesStrictlyAfterItAtStorePrecision() {
        clock.set(Instant.parse("2026-03-01T10:00:00.123456789Z"));
        SigningKeyRing ring = ring(KeyAlgorithm.RS256, DELAY);     // first key: activate_at stored as .123
        String first = ring.activeSigner().kid();
        Rotation now = ring.rotate(TTL, SigningKeyRing.RotateMode.NOW);
        KeyInfo next = ((Rotation.Scheduled) now).next();
        // Stored in milliseconds, .123456789 would tie with .123 and the signer would depend on row order.
        assertThat(next.activated()).isEqualTo(Instant.parse("2026-03-01T10:00:00.124Z"));
        assertThat(ring.activeSigner().kid()).isEqualTo(first);
        clock.set(next.activated());
        ring.refresh();
        assertThat(ring.activeSigner().kid()).isEqualTo(next.kid());
    }

    @Test
    void refreshWhenAnotherNodeRotatedThenThisNodePublishesTheNewKey() {
        SigningKeyRing nodeA = ring(KeyAlgorithm.RS256, DELAY);
        SigningKeyRing nodeB = ring(KeyAlgorithm.RS256, DELAY);
        String newKid = ((Rotation.Scheduled) nodeA.rotate(TTL, SigningKeyRing.RotateMode.PUBLISH_FIRST)).next().kid();
        assertThat(kids(nodeB)).doesNotContain(newKid);
        nodeB.refresh();
        assertThat(nodeB.publicJwksJson()).isEqualTo(nodeA.publicJwksJson());
        clock.advance(DELAY);
        assertThat(nodeB.activeSigner().kid()).isEqualTo(newKid);
    }

    private static List<String> kids(SigningKeyRing ring) {
        try {
            List<String> kids = new ArrayList<>();
            for (JWK key : JWKSet.parse(ring.publicJwksJson()).getKeys()) {
                kids.add(key.getKeyID());
            }
            return kids;
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean verifies(String jws, String jwks) throws Exception {
        JWSObject parsed = JWSObject.parse(jws);
        JWK key = JWKSet.parse(jwks).getKeyByKeyId(parsed.getHeader().getKeyID());
        return key != null && parsed.verify(new RSASSAVerifier((RSAKey) key));
    }
}
