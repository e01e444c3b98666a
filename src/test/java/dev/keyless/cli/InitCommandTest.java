package dev.keyless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.config.ConfigLoader;
import dev.keyless.config.KeylessConfig;
import dev.keyless.config.OidcProviderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keyless init}: the starter config, its one place for the address, and its usage errors. */
class InitCommandTest {
    @TempDir
    Path dir;

    @Test
    void initThenLintRoundTripsWithZeroFindings() throws Exception {
        TrustCli.Result init = TrustCli.run(dir, "init");
        assertThat(init.exitCode()).as(init.err()).isZero();
        assertThat(init.out()).contains("wrote " + dir.resolve("keyless.yaml")).contains("local-runner secret");

        TrustCli.Result lint = TrustCli.run(dir, "lint");

        System.out.println("keyless lint of the init output: " + lint.out().strip());
        assertThat(lint.exitCode()).as(lint.all()).isZero();
        assertThat(lint.out()).isEqualTo("keyless.yaml: OK\n");
    }

    @Test
    void initWithPortThenEveryAddressDerivesFromListenAndChangingOneLineMovesThemAll() throws Exception {
        assertThat(TrustCli.run(dir, "init", "--port", "9191", "keyless.yaml").exitCode()).isZero();
        Path file = dir.resolve("keyless.yaml");
        String text = Files.readString(file);
        long listenLines = text.lines().filter(l -> !l.strip().startsWith("#") && l.contains("9191")).count();
        assertThat(listenLines).as("the port outside comments").isEqualTo(1);
        assertAllAt(ConfigLoader.load(file), "127.0.0.1:9191");

        // The one-line change: only server.listen.
        Files.writeString(file, text.replace("listen: 127.0.0.1:9191", "listen: 127.0.0.1:9292"));
        assertAllAt(ConfigLoader.load(file), "127.0.0.1:9292");
        TrustCli.Result lint = TrustCli.run(dir, "lint");
        assertThat(lint.out()).as(lint.all()).isEqualTo("keyless.yaml: OK\n");
    }

    private static void assertAllAt(KeylessConfig c, String hostPort) {
        String url = "http://" + hostPort;
        assertThat(c.server().publicUrl()).hasToString(url);
        assertThat(c.issuer().url()).hasToString(url);
        OidcProviderConfig provider = c.aws().account("111122223333").orElseThrow().openIdConnectProviders().get(0);
        assertThat(provider.url()).isEqualTo(url);
        assertThat(c.aws().account("111122223333").orElseThrow().role("gitlab-deployer").orElseThrow()
                .assumeRolePolicyJson()).contains("oidc-provider/" + hostPort + "\"").contains("\"" + hostPort + ":sub\"")
                .contains("\"" + hostPort + ":aud\"").doesNotContain("${");
        assertThat(c.gcp().projectByNumber("123456789012").orElseThrow().pools().get("gitlab-pool").providers()
                .get("gitlab").issuerUri()).isEqualTo(url);
    }

    @Test
    void initWithIssuerThenPublicUrlIsTheIssuerAndLintIsClean() throws Exception {
        TrustCli.Result r = TrustCli.run(dir, "init", "--port", "9393", "--issuer", "https://keyless.example.com/");
        assertThat(r.exitCode()).as(r.err()).isZero();

        KeylessConfig c = ConfigLoader.load(dir.resolve("keyless.yaml"));

        assertThat(c.server().listenPort()).isEqualTo(9393);
        assertThat(c.issuer().url()).hasToString("https://keyless.example.com");
        assertThat(c.aws().account("111122223333").orElseThrow().role("gitlab-deployer").orElseThrow()
                .assumeRolePolicyJson()).contains("\"keyless.example.com:sub\"");
        assertThat(TrustCli.run(dir, "lint").out()).isEqualTo("keyless.yaml: OK\n");
    }

    @Test
    void initWhenFileExistsThenRefusedWithoutForceAndReplacedWithIt() throws Exception {
        Path file = Files.writeString(dir.resolve("keyless.yaml"), "# mine\n");

        TrustCli.Result refused = TrustCli.run(dir, "init");

        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains(file + " exists; pass --force");
        assertThat(Files.readString(file)).isEqualTo("# mine\n");

        TrustCli.Result forced = TrustCli.run(dir, "init", "--force", "--port", "9494");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(Files.readString(file)).contains("listen: 127.0.0.1:9494");
    }

    @Test
    void initWhenBadFlagValuesThenUsageAndExit2() {
        for (String[] args : new String[][] {{"--port", "abc"}, {"--port", "70000"}, {"--port", "0"},
            {"--issuer", "ftp://keyless.example.com"}, {"--issuer", "https://x.example/?a=b"}, {"a.yaml", "b.yaml"}}) {
            TrustCli.Result r = TrustCli.run(dir, concat("init", args));
            assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).contains("Usage: keyless init").doesNotContain("Exception");
        }
        assertThat(dir.resolve("keyless.yaml")).doesNotExist();
    }

    @Test
    void initHelpTeachesWithExamples() {
        TrustCli.Result r = TrustCli.run(dir, "init", "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("keyless init --port 9090 ci/keyless.yaml").contains("--force")
                .contains("${keyless:issuer}").contains("one-line edit");
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
