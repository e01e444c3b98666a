package dev.keyless.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {
    @TempDir
    Path tmp;

    @Test
    void loadWhenNoFileThenGeneratesOwnerOnlyFileAndReusesIt() throws Exception {
        MasterKey first = MasterKey.load(Map.of(), Optional.of(tmp));
        Path file = tmp.resolve(MasterKey.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(MasterKey.load(Map.of(), Optional.of(tmp)).id()).isEqualTo(first.id());
    }

    @Test
    void loadWhenEnvSetThenEnvWinsOverFile() {
        MasterKey fromFile = MasterKey.load(Map.of(), Optional.of(tmp));
        String env = Base64.getEncoder().encodeToString(new byte[32]);
        MasterKey fromEnv = MasterKey.load(Map.of(MasterKey.ENV, env), Optional.of(tmp));
        assertThat(fromEnv.id()).isNotEqualTo(fromFile.id());
    }

    @Test
    void loadWhenSharedStoreWithoutEnvThenRefusesNamingTheVariable() {
        assertThatThrownBy(() -> MasterKey.load(Map.of(), Optional.empty())).hasMessageContaining(MasterKey.ENV);
    }

    @Test
    void fromBase64WhenNot32BytesThenRefused() {
        assertThatThrownBy(() -> MasterKey.fromBase64(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("expected 32 bytes");
    }

    @Test
    void openWhenOtherKeyOrOtherAssociatedDataThenEmpty() {
        MasterKey key = MasterKey.generate(new SecureRandom());
        byte[] aad = "row-1".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = key.seal("secret".getBytes(StandardCharsets.UTF_8), aad);
        assertThat(key.open(sealed, aad)).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("secret"));
        assertThat(key.open(sealed, "row-2".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(MasterKey.generate(new SecureRandom()).open(sealed, aad)).isEmpty();
    }

    @Test
    void toStringWhenPrintedThenShowsOnlyTheId() {
        String env = Base64.getEncoder().encodeToString(new byte[32]);
        MasterKey key = MasterKey.fromBase64(env);
        assertThat(key.toString()).isEqualTo("MasterKey[id=" + key.id() + "]").doesNotContain(env);
    }
}
