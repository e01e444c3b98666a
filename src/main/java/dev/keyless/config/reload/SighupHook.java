package dev.keyless.config.reload;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP as "re-read the config now", the usual daemon convention. {@code sun.misc.Signal} lives
 * in the jdk.unsupported module, readable without JVM flags; where the platform refuses the handler
 * (Windows, a JVM started with -Xrs) the poll alone still picks every change up.
 */
final class SighupHook {
    private static final Logger LOG = LoggerFactory.getLogger(SighupHook.class);

    private SighupHook() {}

    static void install(Runnable onHup) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> {
                try {
                    onHup.run();
                } catch (RuntimeException e) {
                    LOG.warn("config reload on SIGHUP failed: {}", e.toString());
                }
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.info("SIGHUP not available ({}); the config file is still re-read every poll", e.getMessage());
        }
    }
}
