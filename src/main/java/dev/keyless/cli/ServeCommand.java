package dev.keyless.cli;

import dev.keyless.Keyless;
import dev.keyless.config.KeylessConfig;
import dev.keyless.http.KeylessHttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        header = "Serve the issuer, the AWS-compatible STS and the GCP-compatible STS on one port.",
        description = {
            "Serve the issuer (discovery, JWKS, CI API), the AWS-compatible STS, the GCP-compatible STS",
            "and /healthz, /readyz, /metrics on one port. Stops gracefully on SIGTERM or Ctrl-C:",
            "requests in flight finish, the audit log is flushed, the store is closed.",
            "",
            "The web console is on <publicUrl>/console/: sign in with `keyless admin token create --project P`.",
            "It answers only clients on this machine (loopback); to open its sign-in page to other machines",
            "set `console: {allowRemote: true}` in keyless.yaml (serve it over https: the token is sent at sign-in)."})
public final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
    private final CliEnvironment env;

    @Mixin
    ConfigOption config;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Address to bind (default: server.listen from the config, 127.0.0.1:8080). Port 0 picks a free port.")
    String listen;

    public ServeCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        KeylessConfig cfg = config.load(env);
        String host = cfg.server().listenHost();
        int port = cfg.server().listenPort();
        if (listen != null) {
            int colon = listen.lastIndexOf(':');
            if (colon < 0) {
                throw new UsageException("keyless serve: --listen expects HOST:PORT, e.g. 127.0.0.1:8080; got " + listen);
            }
            host = listen.substring(0, colon);
            try {
                port = Integer.parseInt(listen.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new UsageException("keyless serve: --listen port must be a number 0..65535; got " + listen);
            }
        }
        String source = listen != null ? "--listen" : "server.listen in " + config.path(env);
        // Checked before anything starts, so a port in use is one clear line (no bind stack trace from
        // the HTTP server, no store opened); the server's own check below covers a race with another process.
        String busy = unavailable(host, port);
        if (busy != null) {
            return cannotListen(host, port, busy, source);
        }
        long started = System.nanoTime();
        LogSetup.apply(cfg.logging(), env.env());
        // Before the port opens: whoever sees the server answer has the findings printed already.
        lintAtStart(cfg);
        if (listen != null) {
            warnIfPublicUrlElsewhere(cfg, host, port);
        }
        // The HTTP server is built on another core while this thread opens the store and the key
        // ring: the two depend only on the configuration, and each was about 50 and 100 ms of the
        // start (bench/RESULTS.md, round 5).
        CompletableFuture<KeylessHttpServer> built = buildInBackground(cfg, host, port);
        Keyless keyless;
        try {
            keyless = new Keyless(cfg, env.clock(), env.env());
        } catch (RuntimeException | Error e) {
            built.thenAccept(KeylessHttpServer::close);
            throw e;
        }
        KeylessHttpServer server;
        try {
            server = keyless.startServer(joined(built));
        } catch (KeylessHttpServer.ListenException e) {
            keyless.close();
            return cannotListen(host, port, e.getMessage(), source);
        } catch (RuntimeException | Error e) {
            keyless.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down: finishing requests in flight");
            server.close();
            keyless.close();
            LOG.info("stopped: server closed, audit log flushed, store closed");
            LogSetup.stop();
            stopped.countDown();
        }, "keyless-shutdown"));
        if (cfg.console().allowRemote()) {
            boolean https = cfg.server().tls().isPresent() || "https".equalsIgnoreCase(cfg.issuer().url().getScheme());
            // Over plain HTTP the administrator token crosses the network once at sign-in, and the cookie on every request.
            LOG.warn("console.allowRemote is true: /console/ answers clients from any address (sign-in required){}",
                    https ? "" : "; it is served over plain http, so tokens and session cookies cross the network"
                            + " unencrypted: use server.tls or a TLS proxy with an https issuer.url");
        }
        // Edits to the file take effect without a restart (trust only; the rest is logged as needing one).
        keyless.watchConfig(config.path(env));
        env.out().printf("keyless: serving %s on http://%s:%d (config %s) — ready in %d ms%n",
                cfg.issuer().url(), host, server.port(), config.path(env), (System.nanoTime() - started) / 1_000_000);
        env.out().flush();
        stopped.await();
        return ExitCodes.OK;
    }

    private CompletableFuture<KeylessHttpServer> buildInBackground(KeylessConfig cfg, String host, int port) {
        return CompletableFuture.supplyAsync(() -> Keyless.httpServer(cfg, host, port, env.clock()),
                task -> Thread.ofPlatform().name("keyless-http-build").daemon(true).start(task));
    }

    /** The built server, or what building it threw, as building it on this thread would have. */
    private static KeylessHttpServer joined(CompletableFuture<KeylessHttpServer> built) {
        try {
            return built.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /**
     * The trust findings of {@code keyless lint}, printed once when the server starts: a role that
     * lint calls an ERROR (an Allow without a sub condition) still starts, but not silently.
     */
    private void lintAtStart(KeylessConfig cfg) {
        TrustLint.Counts counts = TrustLint.print(cfg, config.path(env).toString(), config.path(env), env.err());
        if (counts.errors() + counts.warnings() > 0) {
            env.err().println("keyless serve: lint: " + counts.errors() + " error(s), " + counts.warnings()
                    + " warning(s) in " + config.path(env) + " (serving anyway; keyless lint --config "
                    + config.path(env) + " shows them again)");
        }
        env.err().flush();
    }

    /**
     * {@code --listen} moves the socket but not {@code server.publicUrl} (nor the issuer URL, discovery and
     * the providers derived from it): said once when they name another port of this machine. Several
     * nodes behind one URL do this on purpose; a lone server usually does not.
     */
    private void warnIfPublicUrlElsewhere(KeylessConfig cfg, String host, int port) {
        java.net.URI publicUrl = cfg.server().publicUrl();
        String h = publicUrl.getHost() == null ? "" : publicUrl.getHost().replace("[", "").replace("]", "");
        boolean local = h.equals(host) || h.equals("localhost") || h.startsWith("127.") || h.equals("::1");
        int publicPort = publicUrl.getPort() >= 0 ? publicUrl.getPort() : "https".equals(publicUrl.getScheme()) ? 443 : 80;
        if (port != 0 && local && publicPort != port) {
            env.err().println("keyless serve: warning: --listen " + host + ":" + port + " but server.publicUrl is "
                    + publicUrl + " (issuer " + cfg.issuer().url() + "): discovery and every token name port "
                    + publicPort + "; change server.listen in " + config.path(env) + " instead, or set publicUrl");
            env.err().flush();
        }
    }

    private int cannotListen(String host, int port, String reason, String source) {
        env.err().println("keyless serve: cannot listen on " + host + ":" + port + ": " + reason
                + " (set by " + source + "; pick a free port there, or pass --listen HOST:PORT)");
        env.err().flush();
        return ExitCodes.USAGE;
    }

    /** Why {@code host:port} cannot be bound right now, or null when it can (port 0 always can). */
    private static String unavailable(String host, int port) {
        if (port == 0) {
            return null;
        }
        // SO_REUSEADDR as the HTTP server sets it, so a port in TIME_WAIT from a previous run is not refused here.
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
