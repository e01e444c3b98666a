package dev.keyless.config;

import dev.keyless.config.YamlNode.Entry;
import dev.keyless.config.YamlNode.MapNode;
import dev.keyless.gcp.mapping.AttributeMapping;
import dev.keyless.gcp.mapping.CompiledMapping;
import dev.keyless.gcp.mapping.MappingCompileException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads workload identity pools and their OIDC providers, with GCP's id rules and limits
 * (IAM API, workload identity pool providers). Each provider's CEL mapping and condition is compiled here, once
 * ({@code dev.keyless.gcp.mapping}); an expression that does not compile is a problem at its line.
 */
final class PoolSection {

    private static final List<String> POOL_KEYS = List.of("disabled", "sessionDuration", "providers");
    private static final List<String> PROVIDER_KEYS = List.of("disabled", "issuerUri", "allowedAudiences", "jwksJson",
            "attributeMapping", "attributeCondition");
    private static final Pattern ID = Pattern.compile("[a-z0-9-]{4,32}");
    static final List<String> GOOGLE_ATTRIBUTES = List.of("google.subject", "google.groups", "google.display_name",
            "google.profile_photo", "google.posix_username");
    private static final Pattern CUSTOM_ATTRIBUTE = Pattern.compile("attribute\\.[a-z0-9_]{1,100}");

    private final Problems problems;

    PoolSection(Problems problems) {
        this.problems = problems;
    }

    Map<String, WorkloadIdentityPool> read(MapNode pools, KeyPath path) {
        Map<String, WorkloadIdentityPool> out = new LinkedHashMap<>();
        for (Entry entry : pools.entries().values()) {
            KeyPath at = path.key(entry.key());
            checkId(entry, at, "pool");
            MapReader.of(entry.value(), at, problems, POOL_KEYS).ifPresent(r -> {
                Optional<Duration> session = r.duration("sessionDuration", Duration.ofMinutes(2), Duration.ofHours(12));
                Map<String, PoolProvider> providers = new LinkedHashMap<>();
                r.named("providers", "provider")
                        .ifPresent(m -> m.entries().values().forEach(e -> provider(e, r.path("providers"))
                                .ifPresent(p -> providers.put(p.id(), p))));
                out.put(entry.key(), new WorkloadIdentityPool(entry.key(), r.bool("disabled", false), session, providers));
            });
        }
        return out;
    }

    private void checkId(Entry entry, KeyPath at, String what) {
        if (!ID.matcher(entry.key()).matches() || entry.key().startsWith("gcp-")) {
            problems.add(entry.keyLocation(), at, "\"" + entry.key() + "\" is not a valid " + what + " id",
                    "use 4-32 lowercase letters, digits or hyphens, not starting with the reserved prefix gcp-");
        }
    }

