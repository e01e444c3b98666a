package dev.keyless.gcp.iam.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyless.config.GcpConfig;
import dev.keyless.config.GcpProject;
import dev.keyless.config.PoolProvider;
import dev.keyless.config.ServiceAccountConfig;
import dev.keyless.config.WorkloadIdentityPool;
import dev.keyless.gcp.iam.BindingEvaluator;
import dev.keyless.gcp.iam.Principals;
import dev.keyless.gcp.iam.admin.GcpResourceDocs.AdminTokenDoc;
import dev.keyless.gcp.iam.admin.GcpResourceDocs.BindingDoc;
import dev.keyless.gcp.iam.admin.GcpResourceDocs.ConditionDoc;
import dev.keyless.gcp.iam.admin.GcpResourceDocs.PolicyDoc;
import dev.keyless.gcp.iam.admin.GcpResourceDocs.PoolDoc;
import dev.keyless.gcp.iam.admin.GcpResourceDocs.ProviderDoc;
import dev.keyless.gcp.iam.admin.GcpResourceDocs.ServiceAccountDoc;
import dev.keyless.gcp.iam.admin.IamValidation.PoolRef;
import dev.keyless.json.MalformedJsonException;
import dev.keyless.json.UntrustedJson;
import dev.keyless.resources.ResourceKey;
import dev.keyless.resources.ResourceStore;
import dev.keyless.resources.StoredResource;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The IAM v1 REST API for the GCP trust configuration (IAM API reference:
 * projects.locations.workloadIdentityPools, …providers, …operations, projects.serviceAccounts and
 * their getIamPolicy/setIamPolicy). Resources declared in keyless.yaml are listed and read like
 * the others but are read-only here; resources created here live in the {@link ResourceStore}
 * and reach every node's live view within one poll.
 *
 * <p>Pool and provider changes are long-running operations in Google's API; here they are done
 * when the call returns ({@code "done": true}), so the resource is readable at once (gcloud does
 * not poll). An operation is readable as {@code <resource>/operations/<id>} while its resource
 * exists.
 */
public final class GcpIamApi {
    /** Soft-deleted pools and providers are kept this long, then purged (IAM API, workloadIdentityPools.delete). */
    static final Duration SOFT_DELETE = Duration.ofDays(30);
    /** An empty policy's etag as Google returns it ({@code ACAB}). */
    static final String EMPTY_ETAG = "ACAB";
    private static final int MAX_PAGE_SIZE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TYPE_POOL = "type.googleapis.com/google.iam.v1.WorkloadIdentityPool";
    private static final String TYPE_PROVIDER = "type.googleapis.com/google.iam.v1.WorkloadIdentityPoolProvider";

    /** One call, decoupled from HTTP. {@code path} is what follows {@code /v1/}, still percent-encoded. */
    public record Request(String method, String path, Function<String, Optional<String>> query, byte[] body,
                          Optional<String> authorization) {
    }

    /** The answer and what to audit about it. */
    public record Response(int status, byte[] body, String caller, String method, String resource,
                           Optional<String> before, Optional<String> after, boolean changed) {
    }

    /**
     * Who is calling: an administrator of one project, or an authenticated principal ({@code description})
     * holding {@code members}: what a project IAM binding's members are compared with (a federated
     * token's principal and principal sets, or {@code serviceAccount:EMAIL}).
     */
    public record Caller(String description, Optional<String> adminProject, List<String> members) {
        public Caller {
            members = List.copyOf(members);
        }
    }

    private final GcpConfig config;
    private final ResourceStore store;
    private final Function<String, Optional<Principals>> keylessPrincipal; // a Keyless access token → its members
    private final Runnable refresh;
    private final String ownIssuer;
    private final Clock clock;
    private final SecureRandom random;

