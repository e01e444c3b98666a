package dev.keyless.resources;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node's live view in step with the store: polls {@link ResourceStore#revision()} every
 * {@code period} and hands a fresh {@link ResourceSnapshot} to the listener when it moved. A change
 * committed on another node is therefore in force here within one period plus one reload; a
 * change made on this node calls {@link #refreshNow()} so its next request already sees it.
 *
 * <p>Polling one indexed row is a few microseconds of database time and works the same on SQLite
 * and PostgreSQL (LISTEN/NOTIFY would be PostgreSQL-only and still need a fallback on reconnect).
 */
public final class ResourceWatcher implements AutoCloseable {
    /** Default poll period: a change is in force on every node within 2 s with room to spare. */
    public static final Duration DEFAULT_PERIOD = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(ResourceWatcher.class);

    private final ResourceStore store;
    private final Duration period;
    private final Consumer<ResourceSnapshot> listener;
    private final Object lock = new Object();
    private long seen = -1;
    private Thread thread;

    public ResourceWatcher(ResourceStore store, Duration period, Consumer<ResourceSnapshot> listener) {
        this.store = Objects.requireNonNull(store, "store");
        this.period = Objects.requireNonNull(period, "period");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Loads once now (so the caller starts with the committed state), then polls in the background. */
    public ResourceWatcher start() {
        refreshNow();
        thread = Thread.ofPlatform().daemon().name("keyless-config-watch").start(this::poll);
        return this;
    }

    /** Reloads when the revision moved since the last load; returns whether it did. */
    public boolean refreshNow() {
        synchronized (lock) {
            long revision = store.revision();
            if (revision == seen) {
                return false;
            }
            ResourceSnapshot snapshot = store.load();
            listener.accept(snapshot);
            seen = snapshot.revision();
            return true;
        }
    }

    private void poll() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(period.toMillis());
                refreshNow();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The store may be briefly unreachable: keep serving the last view and try again.
                LOG.warn("config resources refresh failed, keeping the last view: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