    private Optional<PoolProvider> provider(Entry entry, KeyPath parent) {
        int problemsBefore = problems.count();
        KeyPath at = parent.key(entry.key());
        checkId(entry, at, "provider");
        Optional<MapReader> r = MapReader.of(entry.value(), at, problems, PROVIDER_KEYS);
        if (r.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> issuer = r.get().required("issuerUri", "give the issuer URL exactly as the token's iss")
                .flatMap(n -> Uris.httpUrl(n, r.get().path("issuerUri"), problems)).map(Object::toString);
        List<String> audiences = r.get().stringList("allowedAudiences").orElse(List.of());
        if (audiences.size() > 10 || audiences.stream().anyMatch(a -> a.isEmpty() || a.length() > 256)) {
            r.get().problem("allowedAudiences", "expected at most 10 audiences of 1 to 256 characters",
                    "leave the list empty to accept the provider's own resource name as audience");
        }
        Optional<String> jwks = r.get().node("jwksJson")
                .flatMap(n -> JsonValues.jwksJson(n, r.get().path("jwksJson"), problems));
        Map<String, String> mapping = r.get().required("attributeMapping",
                "map at least google.subject, e.g. {google.subject: assertion.sub}")
                .map(n -> mapping(n, r.get().path("attributeMapping"))).orElse(Map.of());
        Optional<String> condition = r.get().string("attributeCondition");
        condition.filter(c -> c.isBlank() || c.length() > 4096).ifPresent(c -> r.get().problem("attributeCondition",
                "the condition must be 1 to 4096 characters", "write a CEL boolean, e.g. assertion.namespace_path == \"mygroup\""));
        if (problems.count() > problemsBefore) {
            return Optional.empty(); // compiling would repeat what is already reported
        }
        Optional<CompiledMapping> compiled = compile(r.get(), at, mapping, condition);
        return issuer.flatMap(i -> compiled.map(c -> new PoolProvider(entry.key(), r.get().bool("disabled", false), i,
                audiences, jwks, mapping, condition, c)));
    }

    /** Each CEL problem is reported at the expression it is about ({@code <target>: message at line L, column C}). */
    private Optional<CompiledMapping> compile(MapReader r, KeyPath at, Map<String, String> mapping,
            Optional<String> condition) {
        try {
            return Optional.of(AttributeMapping.compile(at.toString(), mapping, condition));
        } catch (MappingCompileException e) {
            Optional<MapNode> mappingNode = r.node("attributeMapping").filter(MapNode.class::isInstance).map(MapNode.class::cast);
            for (String problem : e.problems()) {
                String target = problem.substring(0, Math.max(problem.indexOf(": "), 0));
                Optional<Entry> expression = mappingNode.map(m -> m.entries().get(target));
                if (expression.isPresent()) {
                    problems.add(expression.get().value().location(), r.path("attributeMapping").key(target),
                            "CEL: " + problem.substring(target.length() + 2), "see the CEL language definition; "
                                    + "claims are under assertion, e.g. assertion.sub");
                } else {
                    String key = target.equals("attributeCondition") ? target : "attributeMapping";
                    r.problem(key, "CEL: " + (key.equals(target) ? problem.substring(target.length() + 2) : problem),
                            "see the CEL language definition; claims are under assertion, e.g. assertion.sub");
                }
            }
            return Optional.empty();
        }
    }

    private Map<String, String> mapping(YamlNode node, KeyPath path) {
        Map<String, String> out = new LinkedHashMap<>();
        Optional<MapNode> map = MapReader.namedEntries(node, path, problems, "attribute");
        if (map.isEmpty()) {
            return out;
        }
        for (Entry e : map.get().entries().values()) {
            KeyPath at = path.key(e.key());
            if (!GOOGLE_ATTRIBUTES.contains(e.key()) && !CUSTOM_ATTRIBUTE.matcher(e.key()).matches()) {
                String suggestion = Suggestions.closest(e.key(), GOOGLE_ATTRIBUTES).map(s -> "did you mean \"" + s + "\"? ")
                        .orElse("");
                problems.add(e.keyLocation(), at, "\"" + e.key() + "\" is not a mappable attribute",
                        suggestion + "use " + String.join(", ", GOOGLE_ATTRIBUTES)
                                + " or attribute.NAME (NAME: 1-100 of a-z, 0-9, _)");
            }
            Values.string(e.value(), at, problems).ifPresent(expr -> {
                if (expr.isBlank() || expr.length() > 2048) {
                    problems.add(e.value().location(), at, "a mapping expression must be 1 to 2048 characters",
                            "write a CEL expression over assertion, e.g. assertion.sub");
                }
                out.put(e.key(), expr);
            });
        }
        if (map.get().entries().containsKey("google.subject") == false) {
            problems.add(node.location(), path, "google.subject is not mapped",
                    "OIDC providers must map google.subject, e.g. google.subject: assertion.sub");
        }
        long custom = out.keySet().stream().filter(k -> k.startsWith("attribute.")).count();
        if (custom > 50) {
            problems.add(node.location(), path, custom + " custom attributes; GCP allows at most 50",
                    "remove attributes that no binding or condition uses");
        }
        return out;
    }
}
