package dev.keyless.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Checks {@code aws:}: accounts, their IAM OIDC providers (IAM User Guide, OIDC identity providers) and roles. */
final class AwsSection {

    private static final KeyPath ACCOUNTS = KeyPath.ROOT.key("aws").key("accounts");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern THUMBPRINT = Pattern.compile("[0-9a-fA-F]{40}");

    private final Checks checks;
    private final Problems problems;
    private final ServerStoreSections files;
    private final RoleSection roles;
    private final URI issuer;

    /** @param issuer the built-in issuer's URL: the URL of a provider that gives none */
    AwsSection(Checks checks, ServerStoreSections files, URI issuer) {
        this.checks = checks;
        this.problems = checks.problems();
        this.files = files;
        this.issuer = issuer;
        this.roles = new RoleSection(checks, issuer);
    }

    AwsConfig read(ConfigFile.Aws aws) {
        Map<String, AwsAccount> out = new LinkedHashMap<>();
        if (aws != null && aws.accounts() != null) {
            aws.accounts().forEach((id, account) -> out.put(id, account(id, account == null
                    ? new ConfigFile.Account(null, null, null, null) : account)));
        }
        return new AwsConfig(out);
    }

    private AwsAccount account(String accountId, ConfigFile.Account a) {
        KeyPath path = ACCOUNTS.key(accountId);
        if (!ACCOUNT_ID.matcher(accountId).matches()) {
            problems.addAtKey(path, "\"" + accountId + "\" is not an AWS account id",
                    "an account id is exactly 12 digits; quote it (\"111122223333\") so YAML keeps leading zeros");
        }
        ConditionKeys keys = checks.choice(a.conditionKeys(), path.key("conditionKeys"), List.of("aws", "extended"))
                .map(k -> k.equals("aws") ? ConditionKeys.AWS : ConditionKeys.EXTENDED).orElse(ConditionKeys.AWS);
        List<OidcProviderConfig> providers = new ArrayList<>();
        Set<String> urls = new HashSet<>();
        List<ConfigFile.OidcProvider> written = Optional.ofNullable(a.openIdConnectProviders()).orElse(List.of());
        for (int i = 0; i < written.size(); i++) {
            KeyPath at = path.key("openIdConnectProviders").index(i);
            provider(written.get(i), at, accountId).ifPresent(p -> {
                if (!urls.add(p.url())) {
                    problems.add(at.key("url"), "a provider for " + p.url() + " is already configured in this account",
                            "IAM allows one provider per URL; merge their clientIds");
                }
                providers.add(p);
            });
        }
        Map<String, RoleConfig> roleMap = a.roles() == null ? Map.of()
                : roles.read(a.roles(), path.key("roles"), accountId, providers);
        return new AwsAccount(accountId, keys, Boolean.TRUE.equals(a.explainDenials()), providers, roleMap);
    }

    private Optional<OidcProviderConfig> provider(ConfigFile.OidcProvider p, KeyPath at, String accountId) {
        if (p == null) {
            return checks.required(null, at.key("clientIds"), "list the audiences tokens carry, e.g. [sts.amazonaws.com]");
        }
        // No url: the built-in issuer, so changing server.listen moves the provider with it.
        Optional<String> url = p.url() == null ? Optional.of(issuer.toString())
                : checks.httpUrl(p.url(), at.key("url")).map(Object::toString);
        url.filter(u -> u.length() > 255).ifPresent(u -> problems.add(at.key("url"),
                "the URL is longer than 255 characters", "IAM limits provider URLs to 255 characters"));
        List<String> clientIds = checks.required(p.clientIds(), at.key("clientIds"),
                "list the audiences tokens carry, e.g. [sts.amazonaws.com]").orElse(List.of());
        if (p.clientIds() != null && (clientIds.isEmpty() || clientIds.size() > 100)) {
            problems.add(at.key("clientIds"), "expected 1 to 100 client ids, got " + clientIds.size(),
                    "a token is accepted only when its aud is one of these; GitLab's AWS guide uses sts.amazonaws.com");
        }
        clientIds.stream().filter(c -> c == null || c.isEmpty() || c.length() > 255).forEach(c -> problems.add(
                at.key("clientIds"), "a client id must be 1 to 255 characters", "shorten or remove the empty entry"));
        List<String> thumbprints = Optional.ofNullable(p.thumbprints()).orElse(List.of());
        if (thumbprints.size() > 5 || thumbprints.stream().anyMatch(t -> t == null || !THUMBPRINT.matcher(t).matches())) {
            problems.add(at.key("thumbprints"), "expected at most 5 SHA-1 thumbprints of 40 hexadecimal characters",
                    "thumbprints are optional; leave them out unless the key endpoint uses a private CA");
        }
        Optional<JwksConfig> jwks = Optional.ofNullable(p.jwks()).flatMap(j -> jwks(j, at.key("jwks")));
        // A private CA for the key endpoint's TLS certificate: trusted for this provider only, in place
        // of the JDK trust store.
        Optional<Path> caFile = Optional.ofNullable(p.caFile()).map(files::resolve);
        caFile.filter(f -> !Files.isRegularFile(f)).ifPresent(f -> problems.add(at.key("caFile"),
                "file not found: " + f, "give the PEM file of the CA that signed the key endpoint's certificate"
                        + " (relative paths are relative to this file's folder)"));
        return url.map(u -> new OidcProviderConfig(accountId, u, clientIds, thumbprints, jwks, caFile));
    }

    private Optional<JwksConfig> jwks(ConfigFile.Jwks j, KeyPath at) {
        long given = Stream.of(j.file(), j.url(), j.json()).filter(v -> v != null).count();
        if (given != 1) {
            problems.add(at, "give exactly one of file, url or json (got " + given + ")",
                    "e.g. jwks: {file: ./issuer-jwks.json}");
            return Optional.empty();
        }
        if (j.file() != null) {
            return Optional.of(new JwksConfig.FromFile(files.resolve(j.file())));
        }
        if (j.url() != null) {
            return checks.httpUrl(j.url(), at.key("url")).map(JwksConfig.FromUrl::new);
        }
        return checks.jwksJson(j.json(), at.key("json")).map(JwksConfig.Inline::new);
    }
}
