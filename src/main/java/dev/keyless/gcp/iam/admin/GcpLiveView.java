package dev.keyless.gcp.iam.admin;

import dev.keyless.config.GcpConfig;
import dev.keyless.config.PoolProvider;
import dev.keyless.gcp.decision.GcpDirectory;
import dev.keyless.oidc.IssuerLookup;
import dev.keyless.resources.ResourceSnapshot;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The node's current {@link GcpLiveDirectory}: a {@code ResourceWatcher} hands it every new
 * snapshot, and each request takes {@link #get()} once, so it decides against one revision.
 */
public final class GcpLiveView implements Supplier<GcpDirectory>, Consumer<ResourceSnapshot> {
    private GcpConfig config;
    private Function<PoolProvider, IssuerLookup> issuers;
    private ResourceSnapshot lastSnapshot = ResourceSnapshot.EMPTY;
    private final AtomicReference<GcpLiveDirectory> current;

    public GcpLiveView(GcpConfig config, Function<PoolProvider, IssuerLookup> issuers) {
        this.config = Objects.requireNonNull(config, "config");
        this.issuers = Objects.requireNonNull(issuers, "issuers");
        this.current = new AtomicReference<>(GcpLiveDirectory.of(config, ResourceSnapshot.EMPTY, issuers));
    }

    @Override
    public synchronized void accept(ResourceSnapshot snapshot) {
        current.set(GcpLiveDirectory.of(config, snapshot, issuers));
        lastSnapshot = snapshot;
    }

    /**
     * A new keyless.yaml's GCP part (pools, providers, service accounts, bindings) and the issuers it
     * trusts, built with the last store snapshot and swapped in as one directory; a provider whose
     * condition does not compile throws here and the old directory stays.
     */
    public synchronized void reconfigure(GcpConfig config, Function<PoolProvider, IssuerLookup> issuers) {
        GcpLiveDirectory next = GcpLiveDirectory.of(config, lastSnapshot, issuers);
        this.config = config;
        this.issuers = issuers;
        current.set(next);
    }

    @Override
    public GcpLiveDirectory get() {
        return current.get();
    }
}
