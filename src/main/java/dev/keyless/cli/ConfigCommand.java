package dev.keyless.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.keyless.Keyless;
import dev.keyless.config.KeylessConfig;
import dev.keyless.export.ConfigExport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code keyless config export}: the live configuration (file and API-created resources) as a keyless.yaml. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "The live configuration.",
        subcommands = {ConfigCommand.Export.class})
public final class ConfigCommand implements Callable<Integer> {
    private final CliEnvironment env;

    @Spec
    CommandSpec spec;

    public ConfigCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        env.err().println("keyless config: name a subcommand (export).");
        spec.commandLine().usage(env.err());
        return ExitCodes.USAGE;
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Print keyless.yaml merged with what the IAM APIs created, as a keyless.yaml.",
                "What keyless.yaml cannot express is named in comment lines. No secret is printed."})
    static final class Export implements Callable<Integer> {
        private final CliEnvironment env;
        @Mixin
        ConfigOption config;

        Export(CliEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            KeylessConfig loaded = config.load(env);
            // The file is valid (just loaded); its tree is re-read to keep the keys as written.
            JsonNode tree = new YAMLMapper().readTree(config.path(env).toFile());
            try (Keyless keyless = new Keyless(loaded, env.clock(), env.env())) {
                env.out().print(ConfigExport.render(tree, keyless.resources().load()));
                env.out().flush();
            }
            return ExitCodes.OK;
        }
    }
}
