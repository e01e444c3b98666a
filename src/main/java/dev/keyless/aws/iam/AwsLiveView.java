package dev.keyless.aws.iam;

import dev.keyless.aws.decision.ResolvedRole;
import dev.keyless.aws.decision.RoleDirectory;
import dev.keyless.aws.policy.MalformedPolicyException;
import dev.keyless.aws.policy.PolicyParser;
import dev.keyless.config.AwsAccount;
import dev.keyless.config.AwsConfig;
import dev.keyless.config.ConditionKeys;
import dev.keyless.config.OidcProviderConfig;
import dev.keyless.config.RoleConfig;
import dev.keyless.oidc.IssuerLookup;
import dev.keyless.oidc.TrustedIssuer;
import dev.keyless.resources.ResourceSnapshot;
import dev.keyless.resources.StoredResource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS configuration a node decides with: the providers and roles of keyless.yaml (read-only)
 * merged with those created through the IAM API, rebuilt from each {@link ResourceSnapshot} the
 * {@code ResourceWatcher} hands over. One rebuilt view is swapped in atomically, so a decision
 * reads one consistent revision; the STS reads roles through {@link RoleDirectory} and issuers
 * through {@link #issuers(String)}, so a role created, changed or deleted through the API is in
 * force for the next request.
 */
public final class AwsLiveView implements RoleDirectory, Consumer<ResourceSnapshot> {
    private static final Logger LOG = LoggerFactory.getLogger(AwsLiveView.class);

    private final Function<OidcProviderConfig, TrustedIssuer> trust;
    /** Built once per provider URL: the verifier's key cache keys on the issuer, not on this object. */
    private final Map<String, TrustedIssuer> trustedByUrl = new ConcurrentHashMap<>();
    private final AtomicReference<View> view = new AtomicReference<>();
    /** The store snapshot the view was last built from, so a new keyless.yaml merges with it. */
    private ResourceSnapshot lastSnapshot;

    /** One revision's merged configuration. */
    private record View(AwsConfig file, Function<String, IssuerLookup> fileIssuers, long revision, RoleDirectory roles, Map<String, AwsAccount> accounts,
            Map<String, Map<String, OidcProviderConfig>> apiProvidersByIss, Map<String, Map<String, StoredRole>> apiRoles) {}

    /**
     * @param fileIssuers the verifier's issuers of keyless.yaml's providers, per account
     * @param trust       how a provider created through the API is trusted (key discovery, leeway)
     */
    public AwsLiveView(AwsConfig file, Function<String, IssuerLookup> fileIssuers,
            Function<OidcProviderConfig, TrustedIssuer> trust) {
        this.trust = Objects.requireNonNull(trust, "trust");
        view.set(build(Objects.requireNonNull(file, "file"), Objects.requireNonNull(fileIssuers, "fileIssuers"),
                ResourceSnapshot.EMPTY));
        lastSnapshot = ResourceSnapshot.EMPTY;
    }

    @Override
    public synchronized void accept(ResourceSnapshot snapshot) {
        View current = view.get();
        view.set(build(current.file(), current.fileIssuers(), snapshot));
        lastSnapshot = snapshot;
    }

    /**
     * A new keyless.yaml's AWS part and the issuers it trusts, merged with the last store snapshot and
     * swapped in as one view: the next decision reads either the old file or the new one, never a mix.
     */
    public synchronized void reconfigure(AwsConfig file, Function<String, IssuerLookup> fileIssuers) {
        view.set(build(Objects.requireNonNull(file, "file"), Objects.requireNonNull(fileIssuers, "fileIssuers"),
                lastSnapshot));
    }

    private View build(AwsConfig file, Function<String, IssuerLookup> fileIssuers, ResourceSnapshot snapshot) {
        Map<String, Map<String, OidcProviderConfig>> providers = new HashMap<>();
        Map<String, Map<String, StoredRole>> roles = new HashMap<>();
        Map<String, List<OidcProviderConfig>> providerLists = new LinkedHashMap<>();
        Map<String, Map<String, RoleConfig>> roleMaps = new LinkedHashMap<>();
        for (StoredResource r : snapshot.ofKind(IamKinds.PROVIDER)) {
            StoredProvider p = IamKinds.provider(r.document());
            String account = r.key().scope();
            OidcProviderConfig config = new OidcProviderConfig(account, p.url(), p.clientIds(), p.thumbprints(),
                    Optional.empty(), Optional.empty());
            providers.computeIfAbsent(account, a -> new HashMap<>()).put(p.url(), config);
            providerLists.computeIfAbsent(account, a -> new java.util.ArrayList<>()).add(config);
        }
        for (StoredResource r : snapshot.ofKind(IamKinds.ROLE)) {
            StoredRole role = IamKinds.role(r.document());
            String account = r.key().scope();
            roles.computeIfAbsent(account, a -> new HashMap<>()).put(role.name().toLowerCase(Locale.ROOT), role);
            try {
                roleMaps.computeIfAbsent(account, a -> new LinkedHashMap<>()).put(role.name(), new RoleConfig(account,
                        role.name(), role.path(), role.maxSessionDuration(), role.assumeRolePolicy(), role.roleId(),
                        role.tags(), PolicyParser.parse(role.assumeRolePolicy())));
            } catch (MalformedPolicyException e) {
                // Refused on write by the same compiler; a row that no longer compiles is skipped, not fatal.
                LOG.warn("role {} in account {} skipped: its trust policy no longer compiles: {}", role.name(), account,
                        e.getMessage());
            }
        }
        Map<String, AwsAccount> merged = new LinkedHashMap<>(file.accounts());
        java.util.Set<String> apiAccounts = new java.util.TreeSet<>(providerLists.keySet());
        apiAccounts.addAll(roleMaps.keySet());
        for (String id : apiAccounts) {
            Optional<AwsAccount> declared = file.account(id);
            List<OidcProviderConfig> ps = new java.util.ArrayList<>(
                    declared.map(AwsAccount::openIdConnectProviders).orElse(List.of()));
            ps.addAll(providerLists.getOrDefault(id, List.of()));
            Map<String, RoleConfig> rs = new LinkedHashMap<>(declared.map(AwsAccount::roles).orElse(Map.of()));
            roleMaps.getOrDefault(id, Map.of()).forEach(rs::putIfAbsent);
            merged.put(id, new AwsAccount(id, declared.map(AwsAccount::conditionKeys).orElse(ConditionKeys.AWS),
                    declared.map(AwsAccount::explainDenials).orElse(false), ps, rs));
        }
        return new View(file, fileIssuers, snapshot.revision(), RoleDirectory.of(merged), Map.copyOf(merged), providers,
                roles);
    }

    /** The revision of the store this view was built from. */
    public long revision() {
        return view.get().revision();
    }

    @Override
    public Optional<AwsAccount> account(String accountId) {
        return view.get().roles().account(accountId);
    }

    @Override
    public Optional<ResolvedRole> role(String roleArn) {
        return view.get().roles().role(roleArn);
    }

    /** keyless.yaml's providers of the account first, then those created through the API. */
    public IssuerLookup issuers(String accountId) {
        View v = view.get();
        IssuerLookup declared = v.fileIssuers().apply(accountId);
        Map<String, OidcProviderConfig> api = v.apiProvidersByIss().getOrDefault(accountId, Map.of());
        return iss -> declared.find(iss).or(() -> Optional.ofNullable(api.get(iss))
                .map(p -> trustedByUrl.computeIfAbsent(p.url(), u -> trust.apply(p))));
    }

    /** A role created through the API (its permission policies), by account and name (any case). */
    public Optional<StoredRole> apiRole(String accountId, String roleName) {
        return Optional.ofNullable(view.get().apiRoles().getOrDefault(accountId, Map.of())
                .get(roleName.toLowerCase(Locale.ROOT)));
    }

    /** The accounts as merged: keyless.yaml's, plus any that only the API created resources in. */
    public Map<String, AwsAccount> accounts() {
        return view.get().accounts();
    }
}
