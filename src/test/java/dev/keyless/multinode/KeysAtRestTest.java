package dev.keyless.multinode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.Keyless;
import dev.keyless.config.ConfigLoader;
import dev.keyless.config.KeylessConfig;
import dev.keyless.keys.MasterKey;
import dev.keyless.store.StoreCredentials;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The issuer's private keys and the credential sealing keys are stored encrypted under the
 * operator's master key, and a node without that key (or with another one) refuses to start,
 * saying why. The tables are read directly, as an attacker with a database dump would.
 */
class KeysAtRestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static PasswordPostgres postgres;
    static KeylessConfig config;
    static String masterKey;
    static Keyless node;

    @BeforeAll
    static void start() throws Exception {
        postgres = PasswordPostgres.start();
        config = ConfigLoader.parse(SharedStore.yaml(postgres.jdbcUrl(), PasswordPostgres.USER), "keyless.yaml");
        masterKey = SharedStore.newMasterKey();
        node = new Keyless(config, Clock.systemUTC(), env(masterKey));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static Map<String, String> env(String key) {
        return Map.of(MasterKey.ENV, key, StoreCredentials.PASSWORD_ENV, PasswordPostgres.PASSWORD);
    }

    /** Every column of every row of {@code table}, as text. */
    private static List<Map<String, String>> rows(String table) throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Connection c = postgres.superuser(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            while (rs.next()) {
                Map<String, String> row = new java.util.LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), String.valueOf(rs.getString(i)));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void issuerKeysWhenReadFromTheTableThenNoPrivateMemberInAnyColumn() throws Exception {
        List<Map<String, String>> rows = rows("issuer_keys");
        assertThat(rows).isNotEmpty();
        for (Map<String, String> row : rows) {
            // With the master key the sealed column opens to the private JWK (the same AES-GCM
            // associated data as dev.keyless.keys.KeyMaterial): proof the check below can fail.
            byte[] clear = MasterKey.fromBase64(masterKey).open(Base64.getDecoder().decode(row.get("private_jwk_sealed")),
                    ("keyless issuer key " + row.get("kid")).getBytes(StandardCharsets.UTF_8)).orElseThrow();
            String d = JSON.readTree(clear).get("d").textValue();
            assertThat(d).hasSizeGreaterThan(100);

            assertThat(row.values()).allSatisfy(column -> assertThat(column)
                    .doesNotContain("\"d\"").doesNotContain(d).doesNotContain(d.substring(0, 32)));
            assertThat(JSON.readTree(row.get("public_jwk")).has("d")).isFalse();
        }
    }

    @Test
    void sealingKeysWhenReadFromTheTableThenRawKeyMaterialAppearsNowhere() throws Exception {
        List<byte[]> raw = node.sealingKeys().keys().stream().map(k -> k.key().getEncoded()).toList();
        assertThat(raw).isNotEmpty().allSatisfy(k -> assertThat(k).hasSize(32));
        List<Map<String, String>> rows = rows("sealing_keys");
        assertThat(rows).hasSameSizeAs(raw);
        for (Map<String, String> row : rows) {
            byte[] stored = Base64.getDecoder().decode(row.get("key_material"));
            for (byte[] key : raw) {
                assertThat(indexOf(stored, key)).as("raw key bytes inside the stored column").isEqualTo(-1);
                assertThat(row.values()).allSatisfy(column -> assertThat(column)
                        .doesNotContain(Base64.getEncoder().encodeToString(key).substring(0, 40))
                        .doesNotContainIgnoringCase(HexFormat.of().formatHex(key)));
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void startWhenAnotherMasterKeyThenRefusesNamingBothKeyIdsAndTheVariable() {
        String other = SharedStore.newMasterKey();

        assertThatThrownBy(() -> new Keyless(config, Clock.systemUTC(), env(other)).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was sealed with master key " + MasterKey.fromBase64(masterKey).id())
                .hasMessageContaining("the configured master key is " + MasterKey.fromBase64(other).id())
                .hasMessageContaining("set KEYLESS_MASTER_KEY");
    }

    @Test
    void startWhenNoMasterKeyOnPostgresqlThenRefusesNamingTheVariable() {
        assertThatThrownBy(() -> new Keyless(config, Clock.systemUTC(),
                Map.of(StoreCredentials.PASSWORD_ENV, PasswordPostgres.PASSWORD)).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("master key: set KEYLESS_MASTER_KEY");
    }

    @Test
    void startWhenWrongStorePasswordThenRefusesWithTheDatabasesReason() {
        assertThatThrownBy(() -> new Keyless(config, Clock.systemUTC(),
                Map.of(MasterKey.ENV, masterKey, StoreCredentials.PASSWORD_ENV, "wrong")).close())
                .hasMessageContaining("password authentication failed for user \"keyless\"");
    }

    @Test
    void startWhenPasswordOnlyInStorePasswordThenLogsIn() throws Exception {
        KeylessConfig withPassword = ConfigLoader.parse(SharedStore.yaml(postgres.jdbcUrl(), PasswordPostgres.USER)
                .replace("username: keyless}", "username: keyless, password: \"" + PasswordPostgres.PASSWORD + "\"}"),
                "keyless.yaml");
        assertThat(withPassword.store().password()).contains(PasswordPostgres.PASSWORD);

        try (Keyless second = new Keyless(withPassword, Clock.systemUTC(), Map.of(MasterKey.ENV, masterKey))) {
            assertThat(second.keyRing().publicJwksJson()).isEqualTo(node.keyRing().publicJwksJson());
        }
    }
}
