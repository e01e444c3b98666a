package dev.keyless.cli;

import dev.keyless.config.ConfigLoader;
import dev.keyless.gcp.mapping.AttributeMapping;
import dev.keyless.http.KeylessHttpServer;
import dev.keyless.store.Database;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.crypto.Cipher;
import org.slf4j.LoggerFactory;

/**
 * One-time work a command is about to need, started on two more threads at launch so that it overlaps
 * the main thread's own start (picocli parsing the arguments, reading and parsing the file, opening
 * the store): initialising logging, the YAML binding, the CEL environment, SQLite's native library,
 * the JCA providers and, for {@code serve}, Helidon's builders. Most of a cold start is such
 * initialisation, done on one core while the other idles (bench/RESULTS.md); Spring Boot's
 * {@code BackgroundPreinitializer} does the same for its own.
 *
 * <p>Only class initialisation, immutable process-wide objects and the native library (loaded once per
 * process) are prepared: the JVM initialises a class once and makes a second thread that needs it wait
 * for the first (JLS 12.4.2), so the main thread either finds the work done or waits for it, never
 * does it twice, and behaves the same with or without this. A failure here is ignored: the main thread meets it where it does that work itself
 * (a class whose initialisation failed reports that first failure as the cause).
 */
final class StartupWarmUp {
    private StartupWarmUp() {}

    /**
     * What the command named first on the command line will need, nothing for the others: in two
     * lanes, each a thread. The first is what the main thread needs first after parsing its arguments,
     * the configuration's binding and CEL (Jackson's set-up alone is longer than picocli's); the second
     * the rest, logging first (a command's logger is created while picocli builds the command).
     */
    static List<List<Runnable>> workFor(String command) {
        List<Runnable> configuration = List.of(ConfigLoader::prepare, AttributeMapping::prepare);
        return switch (command) {
            case "serve" -> List.of(configuration, List.of(LoggerFactory::getILoggerFactory, KeylessHttpServer::prepare,
                    Database::prepare, StartupWarmUp::cryptography));
            case "explain", "test", "token", "ci", "keys", "config", "admin", "audit" ->
                List.of(configuration, List.of(LoggerFactory::getILoggerFactory, Database::prepare, StartupWarmUp::cryptography));
            // These read the file but open no store: no native library, no key unsealing.
            case "lint", "status", "init" -> List.of(configuration, List.of(LoggerFactory::getILoggerFactory));
            default -> List.of();
        };
    }

    /**
     * The JCA provider list and AES-GCM (unsealing the signing keys and session tokens): the first
     * {@code Cipher.getInstance} initialises the providers, about 20 ms.
     */
    private static void cryptography() {
        try {
            Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            // Unsealing the keys reports it.
        }
    }

    /** Starts each lane of {@link #workFor} on a daemon thread (they never keep the process alive). */
    static void start(String command) {
        // -Dkeyless.warmUp=false: the same start on one thread, to measure what this gains (bench/RESULTS.md).
        if (!Boolean.parseBoolean(System.getProperty("keyless.warmUp", "true"))) {
            return;
        }
        List<List<Runnable>> lanes = workFor(command);
        for (int i = 0; i < lanes.size(); i++) {
            List<Runnable> lane = lanes.get(i);
            Thread.ofPlatform().name("keyless-warm-up-" + (i + 1)).daemon(true).start(() -> {
                for (Runnable step : lane) {
                    try {
                        step.run();
                    } catch (RuntimeException | LinkageError ignored) {
                        // The main thread does the same work and reports what goes wrong, in context.
                    }
                }
            });
        }
    }
}
