package dev.keyless.testing;

import dev.keyless.Keyless;
import dev.keyless.config.ConfigLoader;
import dev.keyless.config.KeylessConfig;
import dev.keyless.http.KeylessHttpServer;
import dev.keyless.issuer.Audience;
import dev.keyless.issuer.JobContext;
import dev.keyless.issuer.MintResult;
import dev.keyless.issuer.RefType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * A real Keyless server on 127.0.0.1 with an ephemeral port and its own store folder, configured
 * by the repository's example keyless.yaml (or another YAML) with every {@code 127.0.0.1:8080}
 * replaced by the server's actual address, so tests exercise the file users start from.
 */
public final class KeylessTestServer implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Keyless keyless;
    private final KeylessHttpServer server;

    private KeylessTestServer(Path dir, int port, Keyless keyless, KeylessHttpServer server) {
        this.dir = dir;
        this.port = port;
        this.keyless = keyless;
        this.server = server;
    }

    /** The example config (its test copy, {@link Repo#exampleConfig()}). */
    public static KeylessTestServer startExample(Path dir) {
        return start(dir, Repo.exampleYaml(), Clock.systemUTC(), Map.of());
    }

    /**
     * {@code yaml} may use {@code 127.0.0.1:8080} for "this server"; the store is forced into {@code dir}.
     */
    public static KeylessTestServer start(Path dir, String yaml, Clock clock, Map<String, String> env) {
        int port = freePort();
        String text = yaml.replace("127.0.0.1:8080", "127.0.0.1:" + port)
                .replace("jdbc:sqlite:./keyless-data/keyless.db", "jdbc:sqlite:./data/keyless.db");
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("keyless.yaml");
            Files.writeString(file, text);
            KeylessConfig config = ConfigLoader.load(file);
            Keyless keyless = new Keyless(config, clock, env);
            KeylessHttpServer server = keyless.startServer("127.0.0.1", port);
            return new KeylessTestServer(dir, port, keyless, server);
        } catch (Exception e) {
            throw new IllegalStateException("could not start Keyless: " + e.getMessage(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code 127.0.0.1:PORT}: the provider part of condition keys and provider ARNs. */
    public String hostAndPort() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public Path configFile() {
        return dir.resolve("keyless.yaml");
    }

    public Keyless keyless() {
        return keyless;
    }

    /** A GitLab-shaped job token from the server's own issuer key ring. */
    public String mint(String audience, String projectPath, String ref) {
        return mint(Audience.of(audience), JobContext.builder(projectPath, ref).refType(RefType.BRANCH).build());
    }

    public String mint(Audience audience, JobContext job) {
        MintResult result = keyless.minter().mint(job, audience);
        if (result instanceof MintResult.Minted m) {
            return m.token();
        }
        throw new IllegalStateException("mint refused: " + result);
    }

    @Override
    public void close() {
        server.close();
        keyless.close();
    }
}
