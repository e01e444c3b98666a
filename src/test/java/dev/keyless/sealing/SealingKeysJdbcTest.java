package dev.keyless.sealing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.keys.MasterKey;
import dev.keyless.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

class SealingKeysJdbcTest {

    @TempDir
    Path dir;

    private SQLiteDataSource dataSource;
    private final byte[] masterKey = new byte[32];
    private final TestClock clock = new TestClock(Instant.parse("2025-03-01T12:00:00Z"));

    @BeforeEach
    void migrate() throws Exception {
        dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + dir.resolve("keys.db"));
        new SecureRandom().nextBytes(masterKey);
        String sql = Files.readString(Path.of("src/main/resources/db/migration/V2__sealing_keys.sql"), StandardCharsets.UTF_8);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    private static MasterKey master(byte[] bytes) {
        return MasterKey.fromBase64(java.util.Base64.getEncoder().encodeToString(bytes));
    }

    private SealingKeys node() {
        return new SealingKeys(dataSource, master(masterKey), clock,
                new SecureRandom(), Duration.ofSeconds(30));
    }

    @Test
    void constructorWhenTableEmptyThenCreatesOneActiveKeyStoredWrapped() throws Exception {
        SealingKeys keys = node();

        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT key_id, state, key_material FROM sealing_keys")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(keys.activeKey().id());
            assertThat(rs.getString(2)).isEqualTo("active");
            byte[] stored = java.util.Base64.getDecoder().decode(rs.getString(3));
            assertThat(stored).hasSize(12 + 32 + 16).isNotEqualTo(keys.activeKey().key().getEncoded());
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void findWhenAnotherNodeRotatedThenSeesNewKeyAfterRefresh() {
        SealingKeys a = node();
        SealingKeys b = node();
        TokenSealer sealerB = new TokenSealer(b, new SecureRandom());

        SealingKey rotated = a.rotate();
        clock.advance(Duration.ofSeconds(31));

        assertThat(b.activeKey().id()).isEqualTo(rotated.id());
        String token = new TokenSealer(a, new SecureRandom()).seal(TokenPurpose.AWS_SESSION, new byte[] {1, 2});
        assertThat(sealerB.unseal(TokenPurpose.AWS_SESSION, token)).hasValueSatisfying(p -> assertThat(p).containsExactly(1, 2));
    }

    @Test
    void unsealWhenTokenUsesKeyAnotherNodeJustMadeThenOpensWithinASecond() {
        SealingKeys a = node();
        SealingKeys b = node();
        SealingKey made = a.rotate();
        String token = new TokenSealer(a, new SecureRandom()).seal(TokenPurpose.AWS_SESSION, new byte[] {7});
        clock.advance(Duration.ofMillis(1500));

        assertThat(b.find(made.id())).isPresent();
        assertThat(new TokenSealer(b, new SecureRandom()).unseal(TokenPurpose.AWS_SESSION, token)).contains(new byte[] {7});
    }

    @Test
    void findWhenUnknownIdRepeatedWithinASecondThenReadsTheTableAtMostOnce() throws Exception {
        SealingKeys b = node();
        clock.advance(Duration.ofMillis(1500));
        assertThat(b.find(42)).isEmpty();
        // A key appearing now is not seen until a second has passed: forged ids cannot force a read per request.
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM sealing_keys");
        }
        assertThat(b.find(43)).isEmpty();
        assertThat(b.find(b.activeKey().id())).as("no re-read within the second: the wiped table went unseen").isPresent();
        clock.advance(Duration.ofMillis(1500));
        assertThat(b.find(44)).isEmpty();
        assertThat(b.keys()).as("after a second the unknown id re-reads the (now empty) table").isEmpty();
    }

    /**
     * A row written before the master-key wrapping was merged into {@link MasterKey}: produced by the
     * former {@code Keyless.MasterKeyWrapping} (MasterKey.seal, associated data "keyless-sealing-key")
     * with master key bytes 0x00..0x1f over key material 0xa0..0xbf. Existing databases hold rows
     * like it, so it must keep opening to the same key.
     */
    @Test
    void rowWrappedByThePreviousWiringStillOpens() throws Exception {
        byte[] fixedMaster = new byte[32];
        byte[] material = new byte[32];
        for (int i = 0; i < 32; i++) {
            fixedMaster[i] = (byte) i;
            material[i] = (byte) (0xa0 + i);
        }
        String wrapped = "jg2plSAdoT74Zkm01B1NO69jsd+/AFapkYwGSy8kfT4CKN6rDTiD2WbiaxpsPWDBuK+F9IYOmWcxRUb/";
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO sealing_keys (key_id, created_at, state, retired_at, key_material) VALUES (7, "
                    + clock.instant().toEpochMilli() + ", 'active', NULL, '" + wrapped + "')");
        }

        SealingKeys keys = new SealingKeys(dataSource, master(fixedMaster), clock, new SecureRandom(), Duration.ofSeconds(30));

        assertThat(keys.activeKey().id()).isEqualTo(7);
        assertThat(keys.find(7)).get().extracting(k -> k.key().getEncoded()).isEqualTo(material);
    }

    @Test
    void constructorWhenMasterKeyDiffersThenRefusesToStart() {
        node();
        byte[] otherMaster = new byte[32];

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SealingKeys(dataSource,
                master(otherMaster), clock, new SecureRandom(), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("master key");
    }

    @Test
    void rotateWhenRetiredKeysOlderThanTwelveHoursThenDropsThem() throws Exception {
        SealingKeys keys = node();
        keys.rotate();
        clock.advance(Duration.ofHours(13));

        keys.rotate();

        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sealing_keys")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
        assertThat(keys.keys()).hasSize(2);
    }
}
