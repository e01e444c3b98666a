package dev.keyless.config.reload;

import dev.keyless.config.KeylessConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The parts of keyless.yaml a running server cannot take over (they are bound at start: the port,
 * the store, TLS, the master key, the issuer's signing settings and clients, audit, verification
 * caches, logging, who may reach the console), and the trust parts it can (AWS accounts and GCP projects).
 */
public final class RestartOnly {
    private RestartOnly() {}

    /** The restart-only keys whose value differs between the live and the new config, e.g. {@code server.listenPort}. */
    public static List<String> changedKeys(KeylessConfig live, KeylessConfig next) {
        List<String> changed = new ArrayList<>();
        diff("server", live.server(), next.server(), changed);
        diff("store", live.store(), next.store(), changed);
        diff("issuer", live.issuer(), next.issuer(), changed);
        diff("audit", live.audit(), next.audit(), changed);
        diff("verification", live.verification(), next.verification(), changed);
        diff("logging", live.logging(), next.logging(), changed);
        diff("console", live.console(), next.console(), changed);
        return changed;
    }

    /** {@code next}'s AWS and GCP trust with every restart-only section kept from {@code live}. */
    public static KeylessConfig trustOf(KeylessConfig live, KeylessConfig next) {
        return new KeylessConfig(live.baseDir(), live.server(), live.store(), live.issuer(), next.aws(), next.gcp(),
                live.audit(), live.verification(), live.logging(), live.console());
    }

    private static void diff(String key, Object a, Object b, List<String> out) {
        if (Objects.equals(a, b)) {
            return;
        }
        if (a == null || b == null || !a.getClass().isRecord() || a.getClass() != b.getClass()) {
            out.add(key);
            return;
        }
        for (RecordComponent c : a.getClass().getRecordComponents()) {
            try {
                Object x = c.getAccessor().invoke(a);
                Object y = c.getAccessor().invoke(b);
                if (!Objects.equals(x, y)) {
                    out.add(key + "." + c.getName());
                }
            } catch (IllegalAccessException | InvocationTargetException e) {
                out.add(key);
                return;
            }
        }
    }
}
