package dev.keyless;

import dev.keyless.audit.AuditLog;
import dev.keyless.audit.AuditRetention;
import dev.keyless.audit.AuditSettings;
import dev.keyless.audit.AuditStore;
import dev.keyless.aws.decision.RoleDirectory;
import dev.keyless.aws.elsewhere.OtherAwsServices;
import dev.keyless.aws.iam.AdminAccessKeys;
import dev.keyless.aws.iam.AwsLiveView;
import dev.keyless.aws.iam.IamApiHandler;
import dev.keyless.aws.iam.IamService;
import dev.keyless.aws.sts.AssumeRoleWithWebIdentityParams;
import dev.keyless.aws.sts.GetCallerIdentityParams;
import dev.keyless.aws.sts.SessionResolver;
import dev.keyless.aws.sts.SigV4Verifier;
import dev.keyless.aws.sts.http.AssumeRoleWithWebIdentityAction;
import dev.keyless.aws.sts.http.AwsErrorRenderer;
import dev.keyless.aws.sts.http.AwsStsHandler;
import dev.keyless.aws.sts.http.GetCallerIdentityAction;
import dev.keyless.config.KeylessConfig;
import dev.keyless.config.reload.ConfigReloader;
import dev.keyless.config.reload.ReloadStatus;
import dev.keyless.config.reload.StatusHandler;
import dev.keyless.gcp.federation.GcpFederation;
import dev.keyless.gcp.http.GcpAuditSink;
import dev.keyless.gcp.http.GcpErrorRenderer;
import dev.keyless.gcp.http.IamCredentialsHandlers;
import dev.keyless.gcp.http.StsHandlers;
import dev.keyless.http.AccessLog;
import dev.keyless.http.ErrorRenderer;
import dev.keyless.http.HttpMetrics;
import dev.keyless.http.HttpReply;
import dev.keyless.http.KeylessHttpServer;
import dev.keyless.http.OperationsHandlers;
import dev.keyless.http.Route;
import dev.keyless.http.Route.Access;
import dev.keyless.http.Routes;
import dev.keyless.issuer.CiApiClient;
import dev.keyless.issuer.CiTokenService;
import dev.keyless.issuer.ClaimBuilder;
import dev.keyless.issuer.DiscoveryDocument;
import dev.keyless.issuer.IssuerSettings;
import dev.keyless.issuer.SubComponent;
import dev.keyless.issuer.TokenMinter;
import dev.keyless.issuer.http.IssuerHandlers;
import dev.keyless.keys.KeyAlgorithm;
import dev.keyless.keys.KeyRingSettings;
import dev.keyless.keys.MasterKey;
import dev.keyless.keys.SigningKeyRing;
import dev.keyless.oidc.JwksCache;
import dev.keyless.oidc.TokenVerifier;
import dev.keyless.oidc.VerifierMetrics;
import dev.keyless.resources.ResourceStore;
import dev.keyless.resources.ResourceWatcher;
import dev.keyless.sealing.AwsSessionCodec;
import dev.keyless.sealing.SealingKeys;
import dev.keyless.sealing.SessionTokenService;
import dev.keyless.sealing.TokenSealer;
import dev.keyless.store.Database;
import dev.keyless.store.StoreCredentials;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The one place where Keyless is wired: configuration in, services out, by constructor. The CLI
 * and the server both start here, so an offline command runs exactly the code the server runs.
 */
