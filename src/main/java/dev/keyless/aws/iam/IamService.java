package dev.keyless.aws.iam;

import dev.keyless.aws.policy.MalformedPolicyException;
import dev.keyless.aws.policy.PolicyDocument;
import dev.keyless.aws.policy.PolicyParser;
import dev.keyless.aws.policy.Statement;
import dev.keyless.config.AwsAccount;
import dev.keyless.config.AwsConfig;
import dev.keyless.config.OidcProviderConfig;
import dev.keyless.config.RoleConfig;
import dev.keyless.redaction.Fingerprints;
import dev.keyless.resources.ResourceKey;
import dev.keyless.resources.ResourceStore;
import dev.keyless.resources.ResourceTransaction;
import dev.keyless.resources.StoredResource;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IAM operations on OIDC providers, roles and role policies (IAM API Reference, 2010-05-08):
 * validation as the service model and documentation state it, then one serialised store write per
 * change. Resources declared in keyless.yaml are listed and read like the others but refused on
 * change ({@code UnmodifiableEntity}, naming the file key). Callers are already authenticated and
 * authorised; every operation is scoped to the caller's account.
 */
public final class IamService {
    static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]+");
    static final Pattern POLICY_NAME = ROLE_NAME;
    static final Pattern PATH = Pattern.compile("(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
    static final Pattern PATH_PREFIX = Pattern.compile("\\u002F[\\u0021-\\u007F]*");
    static final Pattern POLICY_TEXT = Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
    static final Pattern DESCRIPTION = Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*");
    static final Pattern THUMBPRINT = Pattern.compile("[0-9A-Fa-f]{40}");
    static final Pattern PROVIDER_ARN = Pattern.compile("arn:aws[a-z-]*:iam::([0-9]{12}):oidc-provider/(.+)");
    static final Pattern POLICY_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(aws|[0-9]{12}):policy/(.+/)?([\\w+=,.@-]+)");
    /** IAM quotas (IAM User Guide, "IAM and AWS STS quotas"): trust policy length (raised maximum), inline policies per role. */
    static final int MAX_TRUST_POLICY = 8192;
    static final int MAX_INLINE_POLICIES_TOTAL = 10240;
    static final int MAX_CLIENT_IDS = 100;
    static final int MAX_THUMBPRINTS = 5;
    static final int MAX_TAGS = 50;
    static final int MAX_ATTACHED = 20;
    private static final char[] ROLE_ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final AwsConfig file;
    private final String fileName;
    private final ResourceStore store;
    private final Clock clock;
    private final SecureRandom random;
    private final Runnable changed;
    private final Instant fileLoaded;
    private final Map<String, Operation> operations;

    /** What one operation did: the result to render, and for a change the resource and its digests. */
    record Outcome(Optional<IamXml> result, Optional<String> resource, Optional<String> before, Optional<String> after) {
        static Outcome read(IamXml result) {
            return new Outcome(Optional.of(result), Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    @FunctionalInterface
    private interface Operation {
        Outcome run(String account, IamParams p);
    }

    /**
     * @param fileName how refusals name the configuration file (its key is added)
     * @param changed  called after a committed change, so this node's view reloads before the next request
     */
    public IamService(AwsConfig file, String fileName, ResourceStore store, Clock clock, SecureRandom random,
            Runnable changed) {
        this.file = Objects.requireNonNull(file, "file");
        this.fileName = Objects.requireNonNull(fileName, "fileName");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.changed = Objects.requireNonNull(changed, "changed");
        this.fileLoaded = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Operation> ops = new LinkedHashMap<>();
        ops.put("CreateOpenIDConnectProvider", this::createProvider);
        ops.put("GetOpenIDConnectProvider", this::getProvider);
        ops.put("ListOpenIDConnectProviders", this::listProviders);
        ops.put("DeleteOpenIDConnectProvider", this::deleteProvider);
        ops.put("AddClientIDToOpenIDConnectProvider", (a, p) -> changeClientIds(a, p, true));
        ops.put("RemoveClientIDFromOpenIDConnectProvider", (a, p) -> changeClientIds(a, p, false));
        ops.put("UpdateOpenIDConnectProviderThumbprint", this::updateThumbprints);
        ops.put("TagOpenIDConnectProvider", this::tagProvider);
        ops.put("UntagOpenIDConnectProvider", this::untagProvider);
        ops.put("ListOpenIDConnectProviderTags", this::listProviderTags);
        ops.put("CreateRole", this::createRole);
        ops.put("GetRole", this::getRole);
        ops.put("ListRoles", this::listRoles);
        ops.put("DeleteRole", this::deleteRole);
        ops.put("UpdateAssumeRolePolicy", this::updateAssumeRolePolicy);
        ops.put("UpdateRole", this::updateRole);
        ops.put("UpdateRoleDescription", this::updateRoleDescription);
        ops.put("TagRole", this::tagRole);
        ops.put("UntagRole", this::untagRole);
        ops.put("ListRoleTags", this::listRoleTags);
        ops.put("PutRolePolicy", this::putRolePolicy);
        ops.put("GetRolePolicy", this::getRolePolicy);
        ops.put("DeleteRolePolicy", this::deleteRolePolicy);
        ops.put("ListRolePolicies", this::listRolePolicies);
        ops.put("AttachRolePolicy", this::attachRolePolicy);
        ops.put("DetachRolePolicy", this::detachRolePolicy);
        ops.put("ListAttachedRolePolicies", this::listAttachedRolePolicies);
        ops.put("ListInstanceProfilesForRole", this::listInstanceProfilesForRole);
        this.operations = Map.copyOf(ops);
    }

    public Set<String> actions() {
        return operations.keySet();
    }

    /** Runs {@code action}; a refusal is thrown as {@link IamFailure.Refusal} (the transaction rolled back). */
    Outcome execute(String action, String account, IamParams params) {
        Operation op = operations.get(action);
        if (op == null) {
            throw new IllegalArgumentException("not an IAM action here: " + action);
        }
        return op.run(account, params);
    }

    /** The ARN an action is authorised on (IAM Service Authorization Reference, "Actions defined by IAM"). */
    String resourceArn(String action, String account, IamParams p) {
        if (action.equals("ListRoles") || action.equals("ListOpenIDConnectProviders")) {
            return "*";
        }
        if (action.equals("CreateOpenIDConnectProvider")) {
            return p.raw("Url").map(u -> IamKinds.providerArn(account, u)).orElse("*");
        }
        if (action.contains("OpenIDConnectProvider")) {
            return p.raw("OpenIDConnectProviderArn").orElse("*");
        }
        String name = p.raw("RoleName").orElse("");
        String path = p.raw("Path").filter(x -> PATH.matcher(x).matches())
                .or(() -> store.find(IamKinds.roleKey(account, name)).map(r -> IamKinds.role(r.document()).path()))
                .or(() -> declaredRole(account, name).map(RoleConfig::path)).orElse("/");
        return "arn:aws:iam::" + account + ":role" + path + name;
    }

    // ---- OIDC providers ------------------------------------------------------------------------

    private Outcome createProvider(String account, IamParams p) {
        String url = p.required("Url", 1, 255, null);
        checkProviderUrl(url);
        List<String> clientIds = distinct(p.list("ClientIDList", 1, 255, null));
        if (clientIds.size() > MAX_CLIENT_IDS) {
            throw IamFailure.limitExceeded("Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: " + MAX_CLIENT_IDS)
                    .refusal();
        }
        List<String> thumbprints = thumbprints(p, false);
        Map<String, String> tags = p.tags("Tags", MAX_TAGS);
        String arn = IamKinds.providerArn(account, url);
        if (declaredProvider(account, arn).isPresent()) {
            throw IamFailure.alreadyExists("Provider with url " + url + " already exists (declared in " + fileName + ").")
                    .refusal();
        }
        StoredProvider provider = new StoredProvider(url, clientIds, thumbprints, tags, now());
        String after = IamKinds.write(provider);
        write(tx -> {
            ResourceKey key = IamKinds.providerKey(account, url);
            if (tx.find(key).isPresent()) {
                throw IamFailure.alreadyExists("Provider with url " + url + " already exists.").refusal();
            }
            return tx.put(key, IamKinds.withoutScheme(url), after);
        });
        IamXml result = new IamXml().el("OpenIDConnectProviderArn", arn);
        if (!tags.isEmpty()) {
            result.tags("Tags", tags);
        }
        return new Outcome(Optional.of(result), Optional.of(arn), Optional.empty(), Optional.of(digest(after)));
    }

    /**
     * IAM requires {@code https://} (CreateOpenIDConnectProvider, Url). A loopback {@code http://}
     * issuer is also accepted: the built-in issuer of a local Keyless is plain HTTP on 127.0.0.1, and
     * keyless.yaml accepts the same for its providers.
     */
    private static void checkProviderUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw IamFailure.invalidInput("Url is not a valid URL: " + e.getReason() + ".").refusal();
        }
        String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
        boolean loopback = uri.getHost() != null && Set.of("127.0.0.1", "localhost", "[::1]").contains(uri.getHost());
        if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
            throw IamFailure.invalidInput("Url must begin with https:// (got " + (scheme.isEmpty() ? "no scheme" : scheme + "://")
                    + "); plain http:// is accepted only for a loopback issuer such as http://127.0.0.1:PORT.").refusal();
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw IamFailure.invalidInput("Url must name a host, e.g. https://gitlab.com.").refusal();
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw IamFailure.invalidInput("Url must not contain a query or a fragment: it is compared with the token's iss.")
                    .refusal();
        }
    }

    private List<String> thumbprints(IamParams p, boolean required) {
        List<String> list = p.list("ThumbprintList", 40, 40, null);
        if (required && list.isEmpty()) {
            p.required("ThumbprintList", 1, Integer.MAX_VALUE, null);
        }
        for (int i = 0; i < list.size(); i++) {
            if (!THUMBPRINT.matcher(list.get(i)).matches()) {
                throw IamFailure.invalidInput("ThumbprintList.member." + (i + 1) + ": a thumbprint is the 40 hex digits"
                        + " of a certificate's SHA-1 fingerprint, got '" + list.get(i) + "'.").refusal();
            }
        }
        if (list.size() > MAX_THUMBPRINTS) {
            throw IamFailure.invalidInput("ThumbprintList: at most " + MAX_THUMBPRINTS + " thumbprints, got " + list.size()
                    + ".").refusal();
        }
        return list.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
    }

    private Outcome getProvider(String account, IamParams p) {
        String arn = providerArnParam(p);
        ProviderView view = provider(account, arn);
        IamXml r = new IamXml().el("Url", view.returnedUrl()).members("ClientIDList", view.clientIds())
                .members("ThumbprintList", view.thumbprints()).el("CreateDate", view.createDate());
        if (!view.tags().isEmpty()) {
            r.tags("Tags", view.tags());
        }
        return Outcome.read(r);
    }

    private Outcome listProviders(String account, IamParams p) {
        List<String> arns = new ArrayList<>();
        file.account(account).ifPresent(a -> a.openIdConnectProviders().forEach(x -> arns.add(x.providerArn())));
        store.load().ofKind(IamKinds.PROVIDER).stream().filter(r -> r.key().scope().equals(account))
                .forEach(r -> arns.add(IamKinds.providerArn(account, IamKinds.provider(r.document()).url())));
        IamXml r = new IamXml().open("OpenIDConnectProviderList");
        arns.forEach(a -> r.open("member").el("Arn", a).close("member"));
        return Outcome.read(r.close("OpenIDConnectProviderList"));
    }

    /** Idempotent: "it does not fail or return an error if you call the operation for a provider that does not exist". */
    private Outcome deleteProvider(String account, IamParams p) {
        String arn = providerArnParam(p);
        refuseDeclaredProvider(account, arn);
        Optional<StoredResource> before = write(tx -> {
            Optional<StoredResource> existing = findProvider(tx, account, arn);
            existing.ifPresent(r -> tx.delete(r.key()));
            return existing;
        });
        return change(arn, before.map(StoredResource::document), Optional.empty());
    }

    private Outcome changeClientIds(String account, IamParams p, boolean add) {
        String arn = providerArnParam(p);
        String clientId = p.required("ClientID", 1, 255, null);
        return updateProvider(account, arn, old -> {
            List<String> ids = new ArrayList<>(old.clientIds());
            if (add && !ids.contains(clientId)) {
                if (ids.size() >= MAX_CLIENT_IDS) {
                    throw IamFailure.limitExceeded("Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: "
                            + MAX_CLIENT_IDS).refusal();
                }
                ids.add(clientId);
            } else if (!add) {
                ids.remove(clientId);
            }
            return old.withClientIds(ids);
        });
    }

    private Outcome updateThumbprints(String account, IamParams p) {
        String arn = providerArnParam(p);
        List<String> list = thumbprints(p, true);
        return updateProvider(account, arn, old -> old.withThumbprints(list));
    }

    private Outcome tagProvider(String account, IamParams p) {
        String arn = providerArnParam(p);
        Map<String, String> tags = p.tags("Tags", MAX_TAGS);
        if (tags.isEmpty()) {
            p.required("Tags", 1, Integer.MAX_VALUE, null);
        }
        return updateProvider(account, arn, old -> old.withTags(mergeTags(old.tags(), tags)));
    }

    private Outcome untagProvider(String account, IamParams p) {
        String arn = providerArnParam(p);
        List<String> keys = p.list("TagKeys", 1, 128, IamParams.TAG_KEY);
        return updateProvider(account, arn, old -> old.withTags(removeTags(old.tags(), keys)));
    }

    private Outcome listProviderTags(String account, IamParams p) {
        ProviderView view = provider(account, providerArnParam(p));
        return Outcome.read(pageOfTags(view.tags(), p));
    }

    private Outcome updateProvider(String account, String arn, Function<StoredProvider, StoredProvider> change) {
        refuseDeclaredProvider(account, arn);
        String[] before = new String[1];
        String after = write(tx -> {
            StoredResource row = findProvider(tx, account, arn)
                    .orElseThrow(() -> noSuchProvider(arn).refusal());
            before[0] = row.document();
            String doc = IamKinds.write(change.apply(IamKinds.provider(row.document())));
            tx.put(row.key(), row.name(), doc);
            return doc;
        });
        return change(arn, Optional.of(before[0]), Optional.of(after));
    }

    private record ProviderView(String returnedUrl, List<String> clientIds, List<String> thumbprints,
            Map<String, String> tags, String createDate) {}

    private ProviderView provider(String account, String arn) {
        Optional<OidcProviderConfig> declared = declaredProvider(account, arn);
        if (declared.isPresent()) {
            OidcProviderConfig d = declared.get();
            return new ProviderView(returnedUrl(d.url()), d.clientIds(), d.thumbprints(), Map.of(), iso(fileLoaded));
        }
        StoredProvider s = findProvider(account, arn).map(r -> IamKinds.provider(r.document()))
                .orElseThrow(() -> noSuchProvider(arn).refusal());
        return new ProviderView(returnedUrl(s.url()), s.clientIds(), s.thumbprints(), s.tags(), s.createDate());
    }

    /**
     * IAM returns the URL without its scheme ({@code gitlab.com}). With a port, the scheme-less
     * {@code host:port} does not parse back as a URL in Terraform's AWS provider, which then plans a
     * replacement on every run; the full URL is returned in that case, which it round-trips.
     */
    static String returnedUrl(String url) {
        String rest = IamKinds.withoutScheme(url);
        int slash = rest.indexOf('/');
        String host = slash < 0 ? rest : rest.substring(0, slash);
        return host.contains(":") ? url : rest;
    }

    private String providerArnParam(IamParams p) {
        return p.required("OpenIDConnectProviderArn", 20, 2048, null);
    }

    private static IamFailure noSuchProvider(String arn) {
        return IamFailure.noSuchEntity("OpenIDConnect Provider not found for arn " + arn);
    }

    private Optional<StoredResource> findProvider(String account, String arn) {
        return providerKey(account, arn).flatMap(store::find);
    }

    private static Optional<StoredResource> findProvider(ResourceTransaction tx, String account, String arn) {
        return providerKey(account, arn).flatMap(tx::find);
    }

    private static Optional<ResourceKey> providerKey(String account, String arn) {
        Matcher m = PROVIDER_ARN.matcher(arn);
        if (!m.matches()) {
            throw IamFailure.invalidInput("OpenIDConnectProviderArn: expected arn:aws:iam::ACCOUNT:oidc-provider/HOST[/PATH],"
                    + " got '" + arn + "'.").refusal();
        }
        return m.group(1).equals(account) ? Optional.of(new ResourceKey(IamKinds.PROVIDER, account, m.group(2)))
                : Optional.empty();
    }

    private Optional<OidcProviderConfig> declaredProvider(String account, String arn) {
        return file.account(account).flatMap(a -> a.openIdConnectProviders().stream()
                .filter(x -> x.providerArn().equals(arn)).findFirst());
    }

    private void refuseDeclaredProvider(String account, String arn) {
        Optional<OidcProviderConfig> declared = declaredProvider(account, arn);
        if (declared.isPresent()) {
            int index = file.account(account).get().openIdConnectProviders().indexOf(declared.get());
            throw IamFailure.unmodifiable("The OIDC provider " + arn + " is declared in " + fileName + " at aws.accounts."
                    + account + ".openIdConnectProviders[" + index + "] and cannot be changed through the IAM API;"
                    + " change the file instead.").refusal();
        }
    }

    // ---- Roles -----------------------------------------------------------------------------------

    private Outcome createRole(String account, IamParams p) {
        String name = p.required("RoleName", 1, 64, ROLE_NAME);
        String path = p.optional("Path", 1, 512, PATH).orElse("/");
        String policy = p.required("AssumeRolePolicyDocument", 1, 131072, POLICY_TEXT);
        Optional<String> description = p.optional("Description", 0, 1000, DESCRIPTION);
        int maxSession = p.integer("MaxSessionDuration", 3600, 43200).orElse(RoleConfig.DEFAULT_MAX_SESSION_DURATION);
        p.optional("PermissionsBoundary", 20, 2048, null).ifPresent(b -> {
            throw IamFailure.invalidInput("PermissionsBoundary is not supported by Keyless: leave it out.").refusal();
        });
        Map<String, String> tags = p.tags("Tags", MAX_TAGS);
        checkTrustPolicy(account, policy);
        if (declaredRole(account, name).isPresent()) {
            throw IamFailure.alreadyExists("Role with name " + name + " already exists (declared in " + fileName + ").")
                    .refusal();
        }
        StoredRole role = new StoredRole(name, path, newRoleId(), description, maxSession, policy, tags, Map.of(),
                List.of(), now());
        String after = IamKinds.write(role);
        write(tx -> {
            ResourceKey key = IamKinds.roleKey(account, name);
            Optional<StoredResource> existing = tx.find(key);
            if (existing.isPresent()) {
                throw IamFailure.alreadyExists("Role with name " + existing.get().name() + " already exists.").refusal();
            }
            return tx.put(key, name, after);
        });
        IamXml r = new IamXml().open("Role").raw(roleXml(role(account, role), true)).close("Role");
        return new Outcome(Optional.of(r), Optional.of(role.arn(account)), Optional.empty(), Optional.of(digest(after)));
    }

    private Outcome getRole(String account, IamParams p) {
        RoleView role = role(account, p.required("RoleName", 1, 64, ROLE_NAME));
        return Outcome.read(new IamXml().open("Role").raw(roleXml(role, true)).close("Role"));
    }

    /** ListRoles "does not return PermissionsBoundary, RoleLastUsed, Tags" (IAM API Reference, ListRoles). */
    private Outcome listRoles(String account, IamParams p) {
        String prefix = p.optional("PathPrefix", 1, 512, PATH_PREFIX).orElse("/");
        List<RoleView> all = new ArrayList<>();
        file.account(account).ifPresent(a -> a.roles().values().forEach(r -> all.add(role(r))));
        store.load().ofKind(IamKinds.ROLE).stream().filter(r -> r.key().scope().equals(account))
                .forEach(r -> all.add(role(account, IamKinds.role(r.document()))));
        all.sort(Comparator.comparing(r -> r.name().toLowerCase(Locale.ROOT)));
        List<RoleView> matching = all.stream().filter(r -> r.path().startsWith(prefix)).toList();
        Page<RoleView> page = page(matching, r -> r.name().toLowerCase(Locale.ROOT), p);
        IamXml r = new IamXml().open("Roles");
        page.items().forEach(x -> r.open("member").raw(roleXml(x, false)).close("member"));
        r.close("Roles");
        return Outcome.read(page.finish(r));
    }

    private Outcome deleteRole(String account, IamParams p) {
        String name = p.required("RoleName", 1, 64, ROLE_NAME);
        refuseDeclaredRole(account, name);
        StoredResource before = write(tx -> {
            StoredResource row = tx.find(IamKinds.roleKey(account, name)).orElseThrow(() -> noSuchRole(name).refusal());
            StoredRole role = IamKinds.role(row.document());
            if (!role.inlinePolicies().isEmpty()) {
                throw IamFailure.deleteConflict("Cannot delete entity, must delete policies first. Inline policies of role "
                        + role.name() + ": " + role.inlinePolicies().keySet()).refusal();
            }
            if (!role.attachedPolicies().isEmpty()) {
                throw IamFailure.deleteConflict("Cannot delete entity, must detach all policies first. Attached to role "
                        + role.name() + ": " + role.attachedPolicies()).refusal();
            }
            tx.delete(row.key());
            return row;
        });
        return change(IamKinds.role(before.document()).arn(account), Optional.of(before.document()), Optional.empty());
    }

    private Outcome updateAssumeRolePolicy(String account, IamParams p) {
        String name = p.required("RoleName", 1, 64, ROLE_NAME);
        String policy = p.required("PolicyDocument", 1, 131072, POLICY_TEXT);
        refuseDeclaredRole(account, name);
        checkTrustPolicy(account, policy);
        return updateRole(account, name, r -> r.withTrustPolicy(policy));
    }

    private Outcome updateRole(String account, IamParams p) {
        String name = p.required("RoleName", 1, 64, ROLE_NAME);
        Optional<String> description = p.optional("Description", 0, 1000, DESCRIPTION);
        var duration = p.integer("MaxSessionDuration", 3600, 43200);
        refuseDeclaredRole(account, name);
        Outcome o = updateRole(account, name, r -> r.withDescriptionAndDuration(description.or(r::description),
                duration.orElse(r.maxSessionDuration())));
        return new Outcome(Optional.of(new IamXml()), o.resource(), o.before(), o.after());
    }

    private Outcome updateRoleDescription(String account, IamParams p) {
        String name = p.required("RoleName", 1, 64, ROLE_NAME);
        String description = p.required("Description", 0, 1000, DESCRIPTION);
        refuseDeclaredRole(account, name);
        Outcome o = updateRole(account, name, r -> r.withDescriptionAndDuration(Optional.of(description),
                r.maxSessionDuration()));
        StoredRole after = IamKinds.role(store.find(IamKinds.roleKey(account, name)).orElseThrow().document());
        IamXml r = new IamXml().open("Role").raw(roleXml(role(account, after), true)).close("Role");
        return new Outcome(Optional.of(r), o.resource(), o.before(), o.after());
    }

    private Outcome tagRole(String account, IamParams p) {
        String name = p.required("RoleName", 1, 64, ROLE_NAME);
        Map<String, String> tags = p.tags("Tags", MAX_TAGS);
        if (tags.isEmpty()) {
            p.required("Tags", 1, Integer.MAX_VALUE, null);
        }
        refuseDeclaredRole(account, name);
        return updateRole(account, name, r -> {
            Map<String, String> merged = mergeTags(r.tags(), tags);
            return r.withTags(merged);
        });
    }

    private Outcome untagRole(String account, IamParams p) {
        String name = p.required("RoleName", 1, 64, ROLE_NAME);
        List<String> keys = p.list("TagKeys", 1, 128, IamParams.TAG_KEY);
        refuseDeclaredRole(account, name);
        return updateRole(account, name, r -> r.withTags(removeTags(r.tags(), keys)));
    }

    private Outcome listRoleTags(String account, IamParams p) {
        RoleView role = role(account, p.required("RoleName", 1, 64, ROLE_NAME));
        return Outcome.read(pageOfTags(role.tags(), p));
    }

    private Outcome putRolePolicy(String account, IamParams p) {
        String name = p.required("RoleName", 1, 64, ROLE_NAME);
        String policyName = p.required("PolicyName", 1, 128, POLICY_NAME);
        String document = p.required("PolicyDocument", 1, 131072, POLICY_TEXT);
        refuseDeclaredRole(account, name);
        checkPermissionPolicy(document);
        return updateRole(account, name, r -> {
            Map<String, String> policies = new TreeMap<>(r.inlinePolicies());
            policies.put(policyName, document);
            int total = policies.values().stream().mapToInt(d -> d.replaceAll("\\s", "").length()).sum();
            if (total > MAX_INLINE_POLICIES_TOTAL) {
                throw IamFailure.limitExceeded("Maximum policy size of " + MAX_INLINE_POLICIES_TOTAL
                        + " bytes exceeded for role " + r.name()).refusal();
            }
            return r.withInlinePolicies(policies);
        });
    }

    private Outcome getRolePolicy(String account, IamParams p) {
        String name = p.required("RoleName", 1, 64, ROLE_NAME);
        String policyName = p.required("PolicyName", 1, 128, POLICY_NAME);
        RoleView role = role(account, name);
        String document = Optional.ofNullable(role.inlinePolicies().get(policyName))
                .orElseThrow(() -> IamFailure.noSuchEntity("The role policy with name " + policyName
                        + " cannot be found.").refusal());
        return Outcome.read(new IamXml().el("RoleName", role.name()).el("PolicyName", policyName)
                .el("PolicyDocument", Rfc3986.encode(document)));
    }

    private Outcome deleteRolePolicy(String account, IamParams p) {
        String name = p.required("RoleName", 1, 64, ROLE_NAME);
        String policyName = p.required("PolicyName", 1, 128, POLICY_NAME);
        refuseDeclaredRole(account, name);
        return updateRole(account, name, r -> {
            if (!r.inlinePolicies().containsKey(policyName)) {
                throw IamFailure.noSuchEntity("The role policy with name " + policyName + " cannot be found.").refusal();
            }
            Map<String, String> policies = new TreeMap<>(r.inlinePolicies());
            policies.remove(policyName);
            return r.withInlinePolicies(policies);
        });
    }

    private Outcome listRolePolicies(String account, IamParams p) {
        RoleView role = role(account, p.required("RoleName", 1, 64, ROLE_NAME));
        Page<String> page = page(List.copyOf(role.inlinePolicies().keySet()), n -> n, p);
        return Outcome.read(page.finish(new IamXml().members("PolicyNames", page.items())));
    }

    private Outcome attachRolePolicy(String account, IamParams p) {
        String name = p.required("RoleName", 1, 64, ROLE_NAME);
        String arn = p.required("PolicyArn", 20, 2048, null);
        if (!POLICY_ARN.matcher(arn).matches()) {
            throw IamFailure.invalidInput("PolicyArn: expected arn:aws:iam::aws:policy/NAME or"
                    + " arn:aws:iam::ACCOUNT:policy/NAME, got '" + arn + "'.").refusal();
        }
        refuseDeclaredRole(account, name);
        return updateRole(account, name, r -> {
            List<String> arns = new ArrayList<>(r.attachedPolicies());
            if (!arns.contains(arn)) {
                if (arns.size() >= MAX_ATTACHED) {
                    throw IamFailure.limitExceeded("Cannot exceed quota for PoliciesPerRole: " + MAX_ATTACHED).refusal();
                }
                arns.add(arn);
            }
            return r.withAttachedPolicies(arns);
        });
    }

    private Outcome detachRolePolicy(String account, IamParams p) {
        String name = p.required("RoleName", 1, 64, ROLE_NAME);
        String arn = p.required("PolicyArn", 20, 2048, null);
        refuseDeclaredRole(account, name);
        return updateRole(account, name, r -> {
            if (!r.attachedPolicies().contains(arn)) {
                throw IamFailure.noSuchEntity("Policy " + arn + " was not found.").refusal();
            }
            List<String> arns = new ArrayList<>(r.attachedPolicies());
            arns.remove(arn);
            return r.withAttachedPolicies(arns);
        });
    }

    private Outcome listAttachedRolePolicies(String account, IamParams p) {
        RoleView role = role(account, p.required("RoleName", 1, 64, ROLE_NAME));
        String prefix = p.optional("PathPrefix", 1, 512, PATH_PREFIX).orElse("/");
        List<String> arns = role.attachedPolicies().stream().filter(a -> policyPath(a).startsWith(prefix)).toList();
        Page<String> page = page(arns, a -> a, p);
        IamXml r = new IamXml().open("AttachedPolicies");
        page.items().forEach(a -> r.open("member").el("PolicyName", a.substring(a.lastIndexOf('/') + 1))
                .el("PolicyArn", a).close("member"));
        return Outcome.read(page.finish(r.close("AttachedPolicies")));
    }

    /** Keyless has no instance profiles: the list is empty, for a role that exists. */
    private Outcome listInstanceProfilesForRole(String account, IamParams p) {
        role(account, p.required("RoleName", 1, 64, ROLE_NAME));
        return Outcome.read(new IamXml().open("InstanceProfiles").close("InstanceProfiles").el("IsTruncated", "false"));
    }

    private static String policyPath(String arn) {
        Matcher m = POLICY_ARN.matcher(arn);
        return m.matches() && m.group(2) != null ? "/" + m.group(2) : "/";
    }

    private Outcome updateRole(String account, String name, Function<StoredRole, StoredRole> change) {
        String[] before = new String[2];
        write(tx -> {
            StoredResource row = tx.find(IamKinds.roleKey(account, name)).orElseThrow(() -> noSuchRole(name).refusal());
            before[0] = row.document();
            StoredRole updated = change.apply(IamKinds.role(row.document()));
            before[1] = IamKinds.write(updated);
            return tx.put(row.key(), row.name(), before[1]);
        });
        return change(IamKinds.role(before[1]).arn(account), Optional.of(before[0]), Optional.of(before[1]));
    }

    /** A role as the API shows it, declared or created. */
    record RoleView(String name, String path, String roleId, String arn, String createDate, String trustPolicy,
            Optional<String> description, int maxSessionDuration, Map<String, String> tags,
            Map<String, String> inlinePolicies, List<String> attachedPolicies) {}

    private RoleView role(String account, String name) {
        Optional<RoleConfig> declared = declaredRole(account, name);
        if (declared.isPresent()) {
            return role(declared.get());
        }
        return store.find(IamKinds.roleKey(account, name)).map(r -> role(account, IamKinds.role(r.document())))
                .orElseThrow(() -> noSuchRole(name).refusal());
    }

    private RoleView role(RoleConfig r) {
        return new RoleView(r.name(), r.path(), r.roleId(), r.arn(), iso(fileLoaded), r.assumeRolePolicyJson(),
                Optional.empty(), r.maxSessionDuration(), r.tags(), Map.of(), List.of());
    }

    private static RoleView role(String account, StoredRole r) {
        return new RoleView(r.name(), r.path(), r.roleId(), r.arn(account), r.createDate(), r.assumeRolePolicy(),
                r.description(), r.maxSessionDuration(), r.tags(), r.inlinePolicies(), r.attachedPolicies());
    }

    /** The Role shape (IAM API Reference, Role); the trust policy RFC 3986-encoded. */
    private static IamXml roleXml(RoleView r, boolean full) {
        IamXml x = new IamXml().el("Path", r.path()).el("RoleName", r.name()).el("RoleId", r.roleId())
                .el("Arn", r.arn()).el("CreateDate", r.createDate())
                .el("AssumeRolePolicyDocument", Rfc3986.encode(r.trustPolicy())).el("Description", r.description())
                .el("MaxSessionDuration", Integer.toString(r.maxSessionDuration()));
        if (full) {
            if (!r.tags().isEmpty()) {
                x.tags("Tags", r.tags());
            }
            x.open("RoleLastUsed").close("RoleLastUsed");
        }
        return x;
    }

    private Optional<RoleConfig> declaredRole(String account, String name) {
        return file.account(account).flatMap(a -> a.roles().values().stream()
                .filter(r -> r.name().equalsIgnoreCase(name)).findFirst());
    }

    private void refuseDeclaredRole(String account, String name) {
        Optional<RoleConfig> declared = declaredRole(account, name);
        if (declared.isPresent()) {
            throw IamFailure.unmodifiable("Role " + declared.get().name() + " is declared in " + fileName
                    + " at aws.accounts." + account + ".roles." + declared.get().name()
                    + " and cannot be changed through the IAM API; change the file instead.").refusal();
        }
    }

    private static IamFailure noSuchRole(String name) {
        return IamFailure.noSuchEntity("The role with name " + name + " cannot be found.");
    }

    private String newRoleId() {
        StringBuilder id = new StringBuilder("AROA");
        for (int i = 0; i < 17; i++) {
            id.append(ROLE_ID_CHARS[random.nextInt(ROLE_ID_CHARS.length)]);
        }
        return id.toString();
    }

    // ---- Policies --------------------------------------------------------------------------------

    /**
     * Compiled by the same parser the STS evaluates with ({@link PolicyParser}: strict JSON, so a
     * duplicate key is refused), then IAM's trust-policy rules: every statement names a principal,
     * none names a resource, and a federated OIDC provider of this account must exist.
     */
    private void checkTrustPolicy(String account, String text) {
        if (text.length() > MAX_TRUST_POLICY) {
            throw IamFailure.limitExceeded("Cannot exceed quota for ACLSizePerRole: " + MAX_TRUST_POLICY).refusal();
        }
        PolicyDocument policy = compile(text);
        for (Statement s : policy.statements()) {
            if (s.principals().isEmpty()) {
                throw IamFailure.malformedPolicy("AssumeRolePolicyDocument: statement " + s.label()
                        + " has no Principal; a trust policy must name who may assume the role.").refusal();
            }
            if (s.resources().isPresent()) {
                throw IamFailure.malformedPolicy("AssumeRolePolicyDocument: statement " + s.label()
                        + " has prohibited field Resource.").refusal();
            }
            for (String federated : s.principals().get().federated()) {
                Matcher m = PROVIDER_ARN.matcher(federated);
                if (m.matches() && m.group(1).equals(account) && declaredProvider(account, federated).isEmpty()
                        && store.find(new ResourceKey(IamKinds.PROVIDER, account, m.group(2))).isEmpty()) {
                    throw IamFailure.malformedPolicy("Invalid principal in policy: \"Federated\":\"" + federated
                            + "\" (statement " + s.label() + "): no such OIDC provider in account " + account + ".")
                            .refusal();
                }
            }
        }
    }

    /** A permission policy: same compiler; it may not name a principal (IAM User Guide, Principal element). */
    private static void checkPermissionPolicy(String text) {
        PolicyDocument policy = compile(text);
        for (Statement s : policy.statements()) {
            if (s.principals().isPresent()) {
                throw IamFailure.malformedPolicy("PolicyDocument: statement " + s.label()
                        + ": Policy document should not specify a principal.").refusal();
            }
            if (s.actions().isEmpty()) {
                throw IamFailure.malformedPolicy("PolicyDocument: statement " + s.label()
                        + " has no Action or NotAction.").refusal();
            }
            if (s.resources().isEmpty()) {
                throw IamFailure.malformedPolicy("PolicyDocument: statement " + s.label()
                        + " has no Resource or NotResource.").refusal();
            }
        }
    }

    static PolicyDocument compile(String text) {
        try {
            return PolicyParser.parse(text);
        } catch (MalformedPolicyException e) {
            throw IamFailure.malformedPolicy(e.getMessage()).refusal();
        }
    }

    // ---- Shared ----------------------------------------------------------------------------------

    private <T> T write(Function<ResourceTransaction, T> work) {
        T result = store.write(work);
        changed.run();
        return result;
    }

    private Outcome change(String resource, Optional<String> before, Optional<String> after) {
        return new Outcome(Optional.empty(), Optional.of(resource), before.map(IamService::digest),
                after.map(IamService::digest));
    }

    static String digest(String document) {
        return Fingerprints.sha256Prefix(document);
    }

    private static Map<String, String> mergeTags(Map<String, String> old, Map<String, String> added) {
        Map<String, String> merged = new TreeMap<>(old);
        merged.putAll(added);
        if (merged.size() > MAX_TAGS) {
            throw IamFailure.limitExceeded("The number of tags has reached the maximum limit of " + MAX_TAGS + ".")
                    .refusal();
        }
        return merged;
    }

    private static Map<String, String> removeTags(Map<String, String> old, List<String> keys) {
        Map<String, String> out = new TreeMap<>(old);
        keys.forEach(out::remove);
        return out;
    }

    private static List<String> distinct(List<String> list) {
        return List.copyOf(new java.util.LinkedHashSet<>(list));
    }

    private String now() {
        return iso(clock.instant());
    }

    private static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private IamXml pageOfTags(Map<String, String> tags, IamParams p) {
        Page<String> page = page(List.copyOf(new TreeMap<>(tags).keySet()), k -> k, p);
        Map<String, String> shown = new LinkedHashMap<>();
        page.items().forEach(k -> shown.put(k, tags.get(k)));
        return page.finish(new IamXml().tags("Tags", shown));
    }

    /** One page: items from the marker on, at most MaxItems (default 100, IAM API Reference "Marker"/"MaxItems"). */
    private record Page<T>(List<T> items, Optional<String> nextMarker) {
        IamXml finish(IamXml x) {
            x.el("IsTruncated", Boolean.toString(nextMarker.isPresent()));
            nextMarker.ifPresent(m -> x.el("Marker", m));
            return x;
        }
    }

    private static <T> Page<T> page(List<T> sorted, Function<T, String> key, IamParams p) {
        int max = p.integer("MaxItems", 1, 1000).orElse(100);
        Optional<String> marker = p.optional("Marker", 1, 320, null);
        int start = 0;
        if (marker.isPresent()) {
            String from;
            try {
                from = new String(Base64.getUrlDecoder().decode(marker.get()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw IamFailure.invalidInput("Marker: not a marker this API returned.").refusal();
            }
            while (start < sorted.size() && key.apply(sorted.get(start)).compareTo(from) < 0) {
                start++;
            }
        }
        int end = Math.min(sorted.size(), start + max);
        Optional<String> next = end < sorted.size()
                ? Optional.of(Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(key.apply(sorted.get(end)).getBytes(StandardCharsets.UTF_8)))
                : Optional.empty();
        return new Page<>(sorted.subList(start, end), next);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** Declared accounts, for callers that list them. */
    Map<String, AwsAccount> declaredAccounts() {
        return file.accounts();
    }
}
