package dev.keyless.config.reload;

import dev.keyless.config.ConfigException;
import dev.keyless.config.ConfigLoader;
import dev.keyless.config.ConfigProblem;
import dev.keyless.config.KeylessConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches keyless.yaml by content: every {@link #DEFAULT_PERIOD} (and on SIGHUP) it hashes the
 * file, and when the hash moved it validates the whole new file with {@link ConfigLoader}. A file
 * with any problem is refused, each problem logged on its own line with file:line, and the old
 * config keeps serving; a valid one has its trust parts handed to {@code apply} in one piece.
 * Polling the hash rather than a WatchService also sees editors that replace the file by rename
 * and mounted ConfigMaps that swap a symlink.
 */
public final class ConfigReloader implements AutoCloseable {
    public static final Duration DEFAULT_PERIOD = Duration.ofMillis(500);
    /** The thread that polls the file; named so a thread dump shows what it is. */
    public static final String THREAD = "keyless-config-reload";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);
    private static final int PREFIX = 12;

    private final Path file;
    private final Consumer<KeylessConfig> apply;
    private final Clock clock;
    private final Duration period;
    private final AtomicReference<ReloadStatus> status;
    private final AtomicReference<Thread> poller = new AtomicReference<>();
    private final BiFunction<KeylessConfig, String, List<String>> lint;
    /** The text the server started with, until its findings are known; null after. */
    private String startText;
    private KeylessConfig live;
    /** The hash of the last content looked at, refused or not: a refused file is not re-validated every poll. */
    private String seen;

    /**
     * @param live  the config the server started with, read from {@code file}
     * @param apply takes a validated config whose restart-only sections are the live ones; throws to refuse it
     */
    public ConfigReloader(Path file, KeylessConfig live, Consumer<KeylessConfig> apply, Clock clock, Duration period) {
        this(file, live, apply, clock, period, (config, text) -> List.of());
    }

    /**
     * @param lint the findings of {@code keyless lint} on a config in service and the file text it was
     *             read from (for file:line), rendered one line each; shown by the status endpoint
     */
    public ConfigReloader(Path file, KeylessConfig live, Consumer<KeylessConfig> apply, Clock clock, Duration period,
            BiFunction<KeylessConfig, String, List<String>> lint) {
        this.lint = Objects.requireNonNull(lint, "lint");
        this.file = Objects.requireNonNull(file, "file");
        this.live = Objects.requireNonNull(live, "live");
        this.apply = Objects.requireNonNull(apply, "apply");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.period = Objects.requireNonNull(period, "period");
        Optional<byte[]> bytes = read();
        this.seen = bytes.map(ConfigReloader::sha256).orElse("");
        this.startText = bytes.map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
        // The start version's findings are filled in by the poller's first step (start()), so the
        // server's ready line is not held up by a second lint run (serve already printed the findings).
        this.status = new AtomicReference<>(new ReloadStatus(file.toString(), prefix(seen), clock.instant(),
                List.of(), Optional.empty(), Optional.empty()));
    }

    public ReloadStatus status() {
        return status.get();
    }

    /** Polls until {@link #close()}; also re-reads on SIGHUP where the JVM lets us handle it. */
    public ConfigReloader start() {
        Thread t = Thread.ofPlatform().daemon().name(THREAD).start(() -> {
            lintStartVersion();
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(period.toMillis());
                    checkNow();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("config reload check failed: {}", e.toString());
                }
            }
        });
        Thread old = poller.getAndSet(t);
        if (old != null) {
            old.interrupt();
        }
        SighupHook.install(this::checkNow);
        return this;
    }

    /** The findings of the version the server started with, unless a reload replaced it first. */
    synchronized void lintStartVersion() {
        if (startText == null) {
            return;
        }
        ReloadStatus s = status.get();
        status.set(new ReloadStatus(s.file(), s.sha256Prefix(), s.since(), findings(live, startText), s.lastError(),
                s.lastErrorAt()));
        startText = null;
    }

    /** Looks at the file now; returns true when a new version was taken into service. */
    public synchronized boolean checkNow() {
        Optional<byte[]> bytes = read();
        if (bytes.isEmpty()) {
            return false; // mid-replace or removed: the next poll sees the new file; the live config stays
        }
        String hash = sha256(bytes.get());
        if (hash.equals(seen)) {
            return false;
        }
        seen = hash;
        KeylessConfig next;
        String text = new String(bytes.get(), StandardCharsets.UTF_8);
        try {
            next = ConfigLoader.parse(text, file.toString());
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                LOG.error("configuration refused: {}", p);
            }
            refuse(hash, e.problems().size() + " problem(s), first: " + e.problems().get(0));
            return false;
        }
        for (String key : RestartOnly.changedKeys(live, next)) {
            LOG.warn("configuration: {} changed in {} but takes effect only after a restart; the running value is kept",
                    key, file);
        }
        KeylessConfig merged = RestartOnly.trustOf(live, next);
        try {
            apply.accept(merged);
        } catch (RuntimeException e) {
            LOG.error("configuration refused: {}: {}", file, e.getMessage());
            refuse(hash, file + ": " + e.getMessage());
            return false;
        }
        live = merged;
        startText = null;
        // Linted as it serves: the new trust with the running issuer, so a provider that names a port the
        // server does not listen on yet (server.listen changed, restart pending) is named too.
        status.set(new ReloadStatus(file.toString(), prefix(hash), clock.instant(), findings(merged, text),
                Optional.empty(), Optional.empty()));
        LOG.info("configuration reloaded from {} (sha256 prefix {})", file, prefix(hash));
        return true;
    }

    private void refuse(String hash, String error) {
        LOG.error("configuration refused: {} (sha256 prefix {}); still serving sha256 prefix {}", file, prefix(hash),
                status.get().sha256Prefix());
        ReloadStatus s = status.get();
        status.set(new ReloadStatus(s.file(), s.sha256Prefix(), s.since(), s.findings(), Optional.of(error),
                Optional.of(clock.instant())));
    }

    private List<String> findings(KeylessConfig config, String text) {
        try {
            return lint.apply(config, text);
        } catch (RuntimeException e) {
            // Lint is advice: a linter bug must not refuse a valid config.
            LOG.warn("config lint failed: {}", e.toString());
            return List.of("lint failed: " + e);
        }
    }

    private Optional<byte[]> read() {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static String sha256(byte[] bytes) {
        return dev.keyless.redaction.Fingerprints.sha256Hex(bytes);
    }

    private static String prefix(String hash) {
        return hash.length() <= PREFIX ? hash : hash.substring(0, PREFIX);
    }

    @Override
    public void close() {
        Thread t = poller.getAndSet(null);
        if (t != null) {
            t.interrupt();
        }
    }
}
