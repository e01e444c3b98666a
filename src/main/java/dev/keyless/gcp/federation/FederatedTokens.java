package dev.keyless.gcp.federation;

import dev.keyless.config.WorkloadIdentityPool;
import dev.keyless.gcp.decision.GcpDirectory;
import dev.keyless.gcp.iam.FederatedToken;
import dev.keyless.gcp.iam.GcpTokenCodec;
import dev.keyless.gcp.iam.ServiceAccountToken;
import dev.keyless.sealing.TokenPurpose;
import dev.keyless.sealing.TokenSealer;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Seals and opens the {@code ya29.} access tokens Keyless issues. They are self-contained:
 * any node holding the sealing keys checks one with no lookup.
 * A federated token stops working when it expires or when its pool is disabled or removed;
 * a disabled provider does not affect it (IAM API, workload identity pool providers {@code disabled}).
 */
public final class FederatedTokens {

    /** Why a presented bearer token is not acceptable; the wire answer is always 401. */
    public sealed interface Opened<T> {
        record Valid<T>(T token) implements Opened<T> {
        }

        record Invalid<T>(String reason) implements Opened<T> {
        }
    }

    private final TokenSealer sealer;
    private final GcpTokenCodec codec = new GcpTokenCodec();
    private final Supplier<GcpDirectory> directory; // the current snapshot, taken once per request
    private final Clock clock;

    public FederatedTokens(TokenSealer sealer, Supplier<GcpDirectory> directory, Clock clock) {
        this.sealer = Objects.requireNonNull(sealer, "sealer");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String seal(FederatedToken token) {
        return GcpTokenCodec.accessToken(sealer.seal(TokenPurpose.GCP_FEDERATED_ACCESS, codec.encode(token)));
    }

    public String seal(ServiceAccountToken token) {
        return GcpTokenCodec.accessToken(sealer.seal(TokenPurpose.GCP_SERVICE_ACCOUNT_ACCESS, codec.encode(token)));
    }

    public Opened<FederatedToken> openFederated(String accessToken) {
        Optional<FederatedToken> token = GcpTokenCodec.sealedPart(accessToken)
                .flatMap(s -> sealer.unseal(TokenPurpose.GCP_FEDERATED_ACCESS, s))
                .flatMap(codec::decodeFederated);
        if (token.isEmpty()) {
            return new Opened.Invalid<>("not a federated access token issued by Keyless (unseal failed)");
        }
        FederatedToken t = token.get();
        if (!clock.instant().isBefore(t.expiresAt())) {
            return new Opened.Invalid<>("federated access token expired at " + t.expiresAt());
        }
        Optional<WorkloadIdentityPool> pool = directory.get().pool(t.projectNumber(), t.poolId());
        if (pool.isEmpty() || pool.get().disabled()) {
            return new Opened.Invalid<>("pool " + t.pool().resourceName() + " is disabled or no longer configured");
        }
        return new Opened.Valid<>(t);
    }

    public Opened<ServiceAccountToken> openServiceAccount(String accessToken) {
        Optional<ServiceAccountToken> token = GcpTokenCodec.sealedPart(accessToken)
                .flatMap(s -> sealer.unseal(TokenPurpose.GCP_SERVICE_ACCOUNT_ACCESS, s))
                .flatMap(codec::decodeServiceAccount);
        if (token.isEmpty()) {
            return new Opened.Invalid<>("not a service account access token issued by Keyless (unseal failed)");
        }
        if (!clock.instant().isBefore(token.get().expiresAt())) {
            return new Opened.Invalid<>("service account access token expired at " + token.get().expiresAt());
        }
        return new Opened.Valid<>(token.get());
    }
}
