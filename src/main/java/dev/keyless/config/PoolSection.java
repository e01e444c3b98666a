package dev.keyless.config;

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

    private static final Pattern ID = Pattern.compile("[a-z0-9-]{4,32}");
    static final List<String> GOOGLE_ATTRIBUTES = List.of("google.subject", "google.groups", "google.display_name",
            "google.profile_photo", "google.posix_username");
    private static final Pattern CUSTOM_ATTRIBUTE = Pattern.compile("attribute\\.[a-z0-9_]{1,100}");
    private static final String CEL_HINT = "see the CEL language definition; claims are under assertion, e.g. assertion.sub";

    private final Checks checks;
    private final Problems problems;

    private final java.net.URI builtInIssuer;

    PoolSection(Checks checks, java.net.URI builtInIssuer) {
        this.builtInIssuer = builtInIssuer;
        this.checks = checks;
        this.problems = checks.problems();
    }

    Map<String, WorkloadIdentityPool> read(Map<String, ConfigFile.Pool> pools, KeyPath path) {
        Map<String, WorkloadIdentityPool> out = new LinkedHashMap<>();
        pools.forEach((id, written) -> {
            KeyPath at = path.key(id);
            checkId(id, at, "pool");
            ConfigFile.Pool pool = written == null ? new ConfigFile.Pool(null, null, null) : written;
            Optional<Duration> session = checks.duration(pool.sessionDuration(), at.key("sessionDuration"),
                    Duration.ofMinutes(2), Duration.ofHours(12));
            Map<String, PoolProvider> providers = new LinkedHashMap<>();
            Optional.ofNullable(pool.providers()).orElse(Map.of()).forEach((providerId, p) ->
                    provider(providerId, p == null ? new ConfigFile.Provider(null, null, null, null, null, null) : p,
                            at.key("providers").key(providerId)).ifPresent(provider -> providers.put(providerId, provider)));
            out.put(id, new WorkloadIdentityPool(id, Boolean.TRUE.equals(pool.disabled()), session, providers));
        });
        return out;
    }

    private void checkId(String id, KeyPath at, String what) {
        if (!ID.matcher(id).matches() || id.startsWith("gcp-")) {
            problems.addAtKey(at, "\"" + id + "\" is not a valid " + what + " id",
                    "use 4-32 lowercase letters, digits or hyphens, not starting with the reserved prefix gcp-");
        }
    }

    private Optional<PoolProvider> provider(String id, ConfigFile.Provider p, KeyPath at) {
        int problemsBefore = problems.count();
        checkId(id, at, "provider");
        // No issuerUri: the built-in issuer, so changing server.listen moves the provider with it.
        Optional<String> issuer = p.issuerUri() == null ? Optional.of(builtInIssuer.toString())
                : checks.httpUrl(p.issuerUri(), at.key("issuerUri")).map(Object::toString);
        List<String> audiences = Optional.ofNullable(p.allowedAudiences()).orElse(List.of());
        if (audiences.size() > 10 || audiences.stream().anyMatch(a -> a == null || a.isEmpty() || a.length() > 256)) {
            problems.add(at.key("allowedAudiences"), "expected at most 10 audiences of 1 to 256 characters",
                    "leave the list empty to accept the provider's own resource name as audience");
        }
        Optional<String> jwks = checks.jwksJson(p.jwksJson(), at.key("jwksJson"));
        Map<String, String> mapping = checks.required(p.attributeMapping(), at.key("attributeMapping"),
                "map at least google.subject, e.g. {google.subject: assertion.sub}")
                .map(m -> mapping(m, at.key("attributeMapping"))).orElse(Map.of());
        Optional<String> condition = Optional.ofNullable(p.attributeCondition());
        condition.filter(c -> c.isBlank() || c.length() > 4096).ifPresent(c -> problems.add(at.key("attributeCondition"),
                "the condition must be 1 to 4096 characters", "write a CEL boolean, e.g. assertion.namespace_path == \"mygroup\""));
        if (problems.count() > problemsBefore) {
            return Optional.empty(); // compiling would repeat what is already reported
        }
        Optional<CompiledMapping> compiled = compile(at, mapping, condition);
        return issuer.flatMap(i -> compiled.map(c -> new PoolProvider(id, Boolean.TRUE.equals(p.disabled()), i,
                audiences, jwks, mapping, condition, c)));
    }

    /** Each CEL problem is reported at the expression it is about ({@code <target>: message at line L, column C}). */
    private Optional<CompiledMapping> compile(KeyPath at, Map<String, String> mapping, Optional<String> condition) {
        try {
            return Optional.of(AttributeMapping.compile(at.toString(), mapping, condition));
        } catch (MappingCompileException e) {
            for (String problem : e.problems()) {
                String target = problem.substring(0, Math.max(problem.indexOf(": "), 0));
                if (mapping.containsKey(target)) {
                    problems.add(at.key("attributeMapping").key(target), "CEL: " + problem.substring(target.length() + 2),
                            CEL_HINT);
                } else if (target.equals("attributeCondition")) {
                    problems.add(at.key(target), "CEL: " + problem.substring(target.length() + 2), CEL_HINT);
                } else {
                    problems.add(at.key("attributeMapping"), "CEL: " + problem, CEL_HINT);
                }
            }
            return Optional.empty();
        }
    }

    private Map<String, String> mapping(Map<String, String> written, KeyPath path) {
        Map<String, String> out = new LinkedHashMap<>();
        written.forEach((attribute, expr) -> {
            KeyPath at = path.key(attribute);
            if (!GOOGLE_ATTRIBUTES.contains(attribute) && !CUSTOM_ATTRIBUTE.matcher(attribute).matches()) {
                problems.addAtKey(at, "\"" + attribute + "\" is not a mappable attribute",
                        Checks.didYouMean(attribute, GOOGLE_ATTRIBUTES) + "use " + String.join(", ", GOOGLE_ATTRIBUTES)
                                + " or attribute.NAME (NAME: 1-100 of a-z, 0-9, _)");
            }
            if (expr == null ? !problems.reported(at) : expr.isBlank() || expr.length() > 2048) {
                problems.add(at, "a mapping expression must be 1 to 2048 characters",
                        "write a CEL expression over assertion, e.g. assertion.sub");
            } else if (expr != null) {
                out.put(attribute, expr);
            }
        });
        if (!written.containsKey("google.subject")) {
            problems.add(path, "google.subject is not mapped",
                    "OIDC providers must map google.subject, e.g. google.subject: assertion.sub");
        }
        long custom = out.keySet().stream().filter(k -> k.startsWith("attribute.")).count();
        if (custom > 50) {
            problems.add(path, custom + " custom attributes; GCP allows at most 50",
                    "remove attributes that no binding or condition uses");
        }
        return out;
    }
}
