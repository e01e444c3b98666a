package dev.keyless.config.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.config.ConfigLoader;
import dev.keyless.config.KeylessConfig;
import dev.keyless.http.HttpCall;
import dev.keyless.http.RequestContext;
import dev.keyless.testing.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reload decision in process: what is applied, what is refused, what waits for a restart. */
class ConfigReloaderTest {
    private static final String MAIN_REF = "ref:main";

    @Test
    void unchangedContentIsNotReappliedAndAValidEditAppliesOnlyTheTrustParts(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("keyless.yaml"), Repo.exampleYaml());
        KeylessConfig live = ConfigLoader.load(file);
        List<KeylessConfig> applied = new ArrayList<>();
        ConfigReloader reloader = new ConfigReloader(file, live, applied::add, java.time.Clock.systemUTC(),
                Duration.ofHours(1));
        String version = reloader.status().sha256Prefix();
        assertThat(reloader.checkNow()).isFalse();
        assertThat(applied).isEmpty();

        // Same bytes rewritten: not a new version.
        Files.writeString(file, Repo.exampleYaml());
        assertThat(reloader.checkNow()).isFalse();

        // A trust edit plus a port change: the trust is applied, the port stays as it is.
        String edited = Repo.exampleYaml().replace(MAIN_REF, "ref:release").replace("127.0.0.1:8080", "127.0.0.1:8081");
        Files.writeString(file, edited);
        assertThat(reloader.checkNow()).isTrue();
        assertThat(applied).hasSize(1);
        KeylessConfig taken = applied.get(0);
        assertThat(taken.server()).isEqualTo(live.server());
        assertThat(taken.issuer()).isEqualTo(live.issuer());
        assertThat(taken.aws()).isNotEqualTo(live.aws());
        assertThat(RestartOnly.changedKeys(live, ConfigLoader.load(file))).contains("server.listenPort", "issuer.url");
        assertThat(reloader.status().sha256Prefix()).isNotEqualTo(version).hasSize(12);
        assertThat(reloader.status().lastError()).isEmpty();
    }

    @Test
    void anInvalidEditIsRefusedWithFileAndLineAndNothingIsApplied(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("keyless.yaml"), Repo.exampleYaml());
        List<KeylessConfig> applied = new ArrayList<>();
        ConfigReloader reloader = new ConfigReloader(file, ConfigLoader.load(file), applied::add,
                java.time.Clock.systemUTC(), Duration.ofHours(1));
        String version = reloader.status().sha256Prefix();
        Files.writeString(file, Repo.exampleYaml().replace("maxSessionDuration: 3600", "maxSessionDuration: 60"));
        assertThat(reloader.checkNow()).isFalse();
        assertThat(applied).isEmpty();
        assertThat(reloader.status().sha256Prefix()).isEqualTo(version);
        assertThat(reloader.status().lastError()).get().asString().contains(file + ":").contains("maxSessionDuration");
        // The same refused bytes are not validated again on every poll.
        assertThat(reloader.checkNow()).isFalse();

        // A part that fails to build when applied is refused the same way.
        Files.writeString(file, Repo.exampleYaml());
        ConfigReloader failing = new ConfigReloader(file, ConfigLoader.load(file), c -> {
            throw new IllegalStateException("jwks file cannot be read");
        }, java.time.Clock.systemUTC(), Duration.ofHours(1));
        Files.writeString(file, Repo.exampleYaml().replace(MAIN_REF, "ref:release"));
        assertThat(failing.checkNow()).isFalse();
        assertThat(failing.status().lastError()).get().asString().contains("jwks file cannot be read");
    }

    @Test
    void sighupReReadsTheFileAtOnce(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("keyless.yaml"), Repo.exampleYaml());
        java.util.concurrent.BlockingQueue<KeylessConfig> applied = new java.util.concurrent.LinkedBlockingQueue<>();
        // A poll period of an hour: only the signal can make this reload happen within the test.
        try (ConfigReloader reloader = new ConfigReloader(file, ConfigLoader.load(file), applied::add,
                java.time.Clock.systemUTC(), Duration.ofHours(1)).start()) {
            Files.writeString(file, Repo.exampleYaml().replace(MAIN_REF, "ref:release"));
            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid())).start();
            assertThat(kill.waitFor()).isZero();
            KeylessConfig taken = applied.poll(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(taken).as("applied after SIGHUP").isNotNull();
            assertThat(reloader.status().lastError()).isEmpty();
        }
    }

    @Test
    void theStatusEndpointAnswersOnlyLoopbackClients() {
        ReloadStatus status = new ReloadStatus("/etc/keyless.yaml", "0123456789ab", java.time.Instant.EPOCH,
                Optional.empty(), Optional.empty());
        StatusHandler handler = new StatusHandler(() -> Optional.of(status));
        for (String local : List.of("127.0.0.1", "127.1.2.3", "::1", "0:0:0:0:0:0:0:1")) {
            assertThat(handler.handle(call(local)).status()).as(local).isEqualTo(200);
        }
        for (String remote : List.of("10.0.0.1", "192.168.1.1", "::ffff:10.0.0.1", "fe80::1%eth0", "", "localhost",
                "127.0.0.1.evil.example")) {
            var reply = handler.handle(call(remote));
            assertThat(reply.status()).as(remote).isEqualTo(403);
            assertThat(new String(reply.body(), StandardCharsets.UTF_8)).doesNotContain("0123456789ab");
        }
        assertThat(new String(handler.handle(call("127.0.0.1")).body(), StandardCharsets.UTF_8))
                .contains("\"sha256Prefix\":\"0123456789ab\"").contains("\"since\":\"1970-01-01T00:00:00Z\"");
    }

    private static HttpCall call(String address) {
        return new HttpCall("GET", StatusHandler.PATH, "", Map.of(), null, Map.of(),
                new RequestContext("r1", address, "test", false));
    }
}
