package dev.keyless.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Loads {@code keyless.yaml} into {@link KeylessConfig}, validating it once. Every problem in the
 * file is collected and reported together, each with file, line, column, key path and a hint;
 * nothing half-valid is ever returned.
 */
public final class ConfigLoader {

    private static final List<String> TOP_LEVEL_KEYS = List.of("server", "store", "issuer", "aws", "gcp", "audit",
            "verification", "logging");

    private ConfigLoader() {}

    /** Reads and validates {@code file}; relative paths inside it resolve against its folder. */
    public static KeylessConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(file.toString(), 1, 1, "(document)",
                    "cannot read the config file: " + e.getClass().getSimpleName() + " " + e.getMessage(),
                    "check the path given with --config (default ./keyless.yaml)")));
        }
        return parse(text, file.toString(), baseDirOf(file));
    }

    /** Validates YAML text; {@code fileName} names it in messages and its folder is the base for relative paths. */
    public static KeylessConfig parse(String yaml, String fileName) throws ConfigException {
        return parse(yaml, fileName, baseDirOf(Path.of(fileName)));
    }

    private static KeylessConfig parse(String yaml, String fileName, Path baseDir) throws ConfigException {
        Problems problems = new Problems(fileName);
        Optional<YamlNode> root = new YamlTreeReader(problems).read(yaml);
        if (root.isEmpty()) {
            problems.throwIfAny();
        }
        Optional<MapReader> top = MapReader.of(root.orElseThrow(), KeyPath.ROOT, problems, TOP_LEVEL_KEYS);
        KeylessConfig config = build(top.orElse(null), problems, baseDir);
        problems.throwIfAny();
        return config;
    }

    private static KeylessConfig build(MapReader top, Problems problems, Path baseDir) {
        Optional<MapReader> r = Optional.ofNullable(top);
        ServerStoreSections serverStore = new ServerStoreSections(problems, baseDir);
        ServerConfig server = serverStore.server(r.flatMap(m -> m.section("server",
                List.of("listen", "publicUrl", "maxBodyBytes", "tls"))));
        StoreConfig store = serverStore.store(r.flatMap(m -> m.node("store")));
        IssuerConfig issuer = new IssuerSection(problems).read(r.flatMap(m -> m.node("issuer")), server.publicUrl());
        AwsConfig aws = new AwsSection(problems, serverStore).read(r.flatMap(m -> m.node("aws")));
        GcpConfig gcp = new GcpSection(problems).read(r.flatMap(m -> m.node("gcp")));
        OperationsSections ops = new OperationsSections(problems);
        return new KeylessConfig(baseDir, server, store, issuer, aws, gcp, ops.audit(r.flatMap(m -> m.node("audit"))),
                ops.verification(r.flatMap(m -> m.node("verification"))), ops.logging(r.flatMap(m -> m.node("logging"))));
    }

    private static Path baseDirOf(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return parent == null ? Path.of("").toAbsolutePath() : parent;
    }
}
