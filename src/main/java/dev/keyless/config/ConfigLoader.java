package dev.keyless.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads {@code keyless.yaml} into {@link KeylessConfig}, validating it once. Every problem in the
 * file is collected and reported together, each with file, line, column, key path and a hint;
 * nothing half-valid is ever returned.
 */
public final class ConfigLoader {

    private ConfigLoader() {}

    /**
     * Initialises the YAML binding (Jackson's reader for every configuration record, tens of
     * milliseconds) without reading anything, so a command can have it done on another core
     * while it starts ({@code cli.StartupWarmUp}).
     */
    public static void prepare() {
        YamlBinding.prepare();
    }

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
        ConfigFile.Root root = YamlBinding.bind(yaml, problems)
                .orElse(new ConfigFile.Root(null, null, null, null, null, null, null, null, null));
        Checks checks = new Checks(problems);
        ServerStoreSections serverStore = new ServerStoreSections(checks, baseDir);
        ServerConfig server = serverStore.server(root.server());
        IssuerConfig issuer = new IssuerSection(checks).read(root.issuer(), server.publicUrl());
        // One place for the address: server.listen gives publicUrl, publicUrl gives the issuer URL, and
        // the issuer URL is the default of every provider URL, issuerUri and ${keyless:issuer} below.
        KeylessConfig config = new KeylessConfig(baseDir, server, serverStore.store(root.store()), issuer,
                new AwsSection(checks, serverStore, issuer.url()).read(root.aws()),
                new GcpSection(checks, issuer.url()).read(root.gcp()),
                OperationsSections.audit(checks, root.audit()), OperationsSections.verification(checks, root.verification()),
                OperationsSections.logging(checks, root.logging()), OperationsSections.console(root.console()));
        problems.throwIfAny();
        return config;
    }

    private static Path baseDirOf(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return parent == null ? Path.of("").toAbsolutePath() : parent;
    }
}
