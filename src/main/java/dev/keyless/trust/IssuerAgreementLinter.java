package dev.keyless.trust;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyless.aws.policy.LintFinding;
import dev.keyless.config.AwsAccount;
import dev.keyless.config.GcpProject;
import dev.keyless.config.KeylessConfig;
import dev.keyless.config.OidcProviderConfig;
import dev.keyless.config.PoolProvider;
import dev.keyless.config.RoleConfig;
import dev.keyless.config.WorkloadIdentityPool;
import dev.keyless.json.MalformedJsonException;
import dev.keyless.json.UntrustedJson;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@value #RULE} (warning): a value that names this server — by its issuer's, public URL's or listen
 * address's host, or a loopback name while the issuer is on loopback — but with another host:port or
 * path than the built-in issuer's URL. A token's {@code iss} is compared as an exact string (OpenID
 * Connect Core 1.0, section 3.1.3.7, step 2), an IAM OIDC provider is found by that URL minus its
 * scheme, and its condition keys are {@code URL-minus-scheme:sub} (IAM User Guide, "Available keys for
 * AWS web identity federation"); so one such value pointing at an old port silently refuses every job.
 * Checked: {@code server.publicUrl} against {@code server.listen}, {@code issuer.url} against the
 * public URL, each AWS provider URL, each {@code Principal.Federated} provider ARN and each condition
 * key of each trust policy, and each GCP provider {@code issuerUri}. One finding per value.
 */
public final class IssuerAgreementLinter {
    public static final String RULE = "disagrees-with-issuer";
    private static final Pattern OIDC_PROVIDER_ARN = Pattern.compile("arn:aws:iam::[0-9]{12}:oidc-provider/(.+)");
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "::1", "[::1]", "0:0:0:0:0:0:0:1");

    public List<TrustFinding> lint(KeylessConfig config) {
        Issuer issuer = new Issuer(config);
        List<TrustFinding> out = new ArrayList<>();
        server(config, issuer, out);
        for (AwsAccount account : config.aws().accounts().values()) {
            String accountAt = TrustFinding.path(List.of("aws", "accounts", account.accountId()));
            List<OidcProviderConfig> providers = account.openIdConnectProviders();
            for (int i = 0; i < providers.size(); i++) {
                String url = providers.get(i).url();
                String at = TrustFinding.key(TrustFinding.key(accountAt, "openIdConnectProviders") + "[" + i + "]", "url");
                issuer.disagreement(url, true).ifPresent(why -> out.add(finding(at, "AWS OIDC provider URL " + url, why)));
            }
            for (RoleConfig role : account.roles().values()) {
                role(accountAt, role, issuer, out);
            }
        }
        for (GcpProject project : config.gcp().projects().values()) {
            for (WorkloadIdentityPool pool : project.pools().values()) {
                for (PoolProvider provider : pool.providers().values()) {
                    String at = TrustFinding.path(List.of("gcp", "projects", project.projectId(), "workloadIdentityPools",
                            pool.id(), "providers", provider.id(), "issuerUri"));
                    issuer.disagreement(provider.issuerUri(), true).ifPresent(why -> out.add(finding(at,
                            "GCP provider " + provider.id() + " issuerUri " + provider.issuerUri(), why)));
                }
            }
        }
        return List.copyOf(out);
    }

    /** A public URL on this machine whose port is not the one listened on points discovery at nothing. */
    private static void server(KeylessConfig config, Issuer issuer, List<TrustFinding> out) {
        URI publicUrl = config.server().publicUrl();
        int listenPort = config.server().listenPort();
        String listenHost = config.server().listenHost();
        if (listenPort != 0 && sameMachine(publicUrl.getHost(), listenHost) && port(publicUrl) != listenPort) {
            out.add(new TrustFinding("server.publicUrl", new LintFinding(LintFinding.Severity.WARNING, RULE, "",
                    "server.publicUrl " + publicUrl + " names port " + port(publicUrl) + " of this machine, but "
                            + "server.listen is " + config.server().listenHost() + ":" + listenPort
                            + ": discovery and every token's iss would point at the old port; remove publicUrl "
                            + "(it defaults to http://LISTEN) or give it the listen port")));
        }
        URI issuerUrl = config.issuer().url();
        if (!sameIssuer(issuerUrl.toString(), publicUrl.toString())
                && (sameMachine(issuerUrl.getHost(), publicUrl.getHost()) || sameMachine(issuerUrl.getHost(), listenHost))) {
            out.add(new TrustFinding("issuer.url", new LintFinding(LintFinding.Severity.WARNING, RULE, "",
                    "issuer.url " + issuerUrl + " names this machine but differs from server.publicUrl " + publicUrl
                            + ": clients fetch discovery and keys from the issuer URL; remove issuer.url (it defaults"
                            + " to server.publicUrl) or make the two equal")));
        }
    }

    private static void role(String accountAt, RoleConfig role, Issuer issuer, List<TrustFinding> out) {
        JsonNode policy;
        try {
            policy = UntrustedJson.readObject(role.assumeRolePolicyJson());
        } catch (MalformedJsonException e) {
            return; // the loader compiled it, so this does not happen; nothing to lint if it did
        }
        String policyAt = TrustFinding.key(TrustFinding.key(TrustFinding.key(accountAt, "roles"), role.name()),
                "assumeRolePolicy");
        JsonNode statements = policy.path("Statement");
        List<JsonNode> list = new ArrayList<>();
        if (statements.isArray()) {
            statements.forEach(list::add);
        } else {
            list.add(statements);
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode s = list.get(i);
            String at = TrustFinding.key(policyAt, "Statement") + (statements.isArray() ? "[" + i + "]" : "");
            String federatedAt = TrustFinding.key(TrustFinding.key(at, "Principal"), "Federated");
            for (JsonNode f : values(s.path("Principal").path("Federated"))) {
                var m = OIDC_PROVIDER_ARN.matcher(f.asText());
                if (m.matches()) {
                    issuer.disagreement("https://" + m.group(1), false).ifPresent(why -> out.add(finding(federatedAt,
                            "role " + role.name() + " Principal.Federated " + f.asText(), why + " (the provider ARN "
                                    + "should be arn:aws:iam::" + role.accountId() + ":oidc-provider/"
                                    + issuer.hostAndPath() + ")")));
                }
            }
            String conditionAt = TrustFinding.key(at, "Condition");
            s.path("Condition").properties().forEach(operator -> operator.getValue().properties().forEach(entry -> {
                String key = entry.getKey();
                int colon = key.lastIndexOf(':');
                if (colon <= 0) {
                    return;
                }
                issuer.disagreement("https://" + key.substring(0, colon), false).ifPresent(why -> out.add(finding(
                        TrustFinding.key(TrustFinding.key(conditionAt, operator.getKey()), key),
                        "role " + role.name() + " condition key " + key, why + " (write " + issuer.hostAndPath()
                                + key.substring(colon) + ")")));
            }));
        }
    }

    private static List<JsonNode> values(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(out::add);
        } else if (node.isTextual()) {
            out.add(node);
        }
        return out;
    }

    private static TrustFinding finding(String at, String what, String why) {
        return new TrustFinding(at, new LintFinding(LintFinding.Severity.WARNING, RULE, "", what + " " + why));
    }

    /** Whether {@code host} names the machine {@code known} names: the same name, or both loopback (or a wildcard bind). */
    private static boolean sameMachine(String host, String known) {
        String h = Issuer.lower(host);
        String k = Issuer.lower(known).replace("[", "").replace("]", "");
        boolean wildcard = k.equals("0.0.0.0") || k.equals("::");
        return !h.isEmpty() && (h.equals(k) || Issuer.isLoopback(h) && (wildcard || Issuer.isLoopback(k)));
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** Equal as an {@code iss}: the same string, a trailing slash aside. */
    private static boolean sameIssuer(String a, String b) {
        return a.replaceAll("/+$", "").equals(b.replaceAll("/+$", ""));
    }

    /** The built-in issuer and the names under which this server is known. */
    private static final class Issuer {
        private final String url;
        private final Set<String> selfHosts;
        private final boolean onLoopback;

        Issuer(KeylessConfig config) {
            this.url = config.issuer().url().toString();
            String issuerHost = lower(config.issuer().url().getHost());
            this.selfHosts = Set.copyOf(List.of(issuerHost, lower(config.server().publicUrl().getHost()),
                    lower(config.server().listenHost())));
            this.onLoopback = isLoopback(issuerHost);
        }

        String hostAndPath() {
            return OidcProviderConfig.stripSchemeOf(url).replaceAll("/+$", "");
        }

        boolean isSelf(String host) {
            String h = lower(host);
            return !h.isEmpty() && (selfHosts.contains(h) || onLoopback && isLoopback(h));
        }

        /**
         * Why {@code value} (a URL) names this server but not its issuer; empty when it agrees or names
         * another issuer. {@code withScheme}: an {@code iss} to match exactly (a provider URL, an
         * issuerUri); without, only host, port and path (an IAM provider ARN or condition key has no scheme).
         */
        Optional<String> disagreement(String value, boolean withScheme) {
            URI uri;
            try {
                uri = URI.create(value);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            if (!isSelf(uri.getHost())) {
                return Optional.empty();
            }
            String valueId = OidcProviderConfig.stripSchemeOf(value).replaceAll("/+$", "");
            if (withScheme ? sameIssuer(value, url) : valueId.equals(hostAndPath())) {
                return Optional.empty();
            }
            if (withScheme) {
                valueId = value;
            }
            return Optional.of("names " + valueId + " on this machine, but the built-in issuer's URL is " + url
                    + " (issuer.url, by default server.publicUrl, by default http://server.listen): tokens it signs"
                    + " never match " + valueId + " (unless it is another issuer on this machine)");
        }

        static boolean isLoopback(String host) {
            return LOOPBACK_NAMES.contains(host) || host.startsWith("127.");
        }

        static String lower(String s) {
            return s == null ? "" : s.toLowerCase(Locale.ROOT);
        }
    }
}
