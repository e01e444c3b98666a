package dev.keyless.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyless.Keyless;
import dev.keyless.audit.AuditDecision;
import dev.keyless.audit.AuditEvent;
import dev.keyless.audit.AuditKind;
import dev.keyless.audit.AuditQuery;
import dev.keyless.audit.AuditRenderer;
import dev.keyless.audit.AuditStore;
import dev.keyless.aws.decision.AssumeRoleRequest;
import dev.keyless.aws.iam.AwsLiveView;
import dev.keyless.config.AwsAccount;
import dev.keyless.config.OidcProviderConfig;
import dev.keyless.config.PoolProvider;
import dev.keyless.config.RoleConfig;
import dev.keyless.config.ServiceAccountConfig;
import dev.keyless.config.WorkloadIdentityPool;
import dev.keyless.explain.AwsExplainer;
import dev.keyless.explain.ExplainRenderer;
import dev.keyless.explain.ExplainReport;
import dev.keyless.explain.GcpExplainer;
import dev.keyless.gcp.iam.admin.GcpLiveDirectory;
import dev.keyless.gcp.sts.ProviderAudience;
import dev.keyless.http.HttpCall;
import dev.keyless.http.HttpReply;
import dev.keyless.http.RequestContext;
import dev.keyless.issuer.Audience;
import dev.keyless.issuer.DiscoveryDocument;
import dev.keyless.issuer.JobContext;
import dev.keyless.issuer.JobEnvironment;
import dev.keyless.issuer.MintResult;
import dev.keyless.issuer.RefType;
import dev.keyless.issuer.http.IssuerAudit;
import dev.keyless.json.MalformedJsonException;
import dev.keyless.json.UntrustedJson;
import dev.keyless.keys.KeyInfo;
import dev.keyless.keys.KeyState;
import dev.keyless.keys.Rotation;
import dev.keyless.keys.SigningKeyRing;
import dev.keyless.sealing.SealingKey;
import dev.keyless.trust.ConfigTrustLinter;
import dev.keyless.trust.TrustFinding;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's JSON API: reads what the server already decided and stores, and runs the one
 * decision {@code keyless explain} runs. Nothing here decides trust: decisions come from the audit
 * log ({@link AuditStore}, the records the STS wrote), explanations from {@link AwsExplainer} and
 * {@link GcpExplainer}, tokens from the issuer's minter, trust from the live views.
 */
