package dev.keyless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredsGcpCommandTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final long EXP = NOW.getEpochSecond() + 300;
    private static final String TOKEN = jwt("{\"sub\":\"project_path:mygroup/myrepo:ref_type:branch:ref:main\",\"exp\":" + EXP + "}");

    @TempDir
    Path dir;

    private Path tokenFile;

    @BeforeEach
    void writeToken() throws IOException {
        tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    }

    private CredsCli.Result gcp(Map<String, String> env, String... extra) {
        String[] base = {"gcp", "--token-file", "token"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CredsCli.run(env, dir, CLOCK, args);
    }

    @Test
    void gcpWhenTokenValidThenPrintsExactExecutableResponseAndNothingOnStderr() {
        CredsCli.Result r = gcp(Map.of());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).isEqualTo("{\"version\":1,\"success\":true,\"token_type\":\"urn:ietf:params:oauth:token-type:id_token\","
                + "\"id_token\":\"" + TOKEN + "\",\"expiration_time\":" + EXP + "}\n");
        // google-auth merges stderr into stdout before parsing it as JSON (pluggable.py, PluggableAuthHandler).
        assertThat(r.err()).isEmpty();
    }

    @Test
    void gcpWhenTokenTypeJwtThenTokenTypeIsTheJwtUrn() {
        CredsCli.Result r = gcp(Map.of(), "--token-type", "jwt");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("\"token_type\":\"urn:ietf:params:oauth:token-type:jwt\"");
    }

    @Test
    void gcpWhenNoTokenTypeOptionThenTheLibrarysTokenTypeVariableIsUsed() {
        CredsCli.Result r = gcp(Map.of("GOOGLE_EXTERNAL_ACCOUNT_TOKEN_TYPE", "urn:ietf:params:oauth:token-type:jwt"));

        assertThat(r.out()).contains("\"token_type\":\"urn:ietf:params:oauth:token-type:jwt\"");
    }

    @Test
    void gcpWhenTokenTypeUnknownThenExits2() {
        CredsCli.Result r = gcp(Map.of(), "--token-type", "saml2");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("keyless creds gcp: --token-type must be id_token or jwt, not 'saml2'\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void gcpWhenTokenFileChangesBetweenCallsThenEachCallPrintsTheCurrentToken() throws IOException {
        CredsCli.Result first = gcp(Map.of());
        String next = jwt("{\"sub\":\"next\",\"exp\":" + (EXP + 600) + "}");
        Files.writeString(tokenFile, next);
        CredsCli.Result second = gcp(Map.of());

        assertThat(first.out()).contains("\"id_token\":\"" + TOKEN + "\"");
        assertThat(second.out()).contains("\"id_token\":\"" + next + "\"", "\"expiration_time\":" + (EXP + 600));
    }

    @Test
    void gcpWhenTokenFileMissingThenPrintsFailureResponseAndExits1() throws IOException {
        Files.delete(tokenFile);

        CredsCli.Result r = gcp(Map.of());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.DENIED);
        assertThat(r.out()).isEqualTo("{\"version\":1,\"success\":false,\"code\":\"TOKEN_FILE_NOT_FOUND\","
                + "\"message\":\"token file " + tokenFile + " does not exist\"}\n");
    }

    @Test
    void gcpWhenTokenFileEmptyThenPrintsFailureResponseAndExits1() throws IOException {
        Files.writeString(tokenFile, "\n");

        CredsCli.Result r = gcp(Map.of());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.DENIED);
        assertThat(r.out()).isEqualTo("{\"version\":1,\"success\":false,\"code\":\"TOKEN_FILE_EMPTY\","
                + "\"message\":\"token file " + tokenFile + " is empty\"}\n");
    }

    @Test
    void gcpWhenTokenExpiresNowThenTokenExpiredWithoutTheToken() throws IOException {
        String expired = jwt("{\"sub\":\"old\",\"exp\":" + NOW.getEpochSecond() + "}");
        Files.writeString(tokenFile, expired);

        CredsCli.Result r = gcp(Map.of());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.DENIED);
        assertThat(r.out()).startsWith("{\"version\":1,\"success\":false,\"code\":\"TOKEN_EXPIRED\",\"message\":\"the token (sha256:")
                .endsWith("expired at 2025-03-01T12:00:00Z; it is now 2025-03-01T12:00:00Z\"}\n");
        assertThat(r.all()).doesNotContain(expired);
    }

    @Test
    void gcpWhenFileHoldsNoJwtThenTokenNotAJwtWithoutTheContent() throws IOException {
        Files.writeString(tokenFile, "opaque-secret-value");

        CredsCli.Result r = gcp(Map.of());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.DENIED);
        assertThat(r.out()).contains("\"code\":\"TOKEN_NOT_A_JWT\"");
        assertThat(r.all()).doesNotContain("opaque-secret-value");
    }

    @Test
    void gcpWhenOutputFileVariableSetThenWritesTheSameResponseOwnerOnly() throws IOException {
        Path cache = dir.resolve("cache/response.json");

        CredsCli.Result r = gcp(Map.of("GOOGLE_EXTERNAL_ACCOUNT_OUTPUT_FILE", cache.toString()));

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(cache, StandardCharsets.UTF_8) + "\n").isEqualTo(r.out());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rw-------");
        try (var files = Files.list(cache.getParent())) {
            assertThat(files).containsExactly(cache); // no temporary file left behind
        }
    }

    @Test
    void gcpWhenFailingWithOutputFileVariableThenLeavesTheCacheUntouched() throws IOException {
        Path cache = dir.resolve("response.json");
        Files.delete(tokenFile);

        CredsCli.Result r = gcp(Map.of("GOOGLE_EXTERNAL_ACCOUNT_OUTPUT_FILE", cache.toString()));

        assertThat(r.exitCode()).isEqualTo(ExitCodes.DENIED);
        assertThat(cache).doesNotExist();
    }

    @Test
    void gcpWhenTokenFileMissingOptionThenExits2() {
        CredsCli.Result r = CredsCli.run(Map.of(), dir, CLOCK, "gcp");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Missing required option: '--token-file=FILE'");
    }

    static String jwt(String payloadJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString("signature".getBytes(StandardCharsets.UTF_8));
    }
}
