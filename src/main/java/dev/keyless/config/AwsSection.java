package dev.keyless.config;

import dev.keyless.config.YamlNode.Entry;
import dev.keyless.config.YamlNode.ListNode;
import dev.keyless.config.YamlNode.MapNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code aws:}: accounts, their IAM OIDC providers (IAM User Guide, OIDC identity providers) and roles. */
final class AwsSection {

    private static final List<String> AWS_KEYS = List.of("accounts");
    private static final List<String> ACCOUNT_KEYS = List.of("conditionKeys", "explainDenials",
            "openIdConnectProviders", "roles");
    private static final List<String> PROVIDER_KEYS = List.of("url", "clientIds", "thumbprints", "jwks", "caFile");
    private static final List<String> JWKS_KEYS = List.of("file", "url", "json");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern THUMBPRINT = Pattern.compile("[0-9a-fA-F]{40}");

    private final Problems problems;
    private final ServerStoreSections files;
    private final RoleSection roles;

    AwsSection(Problems problems, ServerStoreSections files) {
        this.problems = problems;
        this.files = files;
        this.roles = new RoleSection(problems);
    }

    AwsConfig read(Optional<YamlNode> node) {
        KeyPath path = KeyPath.ROOT.key("aws");
        Optional<MapNode> accounts = node.flatMap(n -> MapReader.of(n, path, problems, AWS_KEYS))
                .flatMap(r -> r.named("accounts", "AWS account (12-digit id)"));
        Map<String, AwsAccount> out = new LinkedHashMap<>();
        accounts.ifPresent(map -> map.entries().values().forEach(e -> account(e, path.key("accounts"))
                .ifPresent(a -> out.put(a.accountId(), a))));
        return new AwsConfig(out);
    }

    private Optional<AwsAccount> account(Entry entry, KeyPath parent) {
        KeyPath path = parent.key(entry.key());
        if (!ACCOUNT_ID.matcher(entry.key()).matches()) {
            problems.add(entry.keyLocation(), path, "\"" + entry.key() + "\" is not an AWS account id",
                    "an account id is exactly 12 digits; quote it (\"111122223333\") so YAML keeps leading zeros");
        }
        Optional<MapReader> r = MapReader.of(entry.value(), path, problems, ACCOUNT_KEYS);
        if (r.isEmpty()) {
            return Optional.empty();
        }
        String accountId = entry.key();
        ConditionKeys keys = r.get().choice("conditionKeys", List.of("aws", "extended"))
                .map(k -> k.equals("aws") ? ConditionKeys.AWS : ConditionKeys.EXTENDED).orElse(ConditionKeys.AWS);
        boolean explain = r.get().bool("explainDenials", false);
        List<OidcProviderConfig> providers = r.get().node("openIdConnectProviders")
                .map(n -> providers(n, r.get().path("openIdConnectProviders"), accountId)).orElse(List.of());
        Map<String, RoleConfig> roleMap = r.get().named("roles", "role")
                .map(m -> roles.read(m, r.get().path("roles"), accountId, providers)).orElse(Map.of());
        return Optional.of(new AwsAccount(accountId, keys, explain, providers, roleMap));
    }

    private List<OidcProviderConfig> providers(YamlNode node, KeyPath path, String accountId) {
        if (!(node instanceof ListNode list)) {
            problems.add(node.location(), path, "expected a list of OIDC providers, got " + node.kind(),
                    "write - url: https://issuer.example.com items");
            return List.of();
        }
        List<OidcProviderConfig> out = new ArrayList<>();
        Set<String> urls = new HashSet<>();
        for (int i = 0; i < list.items().size(); i++) {
            YamlNode item = list.items().get(i);
            KeyPath at = path.index(i);
            MapReader.of(item, at, problems, PROVIDER_KEYS).flatMap(r -> provider(r, accountId)).ifPresent(p -> {
                if (!urls.add(p.url())) {
                    problems.add(item.location(), at.key("url"), "a provider for " + p.url()
                            + " is already configured in this account", "IAM allows one provider per URL; merge their clientIds");
                }
                out.add(p);
            });
        }
        return out;
    }

    private Optional<OidcProviderConfig> provider(MapReader r, String accountId) {
        Optional<String> url = r.required("url", "give the issuer URL exactly as the token's iss, e.g. http://127.0.0.1:8080")
                .flatMap(n -> Uris.httpUrl(n, r.path("url"), problems)).map(Object::toString);
        url.filter(u -> u.length() > 255).ifPresent(u -> r.problem("url", "the URL is longer than 255 characters",
                "IAM limits provider URLs to 255 characters"));
        List<String> clientIds = r.required("clientIds", "list the audiences tokens carry, e.g. [sts.amazonaws.com]")
                .flatMap(n -> Values.stringList(n, r.path("clientIds"), problems)).orElse(List.of());
        if (r.node("clientIds").isPresent() && (clientIds.isEmpty() || clientIds.size() > 100)) {
            r.problem("clientIds", "expected 1 to 100 client ids, got " + clientIds.size(),
                    "a token is accepted only when its aud is one of these; GitLab's AWS guide uses sts.amazonaws.com");
        }
        clientIds.stream().filter(c -> c.isEmpty() || c.length() > 255).forEach(c -> r.problem("clientIds",
                "a client id must be 1 to 255 characters", "shorten or remove the empty entry"));
        List<String> thumbprints = r.stringList("thumbprints").orElse(List.of());
        if (thumbprints.size() > 5 || thumbprints.stream().anyMatch(t -> !THUMBPRINT.matcher(t).matches())) {
            r.problem("thumbprints", "expected at most 5 SHA-1 thumbprints of 40 hexadecimal characters",
                    "thumbprints are optional; leave them out unless the key endpoint uses a private CA");
        }
        Optional<JwksConfig> jwks = r.section("jwks", JWKS_KEYS).flatMap(this::jwks);
        // A private CA for the key endpoint's TLS certificate: trusted for this provider only, in place
        // of the JDK trust store.
        Optional<java.nio.file.Path> caFile = r.string("caFile").map(files::resolve);
        caFile.filter(f -> !java.nio.file.Files.isRegularFile(f)).ifPresent(f -> r.problem("caFile",
                "file not found: " + f, "give the PEM file of the CA that signed the key endpoint's certificate"
                        + " (relative paths are relative to this file's folder)"));
        return url.map(u -> new OidcProviderConfig(accountId, u, clientIds, thumbprints, jwks, caFile));
    }

    private Optional<JwksConfig> jwks(MapReader r) {
        long given = JWKS_KEYS.stream().filter(k -> r.node(k).isPresent()).count();
        if (given != 1) {
            problems.add(r.location(), r.path(), "give exactly one of file, url or json (got " + given + ")",
                    "e.g. jwks: {file: ./issuer-jwks.json}");
            return Optional.empty();
        }
        if (r.node("file").isPresent()) {
            return r.string("file").map(f -> new JwksConfig.FromFile(files.resolve(f)));
        }
        if (r.node("url").isPresent()) {
            return Uris.httpUrl(r.node("url").get(), r.path("url"), problems).map(JwksConfig.FromUrl::new);
        }
        return JsonValues.jwksJson(r.node("json").get(), r.path("json"), problems).map(JwksConfig.Inline::new);
    }
}