    /**
     * @param keylessPrincipal the principals of a valid, unexpired access token Keyless issued (else empty):
     *                         a federated token's principal and principal sets, a service account's
     *                         {@code serviceAccount:EMAIL}
     * @param refresh          re-reads the store into this node's live view after a change
     * @param ownIssuer        Keyless's issuer URL: the one http {@code issuerUri} accepted
     */
    public GcpIamApi(GcpConfig config, ResourceStore store, Function<String, Optional<Principals>> keylessPrincipal,
                     Runnable refresh, String ownIssuer, Clock clock, SecureRandom random) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        this.keylessPrincipal = Objects.requireNonNull(keylessPrincipal, "keylessPrincipal");
        this.refresh = Objects.requireNonNull(refresh, "refresh");
        this.ownIssuer = Objects.requireNonNull(ownIssuer, "ownIssuer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    // ---------------------------------------------------------------- administrator tokens

    /**
     * Creates an administrator token for {@code projectId}: printed once by the caller, stored as its
     * SHA-256 only.
     */
    public String createAdminToken(String projectId, String label) {
        if (!config.projects().containsKey(projectId)) {
            throw new IllegalArgumentException("no GCP project " + projectId + " in the configuration; known: "
                    + config.projects().keySet());
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = "keyless-admin." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        store.write(tx -> tx.put(new ResourceKey(GcpResourceDocs.ADMIN_TOKEN, "-", sha256(token)), label,
                GcpResourceDocs.write(new AdminTokenDoc(projectId, label))));
        return token;
    }

    /**
     * The project an administrator token belongs to, looked up by its SHA-256 as {@link #authenticate}
     * does; empty for any other string. The console signs administrators in with it.
     */
    public Optional<String> adminTokenProject(String token) {
        if (token == null || !token.startsWith("keyless-admin.") || token.length() > 8192) {
            return Optional.empty();
        }
        return store.find(new ResourceKey(GcpResourceDocs.ADMIN_TOKEN, "-", sha256(token)))
                .map(r -> GcpResourceDocs.read(r.document(), AdminTokenDoc.class).projectId());
    }

    /**
     * Whether a Keyless principal may read trust in some project: a role in that project's
     * {@code iamBindings} grants it {@code iam.workloadIdentityPools.list} ({@code roles/viewer} and
     * up, https://cloud.google.com/iam/docs/understanding-roles). Holding a Keyless access token
     * alone (every CI job can get one) is not enough.
     */
    public boolean mayReadTrust(Principals principals) {
        for (GcpProject project : config.projects().values()) {
            if (BindingEvaluator.firstMatch(project.iamBindings(), project.rolesGranting("iam.workloadIdentityPools.list"),
                    principals.all()).isPresent()) {
                return true;
            }
        }
        return false;
    }

    Caller authenticate(Optional<String> authorization) {
        String header = authorization.orElse("");
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() > 8192) {
            throw IamApiError.unauthenticated();
        }
        String token = header.substring(7).strip();
        if (token.isEmpty()) {
            throw IamApiError.unauthenticated();
        }
        if (token.startsWith("keyless-admin.")) {
            Optional<StoredResource> admin = store.find(new ResourceKey(GcpResourceDocs.ADMIN_TOKEN, "-", sha256(token)));
            if (admin.isPresent()) {
                AdminTokenDoc doc = GcpResourceDocs.read(admin.get().document(), AdminTokenDoc.class);
                return new Caller("admin:" + doc.projectId() + ":" + sha256(token).substring(0, 16),
                        Optional.of(doc.projectId()), List.of());
            }
            throw IamApiError.unauthenticated();
        }
        // A Keyless access token authenticates; what it may do is decided by the project's iamBindings.
        return keylessPrincipal.apply(token).map(p -> new Caller(p.principal(), Optional.<String>empty(), p.all()))
                .orElseThrow(IamApiError::unauthenticated);
    }

    /**
     * An administrator token of the project, or a principal that the project's {@code iamBindings} grant
     * the permission through a role (https://cloud.google.com/iam/docs/understanding-roles).
     */
    private static void authorize(Caller caller, GcpProject project, String permission, String resource) {
        boolean admin = caller.adminProject().filter(project.projectId()::equals).isPresent();
        if (!admin && (caller.adminProject().isPresent() || BindingEvaluator.firstMatch(project.iamBindings(),
                project.rolesGranting(permission), caller.members()).isEmpty())) {
            throw IamApiError.permissionDenied(permission, resource);
        }
    }

    // ---------------------------------------------------------------- dispatch

    /** Handles one call; never throws for bad input (it is an error reply). */
    public Response handle(Request request) {
        Call call = new Call(request);
        try {
            byte[] body = dispatch(call);
            if (call.changed) {
                refresh.run();
            }
            return call.response(200, body);
        } catch (IamApiError e) {
            return call.response(e.code(), e.toJson());
        }
    }

    /** Mutable facts one call collects for the audit record. */
    private static final class Call {
        final Request request;
        String caller = "-";
        String method;
        String resource;
        String before;
        String after;
        boolean changed;

        Call(Request request) {
            this.request = request;
            this.method = request.method() + " " + request.path();
            this.resource = request.path();
        }

        Response response(int status, byte[] body) {
            return new Response(status, body, caller, method, resource, Optional.ofNullable(before),
                    Optional.ofNullable(after), changed);
        }
    }

    /** The custom methods ({@code :verb}, https://google.aip.dev/136) served below; "" is a standard method. */
    private static final java.util.Set<String> KNOWN_VERBS = java.util.Set.of("", "undelete", "disable", "enable",
            "getIamPolicy", "setIamPolicy");

    private byte[] dispatch(Call call) {
        Request r = call.request;
        List<String> seg = segments(r.path());
        String verb = "";
        if (!seg.isEmpty()) {
            String last = seg.get(seg.size() - 1);
            int colon = last.lastIndexOf(':');
            if (colon > 0) {
                verb = last.substring(colon + 1);
                seg.set(seg.size() - 1, last.substring(0, colon));
            }
        }
        // A custom method this API does not have is not found whoever asks (Google answers it before
        // authentication too): only methods that exist ask for credentials.
        if (seg.size() < 2 || !seg.get(0).equals("projects") || !KNOWN_VERBS.contains(verb)) {
            throw IamApiError.notFound("Method not found.");
        }
        Caller caller = authenticate(r.authorization());
        call.caller = caller.description();
        String projectRef = seg.get(1);
        if (seg.size() >= 3 && seg.get(2).equals("serviceAccounts")) {
            return serviceAccounts(call, caller, projectRef, seg, verb);
        }
        if (seg.size() >= 5 && seg.get(2).equals("locations") && seg.get(4).equals("workloadIdentityPools")) {
            GcpProject project = project(projectRef).orElseThrow(() -> IamApiError.permissionDenied(
                    "iam.workloadIdentityPools." + (r.method().equals("GET") ? "get" : "create"), r.path()));
            if (!seg.get(3).equals("global")) {
                throw IamApiError.invalid("Invalid parent: workload identity pools exist only in location global, "
                        + "not '" + IamValidation.printable(seg.get(3)) + "'.");
            }
            return pools(call, caller, project, seg.subList(5, seg.size()), verb);
        }
        throw IamApiError.notFound("Method not found.");
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/", -1)) {
            try {
                out.add(java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw IamApiError.invalid("Invalid path segment '" + IamValidation.printable(s) + "'.");
            }
        }
        return out;
    }

    /** A project by id or number, as configured. */
    private Optional<GcpProject> project(String idOrNumber) {
        GcpProject byId = config.projects().get(idOrNumber);
        return byId != null ? Optional.of(byId) : config.projectByNumber(idOrNumber);
    }

    // ---------------------------------------------------------------- pools and providers

    private byte[] pools(Call call, Caller caller, GcpProject project, List<String> rest, String verb) {
        String method = call.request.method();
        String parent = "projects/" + project.number() + "/locations/global";
        if (rest.isEmpty()) {
            if (method.equals("GET") && verb.isEmpty()) {
                authorize(caller, project, "iam.workloadIdentityPools.list", parent);
                return listPools(call, project);
            }
            if (method.equals("POST") && verb.isEmpty()) {
                authorize(caller, project, "iam.workloadIdentityPools.create", parent);
                return createPool(call, project);
            }
            throw IamApiError.notFound("Method not found.");
        }
        String poolId = rest.get(0);
        String poolName = parent + "/workloadIdentityPools/" + poolId;
        call.resource = poolName;
        if (rest.size() == 1) {
            return switch (method + ":" + verb) {
                case "GET:" -> {
                    authorize(caller, project, "iam.workloadIdentityPools.get", poolName);
                    yield toBytes(renderPool(project, poolId, findPool(project, poolId)
                            .orElseThrow(IamApiError::notFound)));
                }
                case "PATCH:" -> {
                    authorize(caller, project, "iam.workloadIdentityPools.update", poolName);
                    yield changePool(call, project, poolId, PoolChange.PATCH);
                }
                case "DELETE:" -> {
                    authorize(caller, project, "iam.workloadIdentityPools.delete", poolName);
                    yield changePool(call, project, poolId, PoolChange.DELETE);
                }
                case "POST:undelete" -> {
                    authorize(caller, project, "iam.workloadIdentityPools.undelete", poolName);
                    yield changePool(call, project, poolId, PoolChange.UNDELETE);
                }
                default -> throw IamApiError.notFound("Method not found.");
            };
        }
        if (rest.size() == 3 && rest.get(1).equals("operations") && method.equals("GET") && verb.isEmpty()) {
            authorize(caller, project, "iam.workloadIdentityPools.get", poolName);
            findPool(project, poolId).orElseThrow(IamApiError::notFound);
            return toBytes(JSON.createObjectNode().put("name", poolName + "/operations/" + rest.get(2)).put("done", true));
        }
        if (rest.get(1).equals("providers")) {
            return providers(call, caller, project, poolId, rest.subList(2, rest.size()), verb);
        }
        throw IamApiError.notFound("Method not found.");
    }

    /** A pool as this API sees it: declared in the file, or stored. */
    private sealed interface PoolState {
        record Declared(WorkloadIdentityPool pool) implements PoolState {
        }

        record Stored(StoredResource row, PoolDoc doc) implements PoolState {
        }
    }

    private Optional<PoolState> findPool(GcpProject project, String poolId) {
        WorkloadIdentityPool declared = project.pools().get(poolId);
        if (declared != null) {
            return Optional.of(new PoolState.Declared(declared));
        }
        return store.find(poolKey(project, poolId)).map(r -> new PoolState.Stored(r, GcpResourceDocs.read(r.document(),
                PoolDoc.class))).filter(s -> !purged(((PoolState.Stored) s).doc().expireTime())).map(s -> s);
    }

    private boolean purged(String expireTime) {
        return expireTime != null && !clock.instant().isBefore(Instant.parse(expireTime));
    }

    private static ResourceKey poolKey(GcpProject project, String poolId) {
        return new ResourceKey(GcpResourceDocs.POOL, project.projectId(), poolId);
    }

    private static ResourceKey providerKey(GcpProject project, String poolId, String providerId) {
        return new ResourceKey(GcpResourceDocs.PROVIDER, project.projectId() + "/" + poolId, providerId);
    }

    private ObjectNode renderPool(GcpProject project, String poolId, PoolState state) {
        ObjectNode n = JSON.createObjectNode()
                .put("name", "projects/" + project.number() + "/locations/global/workloadIdentityPools/" + poolId);
        switch (state) {
            case PoolState.Declared d -> {
                n.put("state", GcpResourceDocs.ACTIVE).put("disabled", d.pool().disabled());
                d.pool().sessionDuration().ifPresent(s -> n.put("sessionDuration", s.toSeconds() + "s"));
            }
            case PoolState.Stored s -> {
                putIfPresent(n, "displayName", s.doc().displayName());
                putIfPresent(n, "description", s.doc().description());
                n.put("state", s.doc().state()).put("disabled", s.doc().disabled());
                putIfPresent(n, "sessionDuration", s.doc().sessionDuration());
                putIfPresent(n, "expireTime", s.doc().expireTime());
            }
        }
        return n.put("mode", "FEDERATION_ONLY");
    }

    private byte[] listPools(Call call, GcpProject project) {
        boolean showDeleted = bool(call.request.query().apply("showDeleted"), "showDeleted");
        List<ObjectNode> all = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>(project.pools().keySet());
        project.pools().values().forEach(p -> all.add(renderPool(project, p.id(), new PoolState.Declared(p))));
        for (StoredResource r : store.load().ofKind(GcpResourceDocs.POOL)) {
            if (!r.key().scope().equals(project.projectId()) || !seen.add(r.key().nameKey())) {
                continue;
            }
            PoolDoc doc = GcpResourceDocs.read(r.document(), PoolDoc.class);
            if (purged(doc.expireTime()) || (!showDeleted && GcpResourceDocs.DELETED.equals(doc.state()))) {
                continue;
            }
            all.add(renderPool(project, r.key().nameKey(), new PoolState.Stored(r, doc)));
        }
        return page(call, all, "workloadIdentityPools", 50);
    }

    private enum PoolChange { PATCH, DELETE, UNDELETE }

    private byte[] createPool(Call call, GcpProject project) {
        String poolId = call.request.query().apply("workloadIdentityPoolId").orElse("");
        call.resource = "projects/" + project.number() + "/locations/global/workloadIdentityPools/" + poolId;
        IamValidation.resourceId("workloadIdentityPoolId", poolId);
        JsonNode body = body(call.request.body(), Set.of("name", "displayName", "description", "disabled", "state",
                "expireTime", "mode", "sessionDuration"));
        PoolDoc doc = poolFields(body, new PoolDoc(null, null, false, null, GcpResourceDocs.ACTIVE, null),
                Set.of("displayName", "description", "disabled", "sessionDuration"));
        text(body, "mode").filter(m -> !m.equals("FEDERATION_ONLY") && !m.equals("MODE_UNSPECIFIED")).ifPresent(m -> {
            throw IamApiError.invalid("Invalid mode '" + IamValidation.printable(m) + "': only FEDERATION_ONLY is "
                    + "supported.");
        });
        StoredResource row = store.write(tx -> {
            if (project.pools().containsKey(poolId) || tx.find(poolKey(project, poolId))
                    .filter(r -> !purged(GcpResourceDocs.read(r.document(), PoolDoc.class).expireTime())).isPresent()) {
                throw IamApiError.alreadyExists();
            }
            tx.list(GcpResourceDocs.PROVIDER, project.projectId() + "/" + poolId)
                    .forEach(p -> tx.delete(p.key())); // providers of a purged pool go with it
            return tx.put(poolKey(project, poolId), poolId, GcpResourceDocs.write(doc));
        });
        call.changed = true;
        call.after = state(row);
        return operation(call.resource, renderPool(project, poolId, new PoolState.Stored(row, doc)), TYPE_POOL);
    }

    private PoolDoc poolFields(JsonNode body, PoolDoc base, Set<String> paths) {
        String displayName = paths.contains("displayName") ? text(body, "displayName").orElse(null) : base.displayName();
        String description = paths.contains("description") ? text(body, "description").orElse(null) : base.description();
        boolean disabled = paths.contains("disabled") ? bool(body, "disabled") : base.disabled();
        String session = paths.contains("sessionDuration")
                ? IamValidation.sessionDuration(text(body, "sessionDuration").orElse(null)) : base.sessionDuration();
        IamValidation.maxChars("displayName", displayName, 32);
        IamValidation.maxChars("description", description, 256);
        return new PoolDoc(displayName, description, disabled, session, base.state(), base.expireTime());
    }

    private byte[] changePool(Call call, GcpProject project, String poolId, PoolChange change) {
        if (project.pools().containsKey(poolId)) {
            throw readOnly("Workload identity pool " + poolId, "gcp.projects." + project.projectId()
                    + ".workloadIdentityPools." + poolId);
        }
        JsonNode body = change == PoolChange.PATCH ? body(call.request.body(), Set.of("name", "displayName",
                "description", "disabled", "state", "expireTime", "mode", "sessionDuration")) : null;
        Set<String> mask = change == PoolChange.PATCH ? updateMask(call.request,
                Set.of("displayName", "description", "disabled", "sessionDuration")) : Set.of();
        Instant now = clock.instant();
        StoredResource row = store.write(tx -> {
            StoredResource current = tx.find(poolKey(project, poolId)).orElseThrow(IamApiError::notFound);
            PoolDoc doc = GcpResourceDocs.read(current.document(), PoolDoc.class);
            if (purged(doc.expireTime())) {
                throw IamApiError.notFound();
            }
            call.before = state(current);
            boolean deleted = GcpResourceDocs.DELETED.equals(doc.state());
            PoolDoc next = switch (change) {
                case PATCH -> {
                    if (deleted) {
                        throw IamApiError.failedPrecondition("Workload identity pool " + poolId + " is deleted; "
                                + "undelete it before updating it.");
                    }
                    yield poolFields(body, doc, mask);
                }
                case DELETE -> {
                    if (deleted) {
                        throw IamApiError.failedPrecondition("Workload identity pool " + poolId + " is already deleted.");
                    }
                    yield new PoolDoc(doc.displayName(), doc.description(), doc.disabled(), doc.sessionDuration(),
                            GcpResourceDocs.DELETED, now.plus(SOFT_DELETE).toString());
                }
                case UNDELETE -> {
                    if (!deleted) {
                        throw IamApiError.failedPrecondition("Workload identity pool " + poolId + " is not deleted.");
                    }
                    yield new PoolDoc(doc.displayName(), doc.description(), doc.disabled(), doc.sessionDuration(),
                            GcpResourceDocs.ACTIVE, null);
                }
            };
            return tx.put(current.key(), current.name(), GcpResourceDocs.write(next));
        });
        call.changed = true;
        call.after = state(row);
        PoolDoc doc = GcpResourceDocs.read(row.document(), PoolDoc.class);
        return operation(call.resource, renderPool(project, poolId, new PoolState.Stored(row, doc)), TYPE_POOL);
    }

    private byte[] providers(Call call, Caller caller, GcpProject project, String poolId, List<String> rest,
                             String verb) {
        String method = call.request.method();
        String poolName = "projects/" + project.number() + "/locations/global/workloadIdentityPools/" + poolId;
        if (rest.isEmpty()) {
            if (method.equals("GET") && verb.isEmpty()) {
                authorize(caller, project, "iam.workloadIdentityPoolProviders.list", poolName);
                return listProviders(call, project, poolId);
            }
            if (method.equals("POST") && verb.isEmpty()) {
                authorize(caller, project, "iam.workloadIdentityPoolProviders.create", poolName);
                return createProvider(call, project, poolId);
            }
            throw IamApiError.notFound("Method not found.");
        }
        String providerId = rest.get(0);
        String name = poolName + "/providers/" + providerId;
        call.resource = name;
        if (rest.size() == 1) {
            return switch (method + ":" + verb) {
                case "GET:" -> {
                    authorize(caller, project, "iam.workloadIdentityPoolProviders.get", name);
                    yield toBytes(renderProvider(name, findProvider(project, poolId, providerId)
                            .orElseThrow(IamApiError::notFound)));
                }
                case "PATCH:" -> {
                    authorize(caller, project, "iam.workloadIdentityPoolProviders.update", name);
                    yield changeProvider(call, project, poolId, providerId, PoolChange.PATCH);
                }
                case "DELETE:" -> {
                    authorize(caller, project, "iam.workloadIdentityPoolProviders.delete", name);
                    yield changeProvider(call, project, poolId, providerId, PoolChange.DELETE);
                }
                case "POST:undelete" -> {
                    authorize(caller, project, "iam.workloadIdentityPoolProviders.undelete", name);
                    yield changeProvider(call, project, poolId, providerId, PoolChange.UNDELETE);
                }
                default -> throw IamApiError.notFound("Method not found.");
            };
        }
        if (rest.size() == 3 && rest.get(1).equals("operations") && method.equals("GET") && verb.isEmpty()) {
            authorize(caller, project, "iam.workloadIdentityPoolProviders.get", name);
            findProvider(project, poolId, providerId).orElseThrow(IamApiError::notFound);
            return toBytes(JSON.createObjectNode().put("name", name + "/operations/" + rest.get(2)).put("done", true));
        }
        throw IamApiError.notFound("Method not found.");
    }

    /** A provider: declared in the file (with its pool), or stored. */
    private sealed interface ProviderState {
        record Declared(PoolProvider provider) implements ProviderState {
        }

        record Stored(StoredResource row, ProviderDoc doc) implements ProviderState {
        }
    }

    private Optional<ProviderState> findProvider(GcpProject project, String poolId, String providerId) {
        if (findPool(project, poolId).isEmpty()) {
            return Optional.empty();
        }
        WorkloadIdentityPool declaredPool = project.pools().get(poolId);
        if (declaredPool != null && declaredPool.providers().containsKey(providerId)) {
            return Optional.of(new ProviderState.Declared(declaredPool.providers().get(providerId)));
        }
        return store.find(providerKey(project, poolId, providerId))
                .map(r -> new ProviderState.Stored(r, GcpResourceDocs.read(r.document(), ProviderDoc.class)))
                .filter(s -> !purged(s.doc().expireTime())).map(s -> s);
    }

    private static ObjectNode renderProvider(String name, ProviderState state) {
        ObjectNode n = JSON.createObjectNode().put("name", name);
        switch (state) {
            case ProviderState.Declared d -> {
                PoolProvider p = d.provider();
                n.put("state", GcpResourceDocs.ACTIVE).put("disabled", p.disabled());
                ObjectNode mapping = n.putObject("attributeMapping");
                p.attributeMapping().forEach(mapping::put);
                p.attributeCondition().ifPresent(c -> n.put("attributeCondition", c));
                oidc(n, p.issuerUri(), p.allowedAudiences(), p.jwksJson().orElse(null));
            }
            case ProviderState.Stored s -> {
                ProviderDoc d = s.doc();
                putIfPresent(n, "displayName", d.displayName());
                putIfPresent(n, "description", d.description());
                n.put("state", d.state()).put("disabled", d.disabled());
                putIfPresent(n, "expireTime", d.expireTime());
                ObjectNode mapping = n.putObject("attributeMapping");
                new java.util.TreeMap<>(d.attributeMapping()).forEach(mapping::put);
                putIfPresent(n, "attributeCondition", d.attributeCondition());
                oidc(n, d.issuerUri(), d.allowedAudiences(), d.jwksJson());
            }
        }
        return n;
    }

    private static void oidc(ObjectNode n, String issuer, List<String> audiences, String jwks) {
        ObjectNode oidc = n.putObject("oidc").put("issuerUri", issuer);
        if (!audiences.isEmpty()) {
            ArrayNode a = oidc.putArray("allowedAudiences");
            audiences.forEach(a::add);
        }
        putIfPresent(oidc, "jwksJson", jwks);
    }

    private byte[] listProviders(Call call, GcpProject project, String poolId) {
        boolean showDeleted = bool(call.request.query().apply("showDeleted"), "showDeleted");
        findPool(project, poolId).orElseThrow(IamApiError::notFound);
        String poolName = "projects/" + project.number() + "/locations/global/workloadIdentityPools/" + poolId;
        List<ObjectNode> all = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        WorkloadIdentityPool declared = project.pools().get(poolId);
        if (declared != null) {
            declared.providers().values().forEach(p -> {
                seen.add(p.id());
                all.add(renderProvider(poolName + "/providers/" + p.id(), new ProviderState.Declared(p)));
            });
        }
        for (StoredResource r : store.load().ofKind(GcpResourceDocs.PROVIDER)) {
            if (!r.key().scope().equals(project.projectId() + "/" + poolId) || !seen.add(r.key().nameKey())) {
                continue;
            }
            ProviderDoc doc = GcpResourceDocs.read(r.document(), ProviderDoc.class);
            if (purged(doc.expireTime()) || (!showDeleted && GcpResourceDocs.DELETED.equals(doc.state()))) {
                continue;
            }
            all.add(renderProvider(poolName + "/providers/" + r.key().nameKey(), new ProviderState.Stored(r, doc)));
        }
        return page(call, all, "workloadIdentityPoolProviders", 50);
    }

    private static final Set<String> PROVIDER_FIELDS = Set.of("name", "displayName", "description", "disabled",
            "state", "expireTime", "attributeMapping", "attributeCondition", "oidc", "aws", "saml", "x509");
    private static final Set<String> PROVIDER_MASK = Set.of("displayName", "description", "disabled",
            "attributeMapping", "attributeCondition", "oidc", "oidc.issuerUri", "oidc.allowedAudiences",
            "oidc.jwksJson");

    private byte[] createProvider(Call call, GcpProject project, String poolId) {
        String providerId = call.request.query().apply("workloadIdentityPoolProviderId").orElse("");
        String name = "projects/" + project.number() + "/locations/global/workloadIdentityPools/" + poolId
                + "/providers/" + providerId;
        call.resource = name;
        IamValidation.resourceId("workloadIdentityPoolProviderId", providerId);
        JsonNode body = body(call.request.body(), PROVIDER_FIELDS);
        for (String other : List.of("aws", "saml", "x509")) {
            if (body.has(other)) {
                throw IamApiError.invalid("Invalid provider: only oidc providers are supported here, not " + other + ".");
            }
        }
        if (!body.has("oidc")) {
            throw IamApiError.invalid("Field oidc is required: one of oidc, aws, saml or x509 must be set, and only "
                    + "oidc is supported here.");
        }
        ProviderDoc doc = providerFields(body, new ProviderDoc(null, null, false, GcpResourceDocs.ACTIVE, null, null,
                List.of(), null, Map.of(), null), PROVIDER_MASK, name);
        PoolState pool = findPool(project, poolId).orElseThrow(() -> IamApiError.notFound());
        if (pool instanceof PoolState.Stored s && GcpResourceDocs.DELETED.equals(s.doc().state())) {
            throw IamApiError.failedPrecondition("Workload identity pool " + poolId + " is deleted; undelete it "
                    + "before adding providers.");
        }
        StoredResource row = store.write(tx -> {
            WorkloadIdentityPool declared = project.pools().get(poolId);
            if (declared == null && tx.find(poolKey(project, poolId)).isEmpty()) {
                throw IamApiError.notFound();
            }
            if ((declared != null && declared.providers().containsKey(providerId))
                    || tx.find(providerKey(project, poolId, providerId)).filter(r -> !purged(GcpResourceDocs
                    .read(r.document(), ProviderDoc.class).expireTime())).isPresent()) {
                throw IamApiError.alreadyExists();
            }
            return tx.put(providerKey(project, poolId, providerId), providerId, GcpResourceDocs.write(doc));
        });
        call.changed = true;
        call.after = state(row);
        return operation(name, renderProvider(name, new ProviderState.Stored(row, doc)), TYPE_PROVIDER);
    }

    private ProviderDoc providerFields(JsonNode body, ProviderDoc base, Set<String> mask, String name) {
        JsonNode oidc = body.path("oidc");
        if (!oidc.isMissingNode() && !oidc.isObject()) {
            throw IamApiError.invalid("Invalid JSON payload received. Invalid value at 'oidc': expected an object.");
        }
        checkNames(oidc, "oidc.", Set.of("issuerUri", "allowedAudiences", "jwksJson"));
        boolean wholeOidc = mask.contains("oidc");
        String displayName = mask.contains("displayName") ? text(body, "displayName").orElse(null) : base.displayName();
        String description = mask.contains("description") ? text(body, "description").orElse(null) : base.description();
        boolean disabled = mask.contains("disabled") ? bool(body, "disabled") : base.disabled();
        Map<String, String> mapping = mask.contains("attributeMapping") ? stringMap(body, "attributeMapping")
                : base.attributeMapping();
        String condition = mask.contains("attributeCondition") ? text(body, "attributeCondition").orElse(null)
                : base.attributeCondition();
        String issuer = wholeOidc || mask.contains("oidc.issuerUri") ? text(oidc, "issuerUri", "oidc.issuerUri")
                .orElse(null) : base.issuerUri();
        List<String> audiences = wholeOidc || mask.contains("oidc.allowedAudiences")
                ? stringList(oidc, "allowedAudiences", "oidc.allowedAudiences") : base.allowedAudiences();
        String jwks = wholeOidc || mask.contains("oidc.jwksJson") ? text(oidc, "jwksJson", "oidc.jwksJson").orElse(null)
                : base.jwksJson();
        IamValidation.maxChars("displayName", displayName, 32);
        IamValidation.maxChars("description", description, 256);
        IamValidation.issuerUri(issuer, ownIssuer);
        IamValidation.allowedAudiences(audiences);
        IamValidation.jwksJson(jwks);
        if (condition != null && condition.isEmpty()) {
            condition = null;
        }
        IamValidation.mapping(name, mapping, Optional.ofNullable(condition));
        return new ProviderDoc(displayName, description, disabled, base.state(), base.expireTime(), issuer, audiences,
                jwks, mapping, condition);
    }

    private byte[] changeProvider(Call call, GcpProject project, String poolId, String providerId, PoolChange change) {
        String name = call.resource;
        Optional<ProviderState> found = findProvider(project, poolId, providerId);
        if (found.orElse(null) instanceof ProviderState.Declared) {
            throw readOnly("Workload identity pool provider " + providerId, "gcp.projects." + project.projectId()
                    + ".workloadIdentityPools." + poolId + ".providers." + providerId);
        }
        if (found.isEmpty()) {
            throw IamApiError.notFound();
        }
        JsonNode body = change == PoolChange.PATCH ? body(call.request.body(), PROVIDER_FIELDS) : null;
        Set<String> mask = change == PoolChange.PATCH ? updateMask(call.request, PROVIDER_MASK) : Set.of();
        Instant now = clock.instant();
        StoredResource row = store.write(tx -> {
            StoredResource current = tx.find(providerKey(project, poolId, providerId)).orElseThrow(IamApiError::notFound);
            ProviderDoc doc = GcpResourceDocs.read(current.document(), ProviderDoc.class);
            if (purged(doc.expireTime())) {
                throw IamApiError.notFound();
            }
            call.before = state(current);
            boolean deleted = GcpResourceDocs.DELETED.equals(doc.state());
            ProviderDoc next = switch (change) {
                case PATCH -> {
                    if (deleted) {
                        throw IamApiError.failedPrecondition("Workload identity pool provider " + providerId
                                + " is deleted; undelete it before updating it.");
                    }
                    yield providerFields(body, doc, mask, name);
                }
                case DELETE -> {
                    if (deleted) {
                        throw IamApiError.failedPrecondition("Workload identity pool provider " + providerId
                                + " is already deleted.");
                    }
                    yield withState(doc, GcpResourceDocs.DELETED, now.plus(SOFT_DELETE).toString());
                }
                case UNDELETE -> {
                    if (!deleted) {
                        throw IamApiError.failedPrecondition("Workload identity pool provider " + providerId
                                + " is not deleted.");
                    }
                    yield withState(doc, GcpResourceDocs.ACTIVE, null);
                }
            };
            return tx.put(current.key(), current.name(), GcpResourceDocs.write(next));
        });
        call.changed = true;
        call.after = state(row);
        ProviderDoc doc = GcpResourceDocs.read(row.document(), ProviderDoc.class);
        return operation(name, renderProvider(name, new ProviderState.Stored(row, doc)), TYPE_PROVIDER);
    }

    private static ProviderDoc withState(ProviderDoc d, String state, String expireTime) {
        return new ProviderDoc(d.displayName(), d.description(), d.disabled(), state, expireTime, d.issuerUri(),
                d.allowedAudiences(), d.jwksJson(), d.attributeMapping(), d.attributeCondition());
    }

    /** A finished long-running operation named after its resource (gcloud strips {@code /operations/ID}). */
    private byte[] operation(String resourceName, ObjectNode resource, String type) {
        byte[] id = new byte[12];
        random.nextBytes(id);
        ObjectNode op = JSON.createObjectNode().put("name", resourceName + "/operations/" + HexFormat.of().formatHex(id))
                .put("done", true);
        ObjectNode response = op.putObject("response").put("@type", type);
        response.setAll(resource);
        return toBytes(op);
    }

    // ---------------------------------------------------------------- service accounts

    private record Account(GcpProject project, Optional<ServiceAccountConfig> declared, Optional<StoredResource> row,
                           Optional<ServiceAccountDoc> doc) {
        String email() {
            return declared.map(ServiceAccountConfig::email).orElseGet(() -> doc.orElseThrow().email());
        }

        String accountId() {
            return declared.map(ServiceAccountConfig::name).orElseGet(() -> doc.orElseThrow().accountId());
        }
    }

    private Optional<Account> findAccount(Optional<GcpProject> scope, String emailOrId) {
        for (GcpProject p : config.projects().values()) {
            if (scope.isPresent() && !scope.get().projectId().equals(p.projectId())) {
                continue;
            }
            Optional<ServiceAccountConfig> declared = p.serviceAccount(emailOrId);
            if (declared.isPresent()) {
                return Optional.of(new Account(p, declared, Optional.empty(), Optional.empty()));
            }
        }
        for (StoredResource r : store.load().ofKind(GcpResourceDocs.SERVICE_ACCOUNT)) {
            ServiceAccountDoc doc = GcpResourceDocs.read(r.document(), ServiceAccountDoc.class);
            if ((doc.email().equals(emailOrId) || doc.uniqueId().equals(emailOrId))
                    && scope.map(p -> p.projectId().equals(r.key().scope())).orElse(true)) {
                Optional<GcpProject> p = project(r.key().scope());
                if (p.isPresent()) {
                    return Optional.of(new Account(p.get(), Optional.empty(), Optional.of(r), Optional.of(doc)));
                }
            }
        }
        return Optional.empty();
    }

    private byte[] serviceAccounts(Call call, Caller caller, String projectRef, List<String> seg, String verb) {
        String method = call.request.method();
        Optional<GcpProject> scope = projectRef.equals("-") ? Optional.empty() : project(projectRef);
        if (!projectRef.equals("-") && scope.isEmpty()) {
            throw IamApiError.permissionDenied("iam.serviceAccounts." + (seg.size() == 3 ? "list" : "get"),
                    "projects/" + projectRef);
        }
        if (seg.size() == 3) {
            if (scope.isEmpty()) {
                throw IamApiError.invalid("Invalid parent: projects/- is not accepted here; name the project.");
            }
            GcpProject project = scope.get();
            call.resource = "projects/" + project.projectId();
            if (method.equals("GET") && verb.isEmpty()) {
                authorize(caller, project, "iam.serviceAccounts.list", call.resource);
                return listAccounts(call, project);
            }
            if (method.equals("POST") && verb.isEmpty()) {
                authorize(caller, project, "iam.serviceAccounts.create", call.resource);
                return createAccount(call, project);
            }
            throw IamApiError.notFound("Method not found.");
        }
        if (seg.size() != 4) {
            throw IamApiError.notFound("Method not found.");
        }
        String id = seg.get(3);
        call.resource = "projects/" + projectRef + "/serviceAccounts/" + id;
        Optional<Account> found = findAccount(scope, id);
        if (found.isEmpty()) {
            if (scope.isPresent()) {
                authorize(caller, scope.get(), "iam.serviceAccounts.get", call.resource);
            }
            throw IamApiError.notFound("Unknown service account");
        }
        Account account = found.get();
        call.resource = "projects/" + account.project().projectId() + "/serviceAccounts/" + account.email();
        String permission = switch (method + ":" + verb) {
            case "GET:" -> "get";
            case "PATCH:", "PUT:" -> "update";
            case "DELETE:" -> "delete";
            case "POST:disable" -> "disable";
            case "POST:enable" -> "enable";
            case "POST:getIamPolicy" -> "getIamPolicy";
            case "POST:setIamPolicy" -> "setIamPolicy";
            default -> throw IamApiError.notFound("Method not found.");
        };
        authorize(caller, account.project(), "iam.serviceAccounts." + permission, call.resource);
        return switch (permission) {
            case "get" -> toBytes(renderAccount(account));
            case "getIamPolicy" -> getPolicy(call, account);
            case "setIamPolicy" -> setPolicy(call, account);
            default -> changeAccount(call, account, permission);
        };
    }

    private ObjectNode renderAccount(Account a) {
        String email = a.email();
        ObjectNode n = JSON.createObjectNode().put("name", "projects/" + a.project().projectId() + "/serviceAccounts/"
                + email).put("projectId", a.project().projectId());
        if (a.declared().isPresent()) {
            ServiceAccountConfig c = a.declared().get();
            n.put("uniqueId", c.uniqueId()).put("email", email).put("etag", "MDEwMjE5MjA=").put("oauth2ClientId",
                    c.uniqueId());
            return n;
        }
        ServiceAccountDoc d = a.doc().orElseThrow();
        n.put("uniqueId", d.uniqueId()).put("email", email);
        putIfPresent(n, "displayName", d.displayName());
        putIfPresent(n, "description", d.description());
        n.put("etag", a.row().orElseThrow().etag()).put("oauth2ClientId", d.uniqueId());
        if (d.disabled()) {
            n.put("disabled", true);
        }
        return n;
    }

    private byte[] listAccounts(Call call, GcpProject project) {
        List<ObjectNode> all = new ArrayList<>();
        project.serviceAccounts().values().forEach(sa -> all.add(renderAccount(new Account(project, Optional.of(sa),
                Optional.empty(), Optional.empty()))));
        for (StoredResource r : store.load().ofKind(GcpResourceDocs.SERVICE_ACCOUNT)) {
            if (r.key().scope().equals(project.projectId())) {
                all.add(renderAccount(new Account(project, Optional.empty(), Optional.of(r),
                        Optional.of(GcpResourceDocs.read(r.document(), ServiceAccountDoc.class)))));
            }
        }
        return page(call, all, "accounts", 100);
    }

    private byte[] createAccount(Call call, GcpProject project) {
        JsonNode body = body(call.request.body(), Set.of("accountId", "serviceAccount"));
        String accountId = text(body, "accountId").orElse("");
        IamValidation.accountId(accountId);
        JsonNode sa = body.path("serviceAccount");
        if (!sa.isMissingNode() && !sa.isObject()) {
            throw IamApiError.invalid("Invalid JSON payload received. Invalid value at 'serviceAccount': expected an "
                    + "object.");
        }
        checkNames(sa, "serviceAccount.", Set.of("name", "projectId", "uniqueId", "email", "displayName", "etag",
                "description", "oauth2ClientId", "disabled"));
        String displayName = text(sa, "displayName", "serviceAccount.displayName").orElse(null);
        String description = text(sa, "description", "serviceAccount.description").orElse(null);
        IamValidation.maxBytes("serviceAccount.displayName", displayName, 100);
        IamValidation.maxBytes("serviceAccount.description", description, 256);
        String email = accountId + "@" + project.projectId() + ".iam.gserviceaccount.com";
        call.resource = "projects/" + project.projectId() + "/serviceAccounts/" + email;
        StoredResource row = store.write(tx -> {
            if (project.serviceAccount(email).isPresent()
                    || tx.find(new ResourceKey(GcpResourceDocs.SERVICE_ACCOUNT, project.projectId(), accountId)).isPresent()) {
                throw IamApiError.serviceAccountExists(accountId, project.projectId(), call.resource);
            }
            tx.delete(new ResourceKey(GcpResourceDocs.POLICY, project.projectId(), accountId));
            return tx.put(new ResourceKey(GcpResourceDocs.SERVICE_ACCOUNT, project.projectId(), accountId), email,
                    GcpResourceDocs.write(new ServiceAccountDoc(accountId, email, uniqueId(), displayName, description,
                            false)));
        });
        call.changed = true;
        call.after = state(row);
        return toBytes(renderAccount(new Account(project, Optional.empty(), Optional.of(row),
                Optional.of(GcpResourceDocs.read(row.document(), ServiceAccountDoc.class)))));
    }

    /** 21 decimal digits starting with 1, random: a unique id is never reused, even for a recreated account. */
    private String uniqueId() {
        StringBuilder b = new StringBuilder("1");
        for (int i = 0; i < 20; i++) {
            b.append(random.nextInt(10));
        }
        return b.toString();
    }

    private byte[] changeAccount(Call call, Account account, String change) {
        if (account.declared().isPresent()) {
            throw readOnly("Service account " + account.email(), "gcp.projects." + account.project().projectId()
                    + ".serviceAccounts." + account.accountId());
        }
        JsonNode body = change.equals("update") ? body(call.request.body(), call.request.method().equals("PATCH")
                ? Set.of("serviceAccount", "updateMask") : Set.of("name", "projectId", "uniqueId", "email",
                "displayName", "etag", "description", "oauth2ClientId", "disabled")) : null;
        ResourceKey key = account.row().orElseThrow().key();
        StoredResource row = store.write(tx -> {
            StoredResource current = tx.find(key).orElseThrow(() -> IamApiError.notFound("Unknown service account"));
            call.before = state(current);
            ServiceAccountDoc d = GcpResourceDocs.read(current.document(), ServiceAccountDoc.class);
            ServiceAccountDoc next = switch (change) {
                case "delete" -> null;
                case "disable" -> new ServiceAccountDoc(d.accountId(), d.email(), d.uniqueId(), d.displayName(),
                        d.description(), true);
                case "enable" -> new ServiceAccountDoc(d.accountId(), d.email(), d.uniqueId(), d.displayName(),
                        d.description(), false);
                default -> updateAccount(call.request, body, d);
            };
            if (next == null) {
                tx.delete(key);
                tx.delete(new ResourceKey(GcpResourceDocs.POLICY, key.scope(), key.nameKey()));
                return null;
            }
            return tx.put(key, current.name(), GcpResourceDocs.write(next));
        });
        call.changed = true;
        if (row == null) {
            return toBytes(JSON.createObjectNode());
        }
        call.after = state(row);
        if (change.equals("update")) {
            return toBytes(renderAccount(new Account(account.project(), Optional.empty(), Optional.of(row),
                    Optional.of(GcpResourceDocs.read(row.document(), ServiceAccountDoc.class)))));
        }
        return toBytes(JSON.createObjectNode());
    }

    /** PATCH ({@code {serviceAccount, updateMask}}) or the older PUT (the account itself, displayName and description). */
    private static ServiceAccountDoc updateAccount(Request request, JsonNode body, ServiceAccountDoc d) {
        String displayName = d.displayName();
        String description = d.description();
        if (request.method().equals("PATCH")) {
            JsonNode sa = body.path("serviceAccount");
            if (!sa.isObject()) {
                throw IamApiError.invalid("Field serviceAccount is required.");
            }
            String maskText = text(body, "updateMask").orElse("");
            if (maskText.isEmpty()) {
                throw IamApiError.invalid("Field updateMask is required: name the fields to change, e.g. displayName.");
            }
            for (String path : maskText.split(",")) {
                switch (path.strip()) {
                    case "displayName", "display_name" -> displayName = text(sa, "displayName",
                            "serviceAccount.displayName").orElse(null);
                    case "description" -> description = text(sa, "description", "serviceAccount.description")
                            .orElse(null);
                    default -> throw IamApiError.invalid("Invalid updateMask path '" + IamValidation.printable(path)
                            + "': only displayName and description can be updated.");
                }
            }
        } else {
            displayName = text(body, "displayName").orElse(null);
            description = text(body, "description").orElse(null);
        }
        IamValidation.maxBytes("serviceAccount.displayName", displayName, 100);
        IamValidation.maxBytes("serviceAccount.description", description, 256);
        return new ServiceAccountDoc(d.accountId(), d.email(), d.uniqueId(), displayName, description, d.disabled());
    }

    // ---------------------------------------------------------------- IAM policies

    private byte[] getPolicy(Call call, Account account) {
        String requested = call.request.query().apply("options.requestedPolicyVersion").orElse(null);
        if (requested == null && call.request.body().length > 0) {
            JsonNode body = body(call.request.body(), Set.of("options"));
            JsonNode v = body.path("options").path("requestedPolicyVersion");
            requested = v.isMissingNode() ? null : v.asText();
        }
        if (requested != null && !requested.matches("[013]")) {
            throw IamApiError.invalid("Invalid options.requestedPolicyVersion '" + IamValidation.printable(requested)
                    + "': expected 0, 1 or 3.");
        }
        return toBytes(renderPolicy(currentPolicy(account)));
    }

    private record CurrentPolicy(PolicyDoc doc, String etag) {
    }

    private CurrentPolicy currentPolicy(Account account) {
        if (account.declared().isPresent()) {
            List<BindingDoc> bindings = new ArrayList<>();
            account.declared().get().bindings().forEach((role, members) -> bindings.add(new BindingDoc(role, members,
                    null)));
            PolicyDoc doc = new PolicyDoc(1, bindings);
            String etag = bindings.isEmpty() ? EMPTY_ETAG
                    : Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(dev.keyless.redaction.Fingerprints.sha256(GcpResourceDocs.write(doc)), 8));
            return new CurrentPolicy(doc, etag);
        }
        ResourceKey key = account.row().orElseThrow().key();
        return store.find(new ResourceKey(GcpResourceDocs.POLICY, key.scope(), key.nameKey()))
                .map(r -> new CurrentPolicy(GcpResourceDocs.read(r.document(), PolicyDoc.class), r.etag()))
                .orElse(new CurrentPolicy(new PolicyDoc(1, List.of()), EMPTY_ETAG));
    }