public final class Keyless implements AutoCloseable {
    private static final java.time.Duration READINESS_TIMEOUT = java.time.Duration.ofMillis(1500);
    private final KeylessConfig config;
    private final Clock clock;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Database database;
    private final SigningKeyRing keyRing;
    /** The kid prefix of the service-account issuer's keys (see {@link SigningKeyRing}). */
    private static final String SERVICE_ACCOUNT_KIDS = "sa.";
    private final SigningKeyRing serviceAccountKeys;
    private final String serviceAccountIssuerUrl;
    private final IssuerSettings issuerSettings;
    private final TokenMinter minter;
    private final CiTokenService ciTokens;
    private final JwksCache jwksCache;
    private final TokenVerifier verifier;
    /** Replaced, with the live views' trust, when keyless.yaml is reloaded ({@link #reconfigure}). */
    private final java.util.concurrent.atomic.AtomicReference<TrustedIssuers> trustedIssuers =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** Watches the config file once {@link #watchConfig} is called by {@code keyless serve}; null before. */
    private final java.util.concurrent.atomic.AtomicReference<ConfigReloader> reloader =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final SealingKeys sealingKeys;
    private final TokenSealer sealer;
    private final SessionTokenService sessionTokens;
    private final AuditLog audit;
    private final AuditRetention retention;
    private final SecureRandom random = new SecureRandom();
    private final AwsLiveView awsRoles;
    private final ResourceStore resources;
    private final ResourceWatcher resourceWatcher;
    private final AdminAccessKeys adminKeys;
    private final GcpFederation gcp;
    /** Configuration created at run time (IAM APIs), shared by every node of the database. */
    private final dev.keyless.gcp.iam.admin.GcpLiveView gcpLive;
    private final dev.keyless.gcp.iam.admin.GcpIamApi gcpIam;
    /** Started by {@link #startServer}, stopped by {@link #close}; null until a server starts. */
    private final java.util.concurrent.atomic.AtomicReference<Thread> keyRefresh = new java.util.concurrent.atomic.AtomicReference<>();

    public Keyless(KeylessConfig config, Clock clock, Map<String, String> env) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            this.database = Database.open(config.store().jdbcUrl(), StoreCredentials.resolve(config.store().username(),
                    config.store().password(), env), clock);
        } catch (RuntimeException e) {
            throw new StartupException(e);
        }
        try {
            MasterKey masterKey = masterKey(config, env, database);
            this.keyRing = SigningKeyRing.open(database, masterKey, clock, new KeyRingSettings(
                    KeyAlgorithm.valueOf(config.issuer().signingAlgorithm()),
                    KeyRingSettings.DEFAULT_PUBLISH_DELAY, KeyRingSettings.DEFAULT_REFRESH_INTERVAL));
            this.issuerSettings = new IssuerSettings(config.issuer().url().toString(), config.issuer().defaultTtl(),
                    config.issuer().maxTtl(), config.issuer().subClaimComponents().stream()
                            .map(c -> SubComponent.fromWire(c).orElseThrow()).toList());
            this.minter = new TokenMinter(new ClaimBuilder(issuerSettings), keyRing, clock);
            // Service-account ID tokens: their own issuer and their own ring of keys in the same store.
            this.serviceAccountIssuerUrl = issuerSettings.issuerUrl() + DiscoveryDocument.SERVICE_ACCOUNT_PATH;
            this.serviceAccountKeys = SigningKeyRing.open(database, masterKey, clock, new KeyRingSettings(KeyAlgorithm.RS256,
                    KeyRingSettings.DEFAULT_PUBLISH_DELAY, KeyRingSettings.DEFAULT_REFRESH_INTERVAL), SERVICE_ACCOUNT_KIDS);
            this.ciTokens = new CiTokenService(config.issuer().clients().stream()
                    .map(c -> new CiApiClient(c.name(), c.secretSha256(), c.projects())).toList(), minter, issuerSettings);
            VerifierMetrics verifierMetrics = new VerifierMetrics(registry);
            this.jwksCache = new JwksCache(jwksSettings(config), clock, verifierMetrics);
            this.verifier = new TokenVerifier(jwksCache, clock, verifierMetrics);
            TrustedIssuers trusted = new TrustedIssuers(config, keyRing::publicJwksJson);
            this.trustedIssuers.set(trusted);
            this.sealingKeys = new SealingKeys(database.dataSource(), masterKey, clock, random,
                    KeyRingSettings.DEFAULT_REFRESH_INTERVAL);
            this.sealer = new TokenSealer(sealingKeys, random);
            this.sessionTokens = new SessionTokenService(sealer, new AwsSessionCodec(), clock);
            AuditSettings auditSettings = AuditSettings.defaults().withEnabled(config.audit().enabled())
                    .withRetention(config.audit().retention());
            this.audit = AuditLog.open(auditSettings, database, registry);
            this.retention = new AuditRetention(new AuditStore(database), config.audit().retention(), clock);
            this.resources = new ResourceStore(database, clock);
            // The providers and roles of keyless.yaml merged with those created through the IAM API.
            this.awsRoles = new AwsLiveView(config.aws(), trusted::forAwsAccount, this::forAwsProvider);
            this.adminKeys = new AdminAccessKeys(resources, masterKey, random);
            // Compiles every provider's CEL now: a bad expression fails startup, naming provider and position.
            dev.keyless.config.GcpConfig gcpConfig = config.gcp();
            this.gcpLive = new dev.keyless.gcp.iam.admin.GcpLiveView(gcpConfig, trusted::forGcpProvider);
            // Loaded once now, so offline commands (keyless explain) see the stored resources too;
            // startServer polls for changes made elsewhere.
            this.resourceWatcher = new ResourceWatcher(resources, ResourceWatcher.DEFAULT_PERIOD, snapshot -> {
                awsRoles.accept(snapshot);
                gcpLive.accept(snapshot);
            });
            resourceWatcher.refreshNow();
            this.gcp = new GcpFederation(gcpLive::get, verifier, sealer,
                    serviceAccountKeys, serviceAccountIssuerUrl, config.server().publicUrl().toString(), clock);
            this.gcpIam = new dev.keyless.gcp.iam.admin.GcpIamApi(gcpConfig, resources, this::keylessPrincipal,
                    this::refreshResources, config.issuer().url().toString(), clock, random);
        } catch (RuntimeException e) {
            database.close();
            throw new StartupException(e);
        }
    }

    private static MasterKey masterKey(KeylessConfig config, Map<String, String> env, Database database) {
        if (config.store().masterKeyFile().isPresent() && env.get(MasterKey.ENV) == null) {
            try {
                return MasterKey.fromBase64(Files.readString(config.store().masterKeyFile().get()));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("master key: cannot read store.masterKeyFile "
                        + config.store().masterKeyFile().get() + ": " + e.getMessage(), e);
            }
        }
        return MasterKey.load(env, database.dataFolder());
    }

    private static JwksCache.Settings jwksSettings(KeylessConfig config) {
        var v = config.verification();
        var d = JwksCache.Settings.defaults();
        // jwksFetchTimeout bounds a whole fetch; one connect or read waits at most the default 2 s of it.
        // Plain http is decided per issuer by the fetcher (only for an issuer configured with http).
        Duration perStep = v.jwksFetchTimeout().compareTo(d.readTimeout()) < 0 ? v.jwksFetchTimeout() : d.readTimeout();
        // Refresh ahead by a tenth of the TTL, at most the default 30 s: the config allows a TTL down to
        // 10 s, which the default lead alone would exceed (the cache refuses a lead not shorter than its TTL).
        Duration tenth = v.jwksCacheTtl().dividedBy(10);
        Duration refreshAhead = tenth.compareTo(d.refreshAhead()) < 0 ? tenth : d.refreshAhead();
        return new JwksCache.Settings(v.jwksCacheTtl(), refreshAhead, v.jwksRefetchCooldown(), perStep, perStep,
                d.maxResponseBytes(), d.maxStale(), v.jwksFetchTimeout());
    }

    public TokenVerifier verifier() {
        return verifier;
    }

    /** The verifier's key cache, so {@code keyless explain} can verify at another instant with the same keys. */
    public JwksCache jwksCache() {
        return jwksCache;
    }

    /** The AWS accounts, providers and roles AssumeRoleWithWebIdentity decisions read. */
    public RoleDirectory awsRoles() {
        return awsRoles;
    }

    public dev.keyless.oidc.IssuerLookup awsIssuers(String accountId) {
        return awsRoles.issuers(accountId);
    }

    /** Administrator access keys of the IAM API ({@code keyless admin access-key}). */
    public AdminAccessKeys adminKeys() {
        return adminKeys;
    }

    /** Configuration created at run time (IAM API resources), shared by every node of the store. */
    public ResourceStore resources() {
        return resources;
    }

    public dev.keyless.oidc.IssuerLookup gcpIssuers(dev.keyless.config.PoolProvider provider) {
        return trustedIssuers.get().forGcpProvider(provider);
    }

    private dev.keyless.oidc.TrustedIssuer forAwsProvider(dev.keyless.config.OidcProviderConfig provider) {
        return trustedIssuers.get().forAwsProvider(provider);
    }

    /**
     * Takes a reloaded keyless.yaml's trust into service: AWS accounts (providers, roles, trust
     * policies) and GCP projects (pools, providers, service accounts, bindings), with the issuers
     * they trust. Everything is built first, so a part that fails (an unreadable jwks file, a
     * condition that does not compile) throws here and nothing changes.
     */
    public synchronized void reconfigure(KeylessConfig next) {
        TrustedIssuers trusted = new TrustedIssuers(next, keyRing::publicJwksJson);
        gcpLive.reconfigure(next.gcp(), trusted::forGcpProvider);
        awsRoles.reconfigure(next.aws(), trusted::forAwsAccount);
        trustedIssuers.set(trusted);
    }

    /**
     * Re-reads {@code file} whenever its content changes (and on SIGHUP) and takes a valid new
     * version's trust into service without a restart; {@code keyless serve} calls this.
     */
    public ConfigReloader watchConfig(java.nio.file.Path file) {
        ConfigReloader r = new ConfigReloader(file, config, this::reconfigure, clock, ConfigReloader.DEFAULT_PERIOD,
                (version, text) -> {
                    dev.keyless.config.SourceLines lines = dev.keyless.config.SourceLines.of(text);
                    return new dev.keyless.trust.ConfigTrustLinter().lint(version).stream()
                            .map(f -> f.render(file.toString(), lines)).toList();
                });
        ConfigReloader old = reloader.getAndSet(r);
        if (old != null) {
            old.close();
        }
        return r.start();
    }

    /** Which config file version is live, since when, and the last refused reload; empty without {@link #watchConfig}. */
    public java.util.Optional<ReloadStatus> reloadStatus() {
        return java.util.Optional.ofNullable(reloader.get()).map(ConfigReloader::status);
    }

    public TokenSealer sealer() {
        return sealer;
    }

    public SealingKeys sealingKeys() {
        return sealingKeys;
    }

    public AuditLog audit() {
        return audit;
    }

    public AuditStore auditStore() {
        return new AuditStore(database, audit);
    }

    public Database database() {
        return database;
    }

    public KeylessConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public SigningKeyRing keyRing() {
        return keyRing;
    }

    /** The keys of the service-account ID-token issuer ({@link #serviceAccountIssuerUrl()}). */
    public SigningKeyRing serviceAccountKeys() {
        return serviceAccountKeys;
    }

    /** {@code iss} of service-account ID tokens: the CI issuer URL + {@code /sa}. */
    public String serviceAccountIssuerUrl() {
        return serviceAccountIssuerUrl;
    }

    public TokenMinter minter() {
        return minter;
    }

    public IssuerSettings issuerSettings() {
        return issuerSettings;
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /**
     * Every endpoint Keyless serves, in one table. Each handler records its decision in the audit
     * log before it answers. {@code /} carries both AWS actions: AssumeRoleWithWebIdentity is
     * unsigned by design, GetCallerIdentity checks SigV4 itself.
     */
    public Routes routes() {
        OperationsHandlers ops = new OperationsHandlers(registry, this::storeReachable);
        IssuerHandlers issuer = new IssuerHandlers(issuerSettings, keyRing, ciTokens, registry, audit, clock);
        AwsStsHandler aws = awsStsHandler(audit::appendAndWait);
        IamApiHandler awsIam = new IamApiHandler(new IamService(config.aws(), "keyless.yaml", resources, clock, random,
                resourceWatcher::refreshNow), adminKeys, sessionTokens, awsRoles, audit::appendAndWait, clock);
        GcpAuditSink gcpAudit = GcpAuditSink.auditLog(audit, clock);
        StsHandlers gcpSts = new StsHandlers(gcp.exchange(), gcpAudit);
        IamCredentialsHandlers iam = new IamCredentialsHandlers(gcp.impersonation(), gcpAudit);
        dev.keyless.console.ConsoleHandler console = new dev.keyless.console.ConsoleHandler(this, awsRoles,
                gcpLive::get, gcpIam::adminTokenProject, token -> keylessPrincipal(token).filter(gcpIam::mayReadTrust).map(dev.keyless.gcp.iam.Principals::principal),
                new dev.keyless.console.ConsoleSessions(clock, random),
                clock);
        dev.keyless.gcp.iam.http.GcpIamHandlers gcpConfigApi = new dev.keyless.gcp.iam.http.GcpIamHandlers(gcpIam,
                audit::appendAndWait, clock);
        return new Routes(List.of(
                // Issuer, on GitLab's paths (GitLab docs, ID token authentication; OpenID Connect Discovery 1.0)
                new Route("GET", DiscoveryDocument.DISCOVERY_PATH, Access.PUBLIC, issuer::discovery),
                new Route("GET", DiscoveryDocument.JWKS_PATH, Access.PUBLIC, issuer::jwks),
                new Route("POST", "/api/v1/ci/id_tokens", Access.BEARER_SECRET, issuer::ciIdTokens),
                // The service-account ID-token issuer (generateIdToken), its own discovery and keys
                new Route("GET", DiscoveryDocument.SERVICE_ACCOUNT_PATH + DiscoveryDocument.DISCOVERY_PATH, Access.PUBLIC,
                        call -> HttpReply.json(200, DiscoveryDocument.serviceAccountJson(serviceAccountIssuerUrl,
                                serviceAccountKeys.publishedAlgorithms())).withHeader("Cache-Control", "max-age=3600, public")),
                new Route("GET", DiscoveryDocument.SERVICE_ACCOUNT_PATH + DiscoveryDocument.JWKS_PATH, Access.PUBLIC,
                        call -> HttpReply.json(200, serviceAccountKeys.publicJwksJson())
                                .withHeader("Cache-Control", DiscoveryDocument.JWKS_CACHE_CONTROL)),
                // AWS STS, awsQuery (STS API Reference, AssumeRoleWithWebIdentity and GetCallerIdentity)
                new Route("POST", "/", Access.PUBLIC,
                        call -> IamApiHandler.isIamRequest(call) ? awsIam.handle(call) : aws.handle(call)),
                new Route("GET", "/", Access.PUBLIC, aws::handle),
                // GCP STS and IAM Credentials (Google STS API and IAM Credentials API)
                new Route("POST", "/v1/token", Access.PUBLIC, gcpSts::token),
                new Route("POST", "/v1/introspect", Access.PUBLIC, gcpSts::introspect),
                new Route("POST", "/v1/projects/-/serviceAccounts/*", Access.SIGNED,
                        gcpConfigApi.withCredentials(iam::serviceAccounts)),
                // GCP IAM v1: pools, providers, service accounts and their policies (bearer: admin or Keyless token)
                new Route("GET", "/v1/projects/*", Access.SIGNED, gcpConfigApi::handle),
                new Route("POST", "/v1/projects/*", Access.SIGNED, gcpConfigApi::handle),
                new Route("PATCH", "/v1/projects/*", Access.SIGNED, gcpConfigApi::handle),
                new Route("PUT", "/v1/projects/*", Access.SIGNED, gcpConfigApi::handle),
                new Route("DELETE", "/v1/projects/*", Access.SIGNED, gcpConfigApi::handle),
                new Route("GET", "/tokeninfo", Access.PUBLIC, iam::tokenInfo),
                // Operations
                new Route("GET", "/healthz", Access.PUBLIC, ops::health),
                new Route("GET", "/readyz", Access.PUBLIC, ops::ready),
                new Route("GET", "/metrics", Access.PUBLIC, ops::metrics),
                // Which config version is live: only from this machine (no administrator credential exists for it)
                new Route("GET", StatusHandler.PATH, Access.LOOPBACK, new StatusHandler(this::reloadStatus)::handle),
                // The web console: loopback only, a session from an administrator token, CSRF token on changes
                new Route("GET", dev.keyless.console.ConsoleHandler.PREFIX, Access.CONSOLE_SESSION, console::handle),
                new Route("GET", dev.keyless.console.ConsoleHandler.PREFIX + "/", Access.CONSOLE_SESSION, console::handle),
                new Route("GET", dev.keyless.console.ConsoleHandler.PREFIX + "/*", Access.CONSOLE_SESSION, console::handle),
                new Route("POST", dev.keyless.console.ConsoleHandler.PREFIX + "/*", Access.CONSOLE_SESSION, console::handle)),
                // Errors the server makes itself (404, 405, 413, 500), in each family's wire format.
                List.of(new Routes.ErrorFamily("/", new AwsErrorRenderer()),
                        new Routes.ErrorFamily("/v1/token", GcpErrorRenderer.OAUTH),
                        new Routes.ErrorFamily("/v1/token/*", GcpErrorRenderer.OAUTH),
                        new Routes.ErrorFamily("/v1/introspect", GcpErrorRenderer.OAUTH),
                        new Routes.ErrorFamily("/v1/introspect/*", GcpErrorRenderer.OAUTH),
                        new Routes.ErrorFamily("/tokeninfo", GcpErrorRenderer.OAUTH),
                        new Routes.ErrorFamily("/v1/*", GcpErrorRenderer.RPC),
                        // Keyless's own APIs (the CI API, /keyless/v1) answer in their JSON shape, although
                        // their paths look like a Google API's to the pattern below.
                        new Routes.ErrorFamily("/api/*", ErrorRenderer.JSON),
                        new Routes.ErrorFamily("/keyless/*", ErrorRenderer.JSON),
                        new Routes.ErrorFamily(dev.keyless.console.ConsoleHandler.PREFIX + "/*", ErrorRenderer.JSON),
                        Routes.ErrorFamily.matching("Google API paths", GcpErrorRenderer::isGoogleApiPath,
                                GcpErrorRenderer.RPC)),
                // Requests signed for AWS services other than STS and IAM get that service's error first.
                List.of(new OtherAwsServices()));
    }

    public GcpFederation gcp() {
        return gcp;
    }

    /** The GCP IAM v1 configuration API (pools, providers, service accounts) and its administrator tokens. */
    /** The GCP directory the STS decides with now (keyless.yaml merged with the IAM v1 API's resources). */
    public dev.keyless.gcp.iam.admin.GcpLiveView gcpLive() {
        return gcpLive;
    }

    public dev.keyless.gcp.iam.admin.GcpIamApi gcpIam() {
        return gcpIam;
    }

    /**
     * Who a valid, unexpired GCP access token Keyless issued stands for: a service account's
     * {@code serviceAccount:EMAIL}, or a federated token's principal and principal sets as sealed at
     * exchange time; empty for anything else.
     */
    private java.util.Optional<dev.keyless.gcp.iam.Principals> keylessPrincipal(String token) {
        if (gcp.tokens().openServiceAccount(token) instanceof dev.keyless.gcp.federation.FederatedTokens.Opened.Valid<
                dev.keyless.gcp.iam.ServiceAccountToken> sa) {
            return java.util.Optional.of(new dev.keyless.gcp.iam.Principals("serviceAccount:" + sa.token().email(),
                    java.util.List.of()));
        }
        if (gcp.tokens().openFederated(token) instanceof dev.keyless.gcp.federation.FederatedTokens.Opened.Valid<
                dev.keyless.gcp.iam.FederatedToken> f) {
            return java.util.Optional.of(f.token().principals());
        }
        return java.util.Optional.empty();
    }

    /** Re-reads the store now when it moved: a change made on this node is in force for the next request. */
    public void refreshResources() {
        resourceWatcher.refreshNow();
    }

    /**
     * The AWS STS endpoints (awsQuery on {@code /}). {@code audit} receives every outcome before the
     * reply is sent: this is where {@code AuditLog.appendAndWait} goes.
     */
    public AwsStsHandler awsStsHandler(Consumer<dev.keyless.audit.AuditEvent> audit) {
        return new AwsStsHandler(Map.of(
                AssumeRoleWithWebIdentityParams.ACTION, new AssumeRoleWithWebIdentityAction(
                        verifier, this::awsIssuers, awsRoles, sessionTokens, random, clock),
                GetCallerIdentityParams.ACTION, new GetCallerIdentityAction(
                        new SigV4Verifier(clock), SessionResolver.of(sessionTokens), clock)),
                audit, clock);
    }

    /**
     * Serves until closed. The key ring re-reads the store every refresh interval so that a rotation
     * made by {@code keyless keys rotate} (or by another node) is published and used here too.
     */
    public KeylessHttpServer startServer(String host, int port) {
        return startServer(httpServer(config, host, port, clock));
    }

    /**
     * The server {@link #startServer(KeylessHttpServer)} starts, built but not listening: it depends on
     * the configuration only, so it can be built before this instance exists, on another thread.
     */
    public static KeylessHttpServer httpServer(KeylessConfig config, String host, int port, Clock clock) {
        try {
            return new KeylessHttpServer(host, port, config.server().maxBodyBytes(), new AccessLog(), config.server().tls(), clock);
        } catch (RuntimeException e) { // a bad server.tls file: building binds nothing, so no ListenException
            throw new StartupException(e);
        }
    }

    /** Serves on {@code server}, built by {@link #httpServer} from this instance's configuration. */
    public KeylessHttpServer startServer(KeylessHttpServer server) {
        retention.start();
        resourceWatcher.start();
        stopKeyRefresh();
        keyRefresh.set(Thread.ofPlatform().daemon().name(KEY_REFRESH_THREAD).start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(KeyRingSettings.DEFAULT_REFRESH_INTERVAL.toMillis());
                    keyRing.refresh();
                    serviceAccountKeys.refresh();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(Keyless.class).warn("key ring refresh failed: {}", e.toString());
                }
            }
        }));
        return server.start(routes(), new HttpMetrics(registry));
    }

    /** For {@code /readyz}: answers within a probe's usual 2 s timeout even when the database hangs. */
    private boolean storeReachable() {
        return database.reachable(READINESS_TIMEOUT);
    }

    /** The thread that re-reads the key ring; named so a thread dump shows what it is. */
    public static final String KEY_REFRESH_THREAD = "keyless-key-refresh";

    /**
     * Interrupts the refresh loop and waits briefly for it: after close no thread of this instance
     * touches the closed database (a refresh racing the pool's shutdown would log a spurious failure).
     */
    private void stopKeyRefresh() {
        Thread t = keyRefresh.getAndSet(null);
        if (t == null) {
            return;
        }
        t.interrupt();
        try {
            t.join(java.time.Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        ConfigReloader r = reloader.getAndSet(null);
        if (r != null) {
            r.close();
        }
        stopKeyRefresh();
        resourceWatcher.close();
        retention.close();
        audit.close();
        jwksCache.close();
        database.close();
    }
}
