package dev.keyless.cli;

import dev.keyless.config.ConfigException;
import dev.keyless.config.ConfigLoader;
import dev.keyless.config.KeylessConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every command that reads keyless.yaml shares. */
public final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "keyless.yaml",
            description = "Configuration file (default: ${DEFAULT-VALUE} in the current folder).")
    String file;

    public Path path(CliEnvironment env) {
        return env.resolve(file);
    }

    public KeylessConfig load(CliEnvironment env) throws ConfigException, UsageException {
        Path p = path(env);
        if (!Files.isRegularFile(p)) {
            throw new UsageException("keyless: config file " + p + " not found. Pass --config FILE, or run from the folder "
                    + "that holds keyless.yaml (the repository root has an example).");
        }
        return ConfigLoader.load(p);
    }
}