final class ConsoleApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** A job's {@code max-age} as published on the JWKS (RFC 9111 §5.2.2.1). */
    private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d+)");
    private static final int LIST_LIMIT = 200;
    /** The chart's window: the last hour, per minute. */
    private static final int CHART_MINUTES = 60;
    private static final int CHART_QUERY_LIMIT = 20_000;
    /**
     * Filters the store has no column for (allowed only, substrings) look at this many of the newest
     * events: the page polls every second, so the query stays bounded however long the log is.
     */
    private static final int FILTER_WINDOW = 2_000;

    private final Keyless keyless;
    private final AwsLiveView aws;
    private final Supplier<GcpLiveDirectory> gcp;
    private final Clock clock;
    private final AuditRenderer renderer = new AuditRenderer();

    ConsoleApi(Keyless keyless, AwsLiveView aws, Supplier<GcpLiveDirectory> gcp, Clock clock) {
        this.keyless = keyless;
        this.aws = aws;
        this.gcp = gcp;
        this.clock = clock;
    }

    // ------------------------------------------------------------ decisions

    /** Newest first, filtered; the list rows only (the detail is {@link #decision}). */
    HttpReply decisions(HttpCall call) {
        AuditQuery q = AuditQuery.all().withLimit(LIST_LIMIT);
        Optional<String> outcome = call.queryParam("outcome").filter(s -> !s.isEmpty());
        if (outcome.filter("denied"::equals).isPresent()) {
            q = q.withDeniedOnly(true);
        }
        Optional<AuditKind> kind = call.queryParam("kind").filter(s -> !s.isEmpty()).flatMap(ConsoleApi::kind);
        if (kind.isPresent()) {
            q = q.withKind(kind.get());
        }
        Optional<String> role = call.queryParam("role").map(String::strip).filter(s -> !s.isEmpty());
        Optional<String> subject = call.queryParam("subject").map(String::strip).filter(s -> !s.isEmpty());
        Optional<String> project = call.queryParam("project").map(String::strip).filter(s -> !s.isEmpty());
        Optional<Long> minutes = call.queryParam("minutes").filter(s -> s.matches("[0-9]{1,6}")).map(Long::parseLong);
        if (minutes.isPresent()) {
            q = q.withSince(clock.instant().minus(Duration.ofMinutes(minutes.get())));
        }
        ArrayNode rows = F.arrayNode();
        List<AuditEvent> events = keyless.auditStore().query(outcome.filter("allowed"::equals).isPresent()
                || role.isPresent() || subject.isPresent() || project.isPresent() ? q.withLimit(FILTER_WINDOW) : q);
        for (AuditEvent e : events) {
            if (outcome.filter("allowed"::equals).isPresent() && e.decision() != AuditDecision.ALLOW) {
                continue;
            }
            if (role.isPresent() && !contains(e.role(), role.get())) {
                continue;
            }
            if (subject.isPresent() && !contains(e.subject(), subject.get())) {
                continue;
            }
            // GitLab subjects start with project_path:GROUP/PROJECT: (its sub claim's documented form).
            if (project.isPresent() && !contains(e.subject(), "project_path:" + project.get())) {
                continue;
            }
            ObjectNode row = rows.addObject();
            row.put("time", e.time().toString()).put("requestId", e.requestId()).put("kind", e.kind().name())
                    .put("decision", e.decision().name());
            putIfSet(row, "reason", e.reason());
            putIfSet(row, "role", e.role());
            putIfSet(row, "subject", e.subject());
            if (rows.size() >= LIST_LIMIT) {
                break;
            }
        }
        ObjectNode body = F.objectNode();
        body.put("now", clock.instant().toString());
        body.set("events", rows);
        return json(200, body);
    }

    /**
     * A request id or a part of one (what the AWS CLI or gcloud printed): its events whole, with the
     * explanation the server stored when it decided; several request ids for an ambiguous part.
     */
    HttpReply decision(HttpCall call) {
        String id = call.queryParam("id").map(String::strip).orElse("");
        if (id.isEmpty() || id.length() > 200) {
            return error(400, "give a request id or a part of it");
        }
        AuditStore store = keyless.auditStore();
        List<AuditEvent> events = store.query(AuditQuery.all().withRequestId(id));
        if (events.isEmpty()) {
            events = store.query(AuditQuery.all().withRequestIdPart(id));
        }
        ObjectNode body = F.objectNode();
        List<String> ids = events.stream().map(AuditEvent::requestId).distinct().toList();
        ids.forEach(body.putArray("requestIds")::add);
        ArrayNode out = body.putArray("events");
        if (ids.size() == 1) {
            // The same JSON `keyless audit --format json` prints, one object per event.
            for (String line : renderer.jsonLines(events).split("\n")) {
                if (!line.isBlank()) {
                    out.add(parse(line));
                }
            }
        }
        return json(ids.isEmpty() ? 404 : 200, body);
    }

    /** Allowed and denied per minute over the last hour. */
    HttpReply chart() {
        Instant now = clock.instant();
        Instant start = now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(CHART_MINUTES - 1));
        long[] allowed = new long[CHART_MINUTES];
        long[] denied = new long[CHART_MINUTES];
        for (AuditEvent e : keyless.auditStore().query(AuditQuery.all().withSince(start).withLimit(CHART_QUERY_LIMIT))) {
            if (!isExchange(e.kind())) {
                continue;
            }
            int i = (int) Duration.between(start, e.time()).toMinutes();
            if (i >= 0 && i < CHART_MINUTES) {
                if (e.decision() == AuditDecision.ALLOW) {
                    allowed[i]++;
                } else if (e.decision() == AuditDecision.DENY) {
                    denied[i]++;
                }
            }
        }
        ObjectNode body = F.objectNode();
        body.put("start", start.toString());
        ArrayNode minutes = body.putArray("minutes");
        for (int i = 0; i < CHART_MINUTES; i++) {
            minutes.addObject().put("minute", start.plus(Duration.ofMinutes(i)).toString()).put("allowed", allowed[i])
                    .put("denied", denied[i]);
        }
        return json(200, body);
    }

    private static boolean isExchange(AuditKind kind) {
        return switch (kind) {
            case AWS_ASSUME_ROLE_WITH_WEB_IDENTITY, GCP_TOKEN_EXCHANGE, GCP_GENERATE_ACCESS_TOKEN, GCP_GENERATE_ID_TOKEN -> true;
            default -> false;
        };
    }

    // ------------------------------------------------------------ trust

    HttpReply trust() {
        ObjectNode body = F.objectNode();
        List<TrustFinding> findings = new ConfigTrustLinter().lint(keyless.config());
        ArrayNode accounts = body.putArray("awsAccounts");
        for (AwsAccount account : aws.accounts().values()) {
            ObjectNode a = accounts.addObject().put("accountId", account.accountId())
                    .put("conditionKeys", account.conditionKeys().name().toLowerCase(Locale.ROOT));
            ArrayNode providers = a.putArray("providers");
            for (OidcProviderConfig p : account.openIdConnectProviders()) {
                ObjectNode n = providers.addObject().put("url", p.url()).put("arn", p.providerArn());
                p.clientIds().forEach(n.putArray("clientIds")::add);
                n.put("source", declaredInFile(account.accountId(), p) ? "keyless.yaml" : "IAM API");
            }
            ArrayNode roles = a.putArray("roles");
            for (RoleConfig r : account.roles().values()) {
                boolean api = aws.apiRole(account.accountId(), r.name()).isPresent();
                ObjectNode n = roles.addObject().put("name", r.name()).put("arn", r.arn())
                        .put("maxSessionDuration", r.maxSessionDuration()).put("source", api ? "IAM API" : "keyless.yaml")
                        .put("trustPolicy", pretty(r.assumeRolePolicyJson()));
                ArrayNode lint = n.putArray("findings");
                findings.stream().filter(f -> f.location().contains("roles." + r.name()) && f.location().contains(account.accountId()))
                        .forEach(f -> lint.addObject().put("severity", f.finding().severity().name())
                                .put("rule", f.finding().ruleId()).put("message", f.finding().message()));
            }
        }
        ArrayNode projects = body.putArray("gcpProjects");
        // The directory the STS and IAM Credentials decide with now: keyless.yaml merged with the
        // pools, providers and service accounts created through the IAM v1 API.
        for (GcpLiveDirectory.LiveProject project : gcp.get().projects()) {
            ObjectNode p = projects.addObject().put("projectId", project.projectId()).put("number", project.number());
            ArrayNode pools = p.putArray("pools");
            for (GcpLiveDirectory.LivePool live : project.pools()) {
                WorkloadIdentityPool pool = live.pool();
                ObjectNode pn = pools.addObject().put("id", pool.id()).put("disabled", pool.disabled())
                        .put("source", source(live.source()));
                ArrayNode providers = pn.putArray("providers");
                for (PoolProvider provider : pool.providers().values()) {
                    ObjectNode n = providers.addObject().put("id", provider.id()).put("disabled", provider.disabled())
                            .put("issuerUri", provider.issuerUri())
                            .put("source", source(live.providerSources().get(provider.id())))
                            .put("audience", "//iam.googleapis.com/projects/" + project.number()
                                    + "/locations/global/workloadIdentityPools/" + pool.id() + "/providers/" + provider.id());
                    provider.allowedAudiences().forEach(n.putArray("allowedAudiences")::add);
                    ObjectNode mapping = n.putObject("attributeMapping");
                    provider.attributeMapping().forEach(mapping::put);
                    provider.attributeCondition().ifPresent(c -> n.put("attributeCondition", c));
                }
            }
            ArrayNode sas = p.putArray("serviceAccounts");
            for (GcpLiveDirectory.LiveServiceAccount live : project.serviceAccounts()) {
                ServiceAccountConfig sa = live.account();
                ObjectNode n = sas.addObject().put("email", sa.email()).put("source", source(live.source()));
                ObjectNode bindings = n.putObject("bindings");
                sa.bindings().forEach((role, members) -> members.forEach(bindings.withArray(role)::add));
            }
            ArrayNode lint = p.putArray("findings");
            findings.stream().filter(f -> f.location().startsWith("gcp.projects." + project.projectId())
                            || f.location().startsWith("gcp.projects.\"" + project.projectId() + "\""))
                    .forEach(f -> lint.addObject().put("location", f.location())
                            .put("severity", f.finding().severity().name()).put("rule", f.finding().ruleId())
                            .put("message", f.finding().message()));
        }
        ArrayNode clients = body.putArray("ciClients");
        // Names and project globs only: the secret's digest stays out of the page too.
        keyless.config().issuer().clients().forEach(c -> {
            ObjectNode n = clients.addObject().put("name", c.name());
            c.projects().forEach(n.putArray("projects")::add);
        });
        return json(200, body);
    }

    /** The same words the AWS section uses for where a resource came from. */
    private static String source(GcpLiveDirectory.Source source) {
        return source == GcpLiveDirectory.Source.FILE ? "keyless.yaml" : "IAM API";
    }

    private boolean declaredInFile(String accountId, OidcProviderConfig provider) {
        AwsAccount declared = keyless.config().aws().accounts().get(accountId);
        return declared != null && declared.openIdConnectProviders().stream().anyMatch(p -> p.url().equals(provider.url()));
    }

    // ------------------------------------------------------------ keys

    HttpReply keys() {
        Instant now = clock.instant();
        ObjectNode body = F.objectNode();
        long maxAge = maxAgeSeconds();
        body.put("now", now.toString()).put("jwksMaxAgeSeconds", maxAge)
                .put("jwksCacheControl", DiscoveryDocument.JWKS_CACHE_CONTROL);
        Instant cachedUntil = now.plusSeconds(maxAge);
        ArrayNode keys = body.putArray("issuerKeys");
        for (KeyInfo k : keyless.keyRing().list()) {
            boolean published = k.state() != KeyState.EXPIRED;
            ObjectNode n = keys.addObject().put("kid", k.kid()).put("alg", k.alg().name())
                    .put("state", k.state().name().toLowerCase(Locale.ROOT)).put("created", k.created().toString())
                    .put("activated", k.activated().toString()).put("published", published);
            k.retireAfter().ifPresent(t -> n.put("unpublishAfter", t.toString()));
            // What a relying party that fetched the JWKS just now and caches it for max-age holds until then.
            n.put("inCachedJwks", published);
            n.put("cacheNote", cacheNote(k, now, cachedUntil, maxAge));
        }
        ArrayNode sealing = body.putArray("sealingKeys");
        int active = keyless.sealingKeys().activeKey().id();
        for (SealingKey k : keyless.sealingKeys().keys()) {
            ObjectNode n = sealing.addObject().put("id", k.id()).put("created", k.createdAt().toString())
                    .put("ageDays", Duration.between(k.createdAt(), now).toDays()).put("active", k.id() == active);
            k.retiredAt().ifPresent(t -> n.put("retired", t.toString()));
        }
        return json(200, body);
    }

    private static String cacheNote(KeyInfo k, Instant now, Instant cachedUntil, long maxAge) {
        return switch (k.state()) {
            case NEXT -> k.activated().isAfter(cachedUntil)
                    ? "published now; signs from " + k.activated() + ", after every cache of up to " + maxAge
                            + " s has refetched"
                    : "published now; signs from " + k.activated() + ", before a cache fetched at " + now
                            + " expires: such a cache refetches on the unknown kid";
            case ACTIVE -> "signing; in every cached copy fetched since it was published";
            case RETIRED -> "no longer signing; stays published" + k.retireAfter().map(t -> " until " + t).orElse("")
                    + " so tokens it signed still verify";
            case EXPIRED -> "unpublished; caches drop it within " + maxAge + " s";
        };
    }

    private static long maxAgeSeconds() {
        Matcher m = MAX_AGE.matcher(DiscoveryDocument.JWKS_CACHE_CONTROL);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** Rotation: the same calls as {@code keyless keys rotate}, audited as a {@code KEY_ROTATED} event. */
    HttpReply rotate(HttpCall call, ConsoleSessions.Session session) throws MalformedJsonException {
        JsonNode body = UntrustedJson.readObject(call.body());
        if (!body.path("confirm").asBoolean(false)) {
            return error(400, "rotation needs a confirmation: send {\"confirm\": true}");
        }
        String what = body.path("keys").asText("issuer");
        String result;
        if (what.equals("sealing")) {
            result = "new sealing key " + keyless.sealingKeys().rotate().id();
        } else if (what.equals("issuer")) {
            boolean now = body.path("now").asBoolean(false);
            Rotation r = keyless.keyRing().rotate(keyless.config().issuer().maxTtl(),
                    now ? SigningKeyRing.RotateMode.NOW : SigningKeyRing.RotateMode.PUBLISH_FIRST);
            result = switch (r) {
                case Rotation.Scheduled s -> "new key " + s.next().kid() + " (" + s.next().state().name()
                        .toLowerCase(Locale.ROOT) + ")";
                case Rotation.AlreadyPending p -> "a rotation is already pending: key " + p.pending().kid();
            };
        } else {
            return error(400, "keys: expected issuer or sealing");
        }
        keyless.audit().appendAndWait(AuditEvent.builder(clock.instant(), call.context().requestId(), AuditKind.KEY_ROTATED,
                AuditDecision.ALLOW).reason("rotated").message("console " + session.who() + ": " + result)
                .clientAddress(call.context().clientAddress()).userAgent(call.context().userAgent()).build());
        return json(200, F.objectNode().put("result", result));
    }

    // ------------------------------------------------------------ playground

    /** Mints with the issuer's own minter (as {@code keyless token}), audited as a minted token. */
    HttpReply mint(HttpCall call) throws MalformedJsonException {
        JsonNode body = UntrustedJson.readObject(call.body());
        String projectPath = body.path("projectPath").asText("").strip();
        String ref = body.path("ref").asText("").strip();
        String audience = body.path("audience").asText("").strip();
        if (projectPath.isEmpty() || ref.isEmpty() || audience.isEmpty()) {
            return error(400, "projectPath, ref and audience are required");
        }
        Optional<RefType> refType = RefType.fromWire(body.path("refType").asText("branch"));
        if (refType.isEmpty()) {
            return error(400, "refType: expected branch or tag");
        }
        var job = JobContext.builder(projectPath, ref).refType(refType.get())
                .refProtected(body.path("protected").asBoolean(false));
        String pipelineSource = body.path("pipelineSource").asText("").strip();
        if (!pipelineSource.isEmpty()) {
            job.pipelineSource(pipelineSource);
        }
        String environment = body.path("environment").asText("").strip();
        if (!environment.isEmpty()) {
            job.environment(new JobEnvironment(environment, false, JobEnvironment.guessTier(environment), "start"));
        }
        MintResult result;
        try {
            result = keyless.minter().mint(job.build(), Audience.of(audience));
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        if (!(result instanceof MintResult.Minted minted)) {
            return error(400, "cannot mint: " + result);
        }
        RequestContext ctx = call.context();
        keyless.audit().appendAndWait(IssuerAudit.minted(clock.instant(), ctx, minted.token(), "console:playground"));
        return json(200, F.objectNode().put("token", minted.token()));
    }

    /**
     * The token decoded and the decision {@code keyless explain} makes for it, as its JSON
     * ({@link ExplainRenderer#json}); the equivalent command lines to copy.
     */
    HttpReply explain(HttpCall call) throws MalformedJsonException {
        JsonNode body = UntrustedJson.readObject(call.body());
        String token = body.path("token").asText("").strip();
        if (token.isEmpty()) {
            return error(400, "paste a token or mint one");
        }
        ObjectNode out = F.objectNode();
        decode(token, out);
        String roleArn = body.path("roleArn").asText("").strip();
        String audienceText = body.path("audience").asText("").strip();
        String serviceAccount = body.path("serviceAccount").asText("").strip();
        ExplainReport report;
        ObjectNode commands = out.putObject("commands");
        if (!roleArn.isEmpty()) {
            report = new AwsExplainer(keyless).explain(token, AssumeRoleRequest.offline(roleArn, "keyless-explain",
                    Optional.of(token), 3600, Optional.empty()));
            commands.put("keyless", "keyless explain --token job.jwt --role-arn " + shellQuote(roleArn));
            commands.put("aws", "AWS_ENDPOINT_URL_STS=" + shellQuote(keyless.config().server().publicUrl().toString())
                    + " aws sts assume-role-with-web-identity --role-arn " + shellQuote(roleArn)
                    + " --role-session-name keyless-explain --web-identity-token file://job.jwt");
        } else if (!audienceText.isEmpty()) {
            Optional<ProviderAudience> audience = ProviderAudience.parse(audienceText);
            if (audience.isEmpty()) {
                return error(400, "audience: expected //iam.googleapis.com/projects/NUMBER/locations/global/"
                        + "workloadIdentityPools/POOL/providers/PROVIDER");
            }
            report = new GcpExplainer(keyless).explain(token, audience.get(),
                    Optional.of(serviceAccount).filter(s -> !s.isEmpty())).report();
            commands.put("keyless", "keyless explain --token job.jwt --audience " + shellQuote(audienceText)
                    + (serviceAccount.isEmpty() ? "" : " --service-account " + shellQuote(serviceAccount)));
            commands.put("gcloud", "gcloud iam workload-identity-pools create-cred-config "
                    + shellQuote(audienceText.substring("//iam.googleapis.com/".length()))
                    + (serviceAccount.isEmpty() ? "" : " --service-account=" + shellQuote(serviceAccount))
                    + " --credential-source-file=job.jwt --output-file=credentials.json");
        } else {
            return error(400, "choose an AWS role or a GCP provider");
        }
        out.set("report", new ExplainRenderer().json(report));
        return json(200, out);
    }

    /** Header and claims of a compact JWS, for display only: the decision verifies, this does not. */
    private static void decode(String token, ObjectNode out) {
        String[] parts = token.split("\\.", -1);
        for (int i = 0; i < 2; i++) {
            String name = i == 0 ? "header" : "claims";
            if (parts.length != 3) {
                out.put(name + "Error", "not a compact JWS (three dot-separated parts)");
                continue;
            }
            try {
                out.set(name, UntrustedJson.readObject(new String(Base64.getUrlDecoder().decode(parts[i]),
                        StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException | MalformedJsonException e) {
                out.put(name + "Error", "part " + (i + 1) + " is not base64url JSON");
            }
        }
    }

    /** POSIX shell single quotes: the copied command runs the values as given. */
    static String shellQuote(String s) {
        return s.matches("[A-Za-z0-9_./:=@%+,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    // ------------------------------------------------------------ helpers

    private static Optional<AuditKind> kind(String name) {
        try {
            return Optional.of(AuditKind.valueOf(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean contains(String value, String part) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
    }

    private static void putIfSet(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    private static String pretty(String json) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(json));
        } catch (Exception e) {
            return json;
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            return F.textNode(line);
        }
    }

    static HttpReply json(int status, JsonNode body) {
        return HttpReply.json(status, body.toString());
    }

    static HttpReply error(int status, String message) {
        return json(status, F.objectNode().put("error", message));
    }
}
