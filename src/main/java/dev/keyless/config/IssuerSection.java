package dev.keyless.config;

import dev.keyless.config.YamlNode.ListNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code issuer:} (GitLab docs, ID token authentication: the TTL and {@code sub} rules). */
final class IssuerSection {

    private static final List<String> KEYS = List.of("url", "defaultTtl", "maxTtl", "subClaimComponents",
            "signingAlgorithm", "rotationOverlap", "clients");
    private static final List<String> CLIENT_KEYS = List.of("name", "secretSha256", "projects");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern PROJECT_GLOB = Pattern.compile("[A-Za-z0-9_.*/-]+");
    private static final Duration MIN_TTL = Duration.ofSeconds(30);
    private static final Duration MAX_TTL = Duration.ofDays(7);

    private final Problems problems;

    IssuerSection(Problems problems) {
        this.problems = problems;
    }

    IssuerConfig read(Optional<YamlNode> node, URI publicUrl) {
        Optional<MapReader> r = node.flatMap(n -> MapReader.of(n, KeyPath.ROOT.key("issuer"), problems, KEYS));
        URI url = r.flatMap(m -> m.node("url").flatMap(n -> Uris.httpUrl(n, m.path("url"), problems))).orElse(publicUrl);
        Duration maxTtl = r.flatMap(m -> m.duration("maxTtl", MIN_TTL, MAX_TTL)).orElse(IssuerConfig.DEFAULT_MAX_TTL);
        Duration defaultTtl = r.flatMap(m -> m.duration("defaultTtl", MIN_TTL, MAX_TTL)).orElse(IssuerConfig.DEFAULT_TTL);
        if (defaultTtl.compareTo(maxTtl) > 0) {
            r.ifPresent(m -> m.problem("defaultTtl", "defaultTtl " + Durations.format(defaultTtl)
                    + " is longer than maxTtl " + Durations.format(maxTtl), "lower defaultTtl or raise maxTtl"));
        }
        List<String> components = r.flatMap(this::subComponents).orElse(IssuerConfig.DEFAULT_SUB_COMPONENTS);
        String algorithm = r.flatMap(m -> m.choice("signingAlgorithm", IssuerConfig.SIGNING_ALGORITHMS)).orElse("RS256");
        Duration overlap = r.flatMap(m -> m.duration("rotationOverlap", Duration.ZERO, Duration.ofDays(30))).orElse(maxTtl);
        if (overlap.compareTo(maxTtl) < 0) {
            r.ifPresent(m -> m.problem("rotationOverlap", "rotationOverlap " + Durations.format(overlap)
                    + " is shorter than maxTtl " + Durations.format(maxTtl)
                    + ": tokens signed by a retired key would stop verifying before they expire",
                    "set rotationOverlap to at least maxTtl, or leave it out (it defaults to maxTtl)"));
        }
        List<IssuerClient> clients = r.flatMap(m -> m.node("clients").map(n -> clients(n, m.path("clients"))))
                .orElse(List.of());
        return new IssuerConfig(url, defaultTtl, maxTtl, components, algorithm, overlap, clients);
    }

    /** GitLab docs, ID token authentication: allowed components, at least one, the first project_path or project_id. */
    private Optional<List<String>> subComponents(MapReader r) {
        Optional<List<String>> list = r.stringList("subClaimComponents");
        if (list.isEmpty()) {
            return Optional.empty();
        }
        KeyPath path = r.path("subClaimComponents");
        YamlNode node = r.node("subClaimComponents").orElseThrow();
        boolean ok = true;
        for (int i = 0; i < list.get().size(); i++) {
            YamlNode item = ((ListNode) node).items().get(i);
            ok &= Values.choice(item, path.index(i), problems, IssuerConfig.ALLOWED_SUB_COMPONENTS).isPresent();
        }
        if (list.get().isEmpty() || !List.of("project_path", "project_id").contains(list.get().get(0))) {
            problems.add(node.location(), path, "the first sub component must be project_path or project_id",
                    "start the list with project_path (GitLab's default) or project_id");
            ok = false;
        }
        if (new HashSet<>(list.get()).size() != list.get().size()) {
            problems.add(node.location(), path, "a sub component is listed twice", "list each component once");
            ok = false;
        }
        return ok ? list : Optional.empty();
    }

    private List<IssuerClient> clients(YamlNode node, KeyPath path) {
        if (!(node instanceof ListNode list)) {
            problems.add(node.location(), path, "expected a list of clients, got " + node.kind(),
                    "write - {name: ..., secretSha256: ..., projects: [...]} items");
            return List.of();
        }
        List<IssuerClient> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.items().size(); i++) {
            KeyPath at = path.index(i);
            YamlNode item = list.items().get(i);
            MapReader.of(item, at, problems, CLIENT_KEYS).flatMap(this::client).ifPresent(c -> {
                if (!names.add(c.name())) {
                    problems.add(item.location(), at.key("name"),
                            "client name \"" + c.name() + "\" is used twice", "give each CI client its own name");
                }
                out.add(c);
            });
        }
        return out;
    }

    private Optional<IssuerClient> client(MapReader r) {
        Optional<String> name = r.requiredString("name", "name the CI system, e.g. name: local-runner");
        name.filter(n -> !CLIENT_NAME.matcher(n).matches()).ifPresent(n -> r.problem("name",
                "client name \"" + n + "\" is not allowed", "use 1-64 letters, digits, '.', '_' or '-'"));
        Optional<String> secret = r.requiredString("secretSha256",
                "store the SHA-256 of the bearer secret: printf %s 'SECRET' | sha256sum");
        secret.filter(s -> !SHA256_HEX.matcher(s).matches()).ifPresent(s -> r.problem("secretSha256",
                "secretSha256 must be 64 hexadecimal characters, got " + s.length() + " characters",
                "store the hash, never the secret: printf %s 'SECRET' | sha256sum"));
        Optional<List<String>> projects = r.required("projects", "list the project paths it may mint for, e.g. [\"mygroup/*\"]")
                .flatMap(n -> Values.stringList(n, r.path("projects"), problems));
        projects.ifPresent(list -> {
            if (list.isEmpty()) {
                r.problem("projects", "the client may mint for no project", "list at least one glob, e.g. [\"mygroup/*\"]");
            }
            list.stream().filter(g -> !PROJECT_GLOB.matcher(g).matches()).forEach(g -> r.problem("projects",
                    "\"" + g + "\" is not a project path glob", "use letters, digits, '.', '_', '-', '/' and '*'"));
        });
        if (name.isEmpty() || secret.isEmpty() || projects.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new IssuerClient(name.get(), secret.get().toLowerCase(Locale.ROOT), projects.get()));
    }
}
