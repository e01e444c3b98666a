package dev.keyless.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks {@code issuer:} (GitLab docs, ID token authentication: the TTL and {@code sub} rules). */
final class IssuerSection {

    private static final KeyPath ISSUER = KeyPath.ROOT.key("issuer");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern PROJECT_GLOB = Pattern.compile("[A-Za-z0-9_.*/-]+");
    private static final Duration MIN_TTL = Duration.ofSeconds(30);
    private static final Duration MAX_TTL = Duration.ofDays(7);

    private final Checks checks;
    private final Problems problems;

    IssuerSection(Checks checks) {
        this.checks = checks;
        this.problems = checks.problems();
    }

    IssuerConfig read(ConfigFile.Issuer issuer, URI publicUrl) {
        ConfigFile.Issuer i = issuer == null ? new ConfigFile.Issuer(null, null, null, null, null, null, null) : issuer;
        URI url = checks.httpUrl(i.url(), ISSUER.key("url")).orElse(publicUrl);
        Duration maxTtl = checks.duration(i.maxTtl(), ISSUER.key("maxTtl"), MIN_TTL, MAX_TTL)
                .orElse(IssuerConfig.DEFAULT_MAX_TTL);
        Duration defaultTtl = checks.duration(i.defaultTtl(), ISSUER.key("defaultTtl"), MIN_TTL, MAX_TTL)
                .orElse(IssuerConfig.DEFAULT_TTL);
        if (defaultTtl.compareTo(maxTtl) > 0) {
            problems.add(ISSUER.key("defaultTtl"), "defaultTtl " + Durations.format(defaultTtl)
                    + " is longer than maxTtl " + Durations.format(maxTtl), "lower defaultTtl or raise maxTtl");
        }
        List<String> components = Optional.ofNullable(i.subClaimComponents()).filter(this::subComponentsOk)
                .orElse(IssuerConfig.DEFAULT_SUB_COMPONENTS);
        String algorithm = checks.choice(i.signingAlgorithm(), ISSUER.key("signingAlgorithm"),
                IssuerConfig.SIGNING_ALGORITHMS).orElse("RS256");
        Duration overlap = checks.duration(i.rotationOverlap(), ISSUER.key("rotationOverlap"), Duration.ZERO,
                Duration.ofDays(30)).orElse(maxTtl);
        if (overlap.compareTo(maxTtl) < 0) {
            problems.add(ISSUER.key("rotationOverlap"), "rotationOverlap " + Durations.format(overlap)
                    + " is shorter than maxTtl " + Durations.format(maxTtl)
                    + ": tokens signed by a retired key would stop verifying before they expire",
                    "set rotationOverlap to at least maxTtl, or leave it out (it defaults to maxTtl)");
        }
        return new IssuerConfig(url, defaultTtl, maxTtl, components, algorithm, overlap,
                i.clients() == null ? List.of() : clients(i.clients()));
    }

    /** GitLab docs, ID token authentication: allowed components, at least one, the first project_path or project_id. */
    private boolean subComponentsOk(List<String> list) {
        KeyPath path = ISSUER.key("subClaimComponents");
        boolean ok = true;
        for (int i = 0; i < list.size(); i++) {
            ok &= list.get(i) != null
                    && checks.choice(list.get(i), path.index(i), IssuerConfig.ALLOWED_SUB_COMPONENTS).isPresent();
        }
        if (list.isEmpty() || !List.of("project_path", "project_id").contains(list.get(0))) {
            problems.add(path, "the first sub component must be project_path or project_id",
                    "start the list with project_path (GitLab's default) or project_id");
            ok = false;
        }
        if (new HashSet<>(list).size() != list.size()) {
            problems.add(path, "a sub component is listed twice", "list each component once");
            ok = false;
        }
        return ok;
    }

    private List<IssuerClient> clients(List<ConfigFile.Client> list) {
        List<IssuerClient> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            KeyPath at = ISSUER.key("clients").index(i);
            client(list.get(i) == null ? new ConfigFile.Client(null, null, null) : list.get(i), at).ifPresent(c -> {
                if (!names.add(c.name())) {
                    problems.add(at.key("name"), "client name \"" + c.name() + "\" is used twice",
                            "give each CI client its own name");
                }
                out.add(c);
            });
        }
        return out;
    }

    private Optional<IssuerClient> client(ConfigFile.Client c, KeyPath at) {
        Optional<String> name = checks.required(c.name(), at.key("name"), "name the CI system, e.g. name: local-runner");
        name.filter(n -> !CLIENT_NAME.matcher(n).matches()).ifPresent(n -> problems.add(at.key("name"),
                "client name \"" + n + "\" is not allowed", "use 1-64 letters, digits, '.', '_' or '-'"));
        Optional<String> secret = checks.required(c.secretSha256(), at.key("secretSha256"),
                "store the SHA-256 of the bearer secret: printf %s 'SECRET' | sha256sum");
        secret.filter(s -> !SHA256_HEX.matcher(s).matches()).ifPresent(s -> problems.add(at.key("secretSha256"),
                "secretSha256 must be 64 hexadecimal characters, got " + s.length() + " characters",
                "store the hash, never the secret: printf %s 'SECRET' | sha256sum"));
        Optional<List<String>> projects = checks.required(c.projects(), at.key("projects"),
                "list the project paths it may mint for, e.g. [\"mygroup/*\"]");
        projects.ifPresent(list -> {
            if (list.isEmpty()) {
                problems.add(at.key("projects"), "the client may mint for no project",
                        "list at least one glob, e.g. [\"mygroup/*\"]");
            }
            list.stream().filter(g -> g == null || !PROJECT_GLOB.matcher(g).matches()).forEach(g ->
                    problems.add(at.key("projects"), "\"" + g + "\" is not a project path glob",
                            "use letters, digits, '.', '_', '-', '/' and '*'"));
        });
        if (name.isEmpty() || secret.isEmpty() || projects.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new IssuerClient(name.get(), secret.get().toLowerCase(Locale.ROOT), projects.get()));
    }
}