    private static ObjectNode renderPolicy(CurrentPolicy p) {
        ObjectNode n = JSON.createObjectNode();
        if (!p.doc().bindings().isEmpty()) {
            n.put("version", p.doc().version());
            ArrayNode bindings = n.putArray("bindings");
            for (BindingDoc b : p.doc().bindings()) {
                ObjectNode o = bindings.addObject().put("role", b.role());
                ArrayNode members = o.putArray("members");
                b.members().forEach(members::add);
                if (b.condition() != null) {
                    ObjectNode c = o.putObject("condition").put("expression", b.condition().expression())
                            .put("title", b.condition().title());
                    putIfPresent(c, "description", b.condition().description());
                    putIfPresent(c, "location", b.condition().location());
                }
            }
        }
        return n.put("etag", p.etag());
    }

    private byte[] setPolicy(Call call, Account account) {
        if (account.declared().isPresent()) {
            throw readOnly("The IAM policy of service account " + account.email(), "gcp.projects."
                    + account.project().projectId() + ".serviceAccounts." + account.accountId() + ".bindings");
        }
        JsonNode body = body(call.request.body(), Set.of("policy", "updateMask"));
        JsonNode policy = body.path("policy");
        if (!policy.isObject()) {
            throw IamApiError.invalid("Field policy is required.");
        }
        checkNames(policy, "policy.", Set.of("version", "bindings", "etag", "auditConfigs"));
        Optional<String> mask = text(body, "updateMask");
        Set<String> paths = mask.map(m -> Set.of(m.split(","))).orElse(Set.of("bindings", "etag"));
        for (String p : paths) {
            if (!Set.of("bindings", "etag", "version", "auditConfigs").contains(p.strip())) {
                throw IamApiError.invalid("Invalid updateMask path '" + IamValidation.printable(p) + "'.");
            }
        }
        JsonNode versionNode = policy.path("version");
        int version = versionNode.isMissingNode() ? 1 : versionNode.isInt() ? versionNode.intValue() : -1;
        if (version != 0 && version != 1 && version != 3) {
            throw IamApiError.invalid("Invalid policy.version: expected 0, 1 or 3.");
        }
        List<BindingDoc> bindings = bindings(policy.path("bindings"), version);
        Optional<String> sentEtag = text(policy, "etag", "policy.etag");
        PolicyDoc doc = new PolicyDoc(version == 0 ? 1 : version, bindings);
        ResourceKey key = new ResourceKey(GcpResourceDocs.POLICY, account.row().orElseThrow().key().scope(),
                account.row().orElseThrow().key().nameKey());
        StoredResource row = store.write(tx -> {
            if (tx.find(account.row().get().key()).isEmpty()) {
                throw IamApiError.notFound("Unknown service account");
            }
            Optional<StoredResource> current = tx.find(key);
            String currentEtag = current.map(StoredResource::etag).orElse(EMPTY_ETAG);
            call.before = current.map(GcpIamApi::state).orElse(EMPTY_ETAG);
            if (sentEtag.isPresent() && !sentEtag.get().equals(currentEtag)) {
                throw IamApiError.aborted(IamValidation.printable(sentEtag.get()), currentEtag);
            }
            return tx.put(key, account.email(), GcpResourceDocs.write(doc));
        });
        call.changed = true;
        call.after = state(row);
        return toBytes(renderPolicy(new CurrentPolicy(doc, row.etag())));
    }

