package dev.keyless.audit;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Age-based retention: once at start and then daily, deletes the events older
 * than {@code retention}. Every node of a PostgreSQL cluster may run it: the DELETE is idempotent.
 */
public final class AuditRetention implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditRetention.class);
    static final Duration PERIOD = Duration.ofDays(1);
    /** Lets start-up finish before the first (possibly long) delete. */
    static final Duration FIRST_DELAY = Duration.ofMinutes(1);

    private final AuditStore store;
    private final Duration retention;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    public AuditRetention(AuditStore store, Duration retention, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive, was " + retention);
        }
    }

    /** Deletes what is older than the retention as of the clock's now; returns how many. */
    public int purgeNow() {
        int deleted = store.deleteOlderThan(clock.instant().minus(retention));
        LOG.info("audit: retention purge deleted {} events older than {}", deleted, retention);
        return deleted;
    }

    /** Schedules {@link #purgeNow()} daily on a daemon thread; a failed purge is logged and retried next day. */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("keyless-audit-retention").daemon(true).factory());
        scheduler.scheduleAtFixedRate(this::purgeLogged, FIRST_DELAY.toMillis(), PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void purgeLogged() {
        try {
            purgeNow();
        } catch (RuntimeException e) {
            // A thrown exception would cancel every later run of scheduleAtFixedRate.
            LOG.warn("audit: retention purge failed, retrying in {}: {}", PERIOD, e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
