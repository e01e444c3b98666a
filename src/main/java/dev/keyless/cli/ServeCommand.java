package dev.keyless.cli;

import dev.keyless.Keyless;
import dev.keyless.config.KeylessConfig;
import dev.keyless.http.KeylessHttpServer;
import java.util.concurrent.Callable;
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
            "requests in flight finish, the audit log is flushed, the store is closed."})
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
        long started = System.nanoTime();
        LogSetup.apply(cfg.logging(), env.env());
        Keyless keyless = new Keyless(cfg, env.clock(), env.env());
        KeylessHttpServer server = keyless.startServer(host, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down: finishing requests in flight");
            server.close();
            keyless.close();
            LOG.info("stopped: server closed, audit log flushed, store closed");
            LogSetup.stop();
            stopped.countDown();
        }, "keyless-shutdown"));
        env.out().printf("keyless: serving %s on http://%s:%d (config %s) — ready in %d ms%n",
                cfg.issuer().url(), host, server.port(), config.path(env), (System.nanoTime() - started) / 1_000_000);
        env.out().flush();
        stopped.await();
        return ExitCodes.OK;
    }
}