    private List<BindingDoc> bindings(JsonNode node, int version) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw IamApiError.invalid("Invalid JSON payload received. Invalid value at 'policy.bindings': expected a "
                    + "list.");
        }
        List<BindingDoc> out = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < node.size(); i++) {
            JsonNode b = node.get(i);
            if (!b.isObject()) {
                throw IamApiError.invalid("Invalid policy.bindings[" + i + "]: expected an object.");
            }
            checkNames(b, "policy.bindings[" + i + "].", Set.of("role", "members", "condition"));
            String role = text(b, "role", "policy.bindings[" + i + "].role").orElse(null);
            IamValidation.role(role, i);
            List<String> members = stringList(b, "members", "policy.bindings[" + i + "].members");
            for (String m : members) {
                Optional<PoolRef> pool = IamValidation.member(m, i);
                if (pool.isPresent() && !poolExists(pool.get())) {
                    throw IamApiError.invalid("Invalid policy.bindings[" + i + "].members '" + IamValidation.printable(m)
                            + "': workload identity pool " + pool.get().poolId() + " does not exist in project number "
                            + pool.get().projectNumber() + ".");
                }
            }
            total += members.size();
            ConditionDoc condition = null;
            JsonNode c = b.path("condition");
            if (!c.isMissingNode() && !c.isNull()) {
                if (version != 3) {
                    throw IamApiError.invalid("Invalid policy.version: a binding with a condition requires version 3.");
                }
                String field = "policy.bindings[" + i + "].condition";
                checkNames(c, field + ".", Set.of("expression", "title", "description", "location"));
                String expression = text(c, "expression", field + ".expression").orElse("");
                String title = text(c, "title", field + ".title").orElse("");
                if (expression.isBlank() || expression.length() > 12800) {
                    throw IamApiError.invalid("Invalid " + field + ".expression: it must be 1 to 12800 characters.");
                }
                if (title.isBlank() || title.length() > 100) {
                    throw IamApiError.invalid("Invalid " + field + ".title: a condition needs a title of 1 to 100 "
                            + "characters.");
                }
                condition = new ConditionDoc(expression, title, text(c, "description", field + ".description")
                        .orElse(null), text(c, "location", field + ".location").orElse(null));
            }
            if (!members.isEmpty()) { // Google drops bindings without members
                out.add(new BindingDoc(role, members, condition));
            }
        }
        if (total > IamValidation.MAX_POLICY_MEMBERS) {
            throw IamApiError.invalid("Invalid policy.bindings: " + total + " members; a policy holds at most "
                    + IamValidation.MAX_POLICY_MEMBERS + ".");
        }
        return out;
    }

    private boolean poolExists(PoolRef ref) {
        Optional<GcpProject> project = config.projectByNumber(Long.toString(ref.projectNumber()));
        if (project.isEmpty()) {
            return false;
        }
        return findPool(project.get(), ref.poolId()).filter(s -> !(s instanceof PoolState.Stored st
                && GcpResourceDocs.DELETED.equals(st.doc().state()))).isPresent();
    }

    // ---------------------------------------------------------------- request helpers

    private static IamApiError readOnly(String what, String key) {
        return IamApiError.failedPrecondition(what + " is declared in keyless.yaml at " + key
                + " and is read-only through this API; change it in the file.");
    }

    /** The body as a JSON object (empty means {@code {}}), unknown top-level names refused as Google does. */
    private static JsonNode body(byte[] bytes, Set<String> known) {
        JsonNode node;
        if (bytes.length == 0) {
            node = JSON.createObjectNode();
        } else {
            try {
                node = UntrustedJson.readObject(bytes);
            } catch (MalformedJsonException e) {
                throw IamApiError.invalid("Invalid JSON payload received. " + e.getMessage());
            }
        }
        checkNames(node, "", known);
        return node;
    }

    private static void checkNames(JsonNode node, String prefix, Set<String> known) {
        if (!node.isObject()) {
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw IamApiError.invalid("Invalid JSON payload received. Unknown name \"" + IamValidation.printable(name)
                        + "\" at '" + prefix + "': Cannot find field.");
            }
        }
    }

    private static Optional<String> text(JsonNode node, String name) {
        return text(node, name, name);
    }

    private static Optional<String> text(JsonNode node, String name, String field) {
        JsonNode v = node.path(name);
        if (v.isMissingNode() || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw IamApiError.invalid("Invalid JSON payload received. Invalid value at '" + field + "': expected a "
                    + "string.");
        }
        return Optional.of(v.textValue());
    }

    private static boolean bool(JsonNode node, String name) {
        JsonNode v = node.path(name);
        if (v.isMissingNode() || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw IamApiError.invalid("Invalid JSON payload received. Invalid value at '" + name + "': expected a "
                    + "boolean.");
        }
        return v.booleanValue();
    }

    /** Query booleans arrive Python-spelled ({@code True}/{@code False}) from gcloud. */
    private static boolean bool(Optional<String> query, String name) {
        if (query.isEmpty() || query.get().isEmpty()) {
            return false;
        }
        return switch (query.get().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw IamApiError.invalid("Invalid value for " + name + ": expected true or false.");
        };
    }

    private static List<String> stringList(JsonNode node, String name, String field) {
        JsonNode v = node.path(name);
        if (v.isMissingNode() || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw IamApiError.invalid("Invalid JSON payload received. Invalid value at '" + field + "': expected a list "
                    + "of strings.");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw IamApiError.invalid("Invalid JSON payload received. Invalid value at '" + field + "': expected a "
                        + "list of strings.");
            }
            out.add(e.textValue());
        }
        return out;
    }

    private static Map<String, String> stringMap(JsonNode node, String name) {
        JsonNode v = node.path(name);
        if (v.isMissingNode() || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw IamApiError.invalid("Invalid JSON payload received. Invalid value at '" + name + "': expected a map "
                    + "of strings.");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (var it = v.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isTextual()) {
                throw IamApiError.invalid("Invalid JSON payload received. Invalid value at '" + name + "["
                        + IamValidation.printable(e.getKey()) + "]': expected a string.");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    /**
     * {@code updateMask} (AIP-134): required; only the fields it names change, so the
     * {@code "disabled": false} gcloud sends with every update does not re-enable a disabled resource.
     */
    private static Set<String> updateMask(Request request, Set<String> allowed) {
        String text = request.query().apply("updateMask").orElse("");
        if (text.isBlank()) {
            throw IamApiError.invalid("Field updateMask is required: name the fields to change, e.g. "
                    + "updateMask=displayName.");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String p : text.split(",")) {
            String path = p.strip();
            if (!allowed.contains(path)) {
                throw IamApiError.invalid("Invalid updateMask path '" + IamValidation.printable(path)
                        + "': updatable fields are " + allowed.stream().sorted().toList() + ".");
            }
            out.add(path);
        }
        return out;
    }

    private static byte[] page(Call call, List<ObjectNode> all, String field, int defaultSize) {
        String sizeText = call.request.query().apply("pageSize").orElse("");
        int size;
        try {
            size = sizeText.isEmpty() ? defaultSize : Integer.parseInt(sizeText);
        } catch (NumberFormatException e) {
            throw IamApiError.invalid("Invalid pageSize '" + IamValidation.printable(sizeText) + "': expected a number.");
        }
        if (size < 0) {
            throw IamApiError.invalid("Invalid pageSize " + size + ": it must not be negative.");
        }
        size = size == 0 ? defaultSize : Math.min(size, MAX_PAGE_SIZE);
        String tokenText = call.request.query().apply("pageToken").orElse("");
        int from = 0;
        if (!tokenText.isEmpty()) {
            try {
                from = Integer.parseInt(new String(Base64.getUrlDecoder().decode(tokenText), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw IamApiError.invalid("Invalid pageToken: it was not returned by a previous list call.");
            }
            if (from < 0 || from > all.size()) {
                throw IamApiError.invalid("Invalid pageToken: it was not returned by a previous list call.");
            }
        }
        ObjectNode out = JSON.createObjectNode();
        int to = Math.min(all.size(), from + size);
        if (to > from) {
            ArrayNode items = out.putArray(field);
            all.subList(from, to).forEach(items::add);
        }
        if (to < all.size()) {
            out.put("nextPageToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Integer.toString(to).getBytes(StandardCharsets.UTF_8)));
        }
        return toBytes(out);
    }

    private static void putIfPresent(ObjectNode n, String name, String value) {
        if (value != null) {
            n.put(name, value);
        }
    }

    private static byte[] toBytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** For the audit record: the etag and a digest of the document (never the document itself). */
    private static String state(StoredResource row) {
        return row.etag() + " sha256:" + sha256(row.document()).substring(0, 16);
    }

    static String sha256(String text) {
        return dev.keyless.redaction.Fingerprints.sha256Hex(text);
    }
}
